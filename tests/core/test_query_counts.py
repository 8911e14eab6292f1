"""Every page and API that lists rows costs the same number of queries for
2 rows as for 12: no query per row, whoever reads it (citizen, official,
service-center staff, leader, database owner, the public, an agency's system)."""

from __future__ import annotations

import base64
import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.models import (
    ComplaintCategory,
    ComplaintEvent,
    ComplaintEvidence,
    ComplaintStatus,
    DisclosureStatus,
    Routing,
    Violation,
)
from datasources.models import CorrectionFlag, CorrectionRequest
from dossiers.api_access.clients import agency_client_create
from dossiers.models import (
    ActingBasis,
    Attachment,
    Authorisation,
    Channel,
    ComponentEvidence,
    ComponentEvidenceKind,
    DossierEvent,
    DossierStatus,
    ResultDocument,
)
from payments.models import PaymentMethod, PaymentStatus
from portal.accounts.models import Role, User
from portal.audit.models import AccessLog, AccessOutcome, PaymentAction
from portal.audit.services import payment_log_record
from portal.dashboards.reports_models import Report
from portal.notifications.models import Notification
from tests.accounts.factories import CitizenFactory, OfficialFactory, WardFactory
from tests.complaints.factories import ComplaintFactory, RoutingRuleFactory
from tests.dashboards.factories import payment
from tests.dossiers.factories import DossierFactory, SupplementRequestFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
    PublishedReplacementListFactory,
    ReplacementListEntryFactory,
    ReplacementListFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PDF = b"%PDF-1.4\n% test\n"
S = DossierStatus
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _cache_and_files_of_this_test(settings, tmp_path):
    """A cache no other test run clears meanwhile, fast secrets for the agency
    API (its hash is checked on every request), files in a temporary folder."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "query-counts",
        }
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def w(citizen, commune_official, center_staff, leader, data_owner, hong_bang_ward):
    """The people who read the lists and what the rows hang on."""
    procedure = ProcedureFactory(code="1.001193", name="Đăng ký khai sinh")
    return SimpleNamespace(
        citizen=citizen, official=commune_official, center_staff=center_staff, leader=leader,
        data_owner=data_owner, ward=hong_bang_ward, procedure=procedure,
        component=DossierComponentFactory(procedure=procedure),
        fee_dossier=_dossier(hong_bang_ward, procedure, citizen, S.FINANCIAL_OBLIGATION,
                             fee_vnd=8000),
        history_dossier=_dossier(hong_bang_ward, procedure, citizen, S.IN_PROCESSING),
        published=PublishedReplacementListFactory(agency=hong_bang_ward),
        staff_list=ReplacementListFactory(agency=hong_bang_ward, created_by=center_staff),
        draft=_dossier(hong_bang_ward, ProcedureFactory(), citizen, S.DRAFT),
        asked=_asked(hong_bang_ward, citizen, commune_official),
        correction=CorrectionRequest.objects.create(
            source="population", subject_personal_id=citizen.personal_id,
            field="permanent_address", recorded_value="Số 1 phố Cũ",
            owner_agency=data_owner.agency,
        ),
        complaint=ComplaintFactory(reporter=citizen, unit=hong_bang_ward,
                                   responsible_agency=hong_bang_ward,
                                   status=ComplaintStatus.IN_HANDLING),
    )  # fmt: skip


def _dossier(unit, procedure, applicant, status=S.SUBMITTED, **extra):
    number = next(_numbers)
    draft = status == S.DRAFT
    return DossierFactory(
        procedure=procedure, agency=unit, applicant=applicant, status=status,
        code=None if draft else f"{unit.code}-261124-{number:04d}",
        submitted_at=None if draft else timezone.now(),
        due_date=timezone.localdate() + datetime.timedelta(days=number % 5 - 2), **extra,
    )  # fmt: skip


def _asked(unit, applicant, official):
    asked = SupplementRequestFactory(
        dossier__procedure=ProcedureFactory(), dossier__agency=unit, dossier__applicant=applicant,
        requested_by=official,
    )  # fmt: skip
    return asked.dossier


# How each list gets `n` more rows of the kind it shows, visible to its reader.


def _my_dossiers(w, n):
    for i in range(n):
        # Each on its own procedure: a row's procedure must not cost a query.
        procedure = ProcedureFactory()
        _dossier(w.ward, procedure, w.citizen, list(S)[i % len(S)],
                 channel=[Channel.ONLINE, Channel.COUNTER][i % 2])  # fmt: skip
    for i in range(n // 2):
        # A draft for another whose authorisation ended (revoked, or expired):
        # how it ended must not cost a query per row either.
        principal, procedure = CitizenFactory(), ProcedureFactory()
        authorisation = Authorisation.objects.create(
            principal=principal, agent_personal_id=w.citizen.personal_id, procedure=procedure,
            valid_from=datetime.date(2026, 1, 1), valid_until=datetime.date(2026, 2, 1),
            revoked_at=timezone.now() if i % 2 else None,
        )  # fmt: skip
        _dossier(w.ward, procedure, w.citizen, S.DRAFT, subject_personal_id=principal.personal_id,
                 acting_basis=ActingBasis.AUTHORISATION, authorisation=authorisation)  # fmt: skip


def _home_of_citizen(w, n):
    _my_dossiers(w, n)
    _notifications(w.citizen)(w, n)
    _accesses(w, n)


def _notifications(user_of):
    def add(w, n):
        user = user_of if not isinstance(user_of, str) else getattr(w, user_of)
        for i in range(n):
            Notification.objects.create(user=user, title=f"Thông báo {i}", url="/dossiers/")

    return add


def _accesses(w, n):
    for i in range(n):
        official = OfficialFactory(agency=WardFactory(parent=w.ward.parent))
        dossier = _dossier(official.agency, w.procedure, w.citizen)
        AccessLog.objects.create(
            actor=official, actor_agency=official.agency, subject_personal_id=w.citizen.personal_id,
            source="population", fields=["full_name"], purpose_type="dossier",
            purpose_id=str(dossier.pk), purpose_label=dossier.code,
            outcome=[AccessOutcome.OK, AccessOutcome.FAILED][i % 2], elapsed_ms=120,
        )  # fmt: skip


def _results(w, n):
    for i in range(n):
        dossier = _dossier(WardFactory(parent=w.ward.parent), ProcedureFactory(), w.citizen,
                           S.RESULT_RETURNED)  # fmt: skip
        child = CitizenFactory()  # every other one issued for someone the citizen acted for
        result = ResultDocument(
            dossier=dossier, title="Trích lục", sha256="0" * 64, issued_by=w.official,
            subject_personal_id=w.citizen.personal_id if i % 2 else child.personal_id,
            returned_at=timezone.now(),
        )  # fmt: skip
        result.file.save("ket-qua.pdf", ContentFile(PDF))


def _authorisations(w, n):
    for i in range(n):
        other = CitizenFactory()
        given = i % 2 == 0
        Authorisation.objects.create(
            principal=w.citizen if given else other,
            agent_personal_id=other.personal_id if given else w.citizen.personal_id,
            procedure=ProcedureFactory(), valid_from=datetime.date(2026, 1, 1),
            valid_until=datetime.date(2027, 1, 1),
        )  # fmt: skip


def _my_complaints(w, n):
    for _i in range(n):
        unit = WardFactory(parent=w.ward.parent)
        ComplaintFactory(reporter=w.citizen, unit=unit, responsible_agency=unit,
                         procedure=ProcedureFactory())  # fmt: skip


def _queue(w, n):
    for i in range(n):
        status = [S.SUBMITTED, S.IN_PROCESSING][i % 2]
        _dossier(w.ward, ProcedureFactory(), CitizenFactory(), status,
                 assigned_to=OfficialFactory(agency=w.ward) if i % 2 else None)  # fmt: skip


def _queue_of_a_name(w, n):
    for _i in range(n):
        _dossier(w.ward, ProcedureFactory(), CitizenFactory(full_name="Nguyễn Thị Mai"))


def _desk(w, n):
    for _i in range(n):
        _dossier(w.ward, ProcedureFactory(), CitizenFactory(), S.DRAFT, channel=Channel.COUNTER,
                 assigned_to=w.official)  # fmt: skip
        _dossier(w.ward, ProcedureFactory(), CitizenFactory(), S.FINANCIAL_OBLIGATION,
                 fee_vnd=8000, channel=Channel.COUNTER)  # fmt: skip


def _payments(w, n):
    for i in range(n):
        paid = payment(w.fee_dossier, status=[PaymentStatus.FAILED, PaymentStatus.PAID][i % 2],
                       method=[PaymentMethod.ONLINE, PaymentMethod.CASH][i % 2])  # fmt: skip
        if i % 2:
            paid.receipt_number = f"BL-{next(_numbers)}"
            paid.taken_by = OfficialFactory(agency=w.ward)
            paid.save()


def _payment_log(w, n):
    for _i in range(n):
        dossier = _dossier(w.ward, w.procedure, CitizenFactory(), S.FINANCIAL_OBLIGATION,
                           fee_vnd=8000)  # fmt: skip
        paid = payment(dossier, method=PaymentMethod.CASH)
        payment_log_record(action=PaymentAction.TAKEN_AT_DESK, actor=OfficialFactory(agency=w.ward),
                           payment=paid)  # fmt: skip


def _history(w, n):
    for i in range(n):
        DossierEvent.objects.create(
            dossier=w.history_dossier, action="assign", from_status=S.IN_PROCESSING,
            to_status=S.IN_PROCESSING, actor=OfficialFactory(agency=w.ward),
            reason=f"Lần {i}",
        )  # fmt: skip


def _attachments(of: str):
    def add(w, n):
        dossier = getattr(w, of)
        for i in range(n):
            component = DossierComponentFactory(procedure=dossier.procedure)
            if i % 2:
                ElectronicReplacementFactory(component=component)
                continue
            attachment = Attachment(
                dossier=dossier, component=component, original_name=f"giay-to-{i}.pdf",
                content_type="application/pdf", size=len(PDF), sha256="0" * 64,
                uploaded_by=dossier.applicant,
            )  # fmt: skip
            attachment.file.save("giay-to.pdf", ContentFile(PDF))

    return add


def _items_asked(w, n):
    supplement = w.asked.supplements.get()
    for i in range(n):
        component = DossierComponentFactory(procedure=w.asked.procedure)
        supplement.components.add(component)
        if i % 2:
            attachment = Attachment(
                dossier=w.asked, component=component, original_name=f"bo-sung-{i}.pdf",
                content_type="application/pdf", size=len(PDF), sha256="0" * 64,
                uploaded_by=w.citizen,
            )  # fmt: skip
            attachment.file.save("bo-sung.pdf", ContentFile(PDF))


def _complaint_history(w, n):
    for i in range(n):
        ComplaintEvent.objects.create(
            complaint=w.complaint, action="note", from_status=ComplaintStatus.IN_HANDLING,
            to_status=ComplaintStatus.IN_HANDLING, actor=OfficialFactory(agency=w.ward),
            note=f"Đã liên hệ lần {i}",
        )  # fmt: skip
        Routing.objects.create(
            complaint=w.complaint, agency=w.ward, official=OfficialFactory(agency=w.ward),
            automatic=False, rule=RoutingRuleFactory(target_agency=w.ward), by=w.center_staff,
            reason="Chuyển đúng đơn vị",
        )  # fmt: skip
        evidence = ComplaintEvidence(complaint=w.complaint, original_name=f"anh-{i}.pdf",
                                     content_type="application/pdf", size=len(PDF),
                                     sha256="0" * 64)  # fmt: skip
        evidence.file.save("anh.pdf", ContentFile(PDF))


def _units(w, n):
    for _i in range(n):
        WardFactory(parent=w.ward.parent)


def _wards_with_dossiers(w, n):
    for _i in range(n):
        ward = WardFactory(parent=w.ward.parent)
        dossier = _dossier(ward, w.procedure, CitizenFactory(), S.RESULT_READY,
                           channel=Channel.ONLINE)  # fmt: skip
        ComponentEvidence.objects.create(dossier=dossier, component=w.component,
                                         kind=ComponentEvidenceKind.DATA)  # fmt: skip
        complaint = ComplaintFactory(unit=ward, responsible_agency=ward)
        Violation.objects.create(complaint=complaint, category=complaint.category, unit=ward)


def _received(w, n):
    for _i in range(n):
        ward = WardFactory(parent=w.ward.parent)
        _dossier(ward, ProcedureFactory(), CitizenFactory(), S.RECEIVED)


def _open_complaints(w, n):
    for _i in range(n):
        ward = WardFactory(parent=w.ward.parent)
        ComplaintFactory(unit=ward, responsible_agency=w.ward, procedure=ProcedureFactory(),
                         assigned_to=OfficialFactory(agency=w.ward))  # fmt: skip


def _corrections(w, n):
    for i in range(n):
        correction = CorrectionRequest.objects.create(
            source="population", subject_personal_id=CitizenFactory().personal_id,
            field=["permanent_address", "full_name"][i % 2], recorded_value="Số 1 phố Cũ",
            owner_agency=w.data_owner.agency,
        )  # fmt: skip
        for flagger in (OfficialFactory(agency=w.ward), OfficialFactory(agency=w.ward)):
            dossier = _dossier(w.ward, w.procedure, CitizenFactory())
            CorrectionFlag.objects.create(
                request=correction, flagged_by=flagger, purpose_type="dossier",
                purpose_id=dossier.reference,
            )  # fmt: skip


def _flags(w, n):
    for _i in range(n):
        dossier = _dossier(w.ward, w.procedure, CitizenFactory())
        CorrectionFlag.objects.create(
            request=w.correction, flagged_by=OfficialFactory(agency=w.ward),
            purpose_type="dossier", purpose_id=dossier.reference,
        )  # fmt: skip


def _reports(w, n):
    for i in range(n):
        start = datetime.date(2026, 1, 5) + datetime.timedelta(weeks=i)
        report = Report(kind="weekly", agency=WardFactory(parent=w.ward.parent),
                        period_start=start, period_end=start + datetime.timedelta(days=6),
                        generated_at=timezone.now())  # fmt: skip
        report.csv_file.save("bao-cao.csv", ContentFile(b"a,b\n1,2\n"))


def _violations(w, n):
    for i in range(n):
        ward = WardFactory(parent=w.ward.parent)
        complaint = ComplaintFactory(unit=ward, responsible_agency=ward)
        Violation.objects.create(complaint=complaint, category=complaint.category, unit=ward,
                                 official=OfficialFactory(agency=ward),
                                 acted_by=w.leader if i % 2 else None)  # fmt: skip


def _to_review(w, n):
    for _i in range(n):
        ward = WardFactory(parent=w.ward.parent)
        ComplaintFactory(unit=ward, responsible_agency=ward, status=ComplaintStatus.CONCLUDED,
                         disclosure_status=DisclosureStatus.PENDING, concluded_at=timezone.now(),
                         procedure=ProcedureFactory())  # fmt: skip


def _disclosed(w, n):
    for _i in range(n):
        ward = WardFactory(parent=w.ward.parent)
        ComplaintFactory(
            unit=ward, responsible_agency=ward, status=ComplaintStatus.CONCLUDED,
            disclosure_status=DisclosureStatus.PUBLISHED, concluded_at=timezone.now(),
            disclosed_at=timezone.now(), disclosed_text="Đã chấn chỉnh cán bộ.",
        )  # fmt: skip


def _rules(w, n):
    for _i in range(n):
        ward = WardFactory(parent=w.ward.parent)
        RoutingRuleFactory(target_agency=ward, unit=ward, procedure=ProcedureFactory(),
                           target_official=OfficialFactory(agency=ward))  # fmt: skip


def _replaced_procedures(w, n):
    for _i in range(n):
        ReplacementListEntryFactory(replacement_list=w.published)


def _staff_lists(w, n):
    for _i in range(n):
        ward = WardFactory(parent=w.ward.parent)
        ReplacementListEntryFactory(replacement_list=ReplacementListFactory(
            agency=ward, created_by=w.center_staff))  # fmt: skip


def _staff_entries(w, n):
    for _i in range(n):
        ReplacementListEntryFactory(replacement_list=w.staff_list)


def _catalog(w, n):
    for _i in range(n):
        component = DossierComponentFactory(procedure=ProcedureFactory())
        ElectronicReplacementFactory(component=component)


def _components(w, n):
    for _i in range(n):
        ElectronicReplacementFactory(component=DossierComponentFactory(procedure=w.procedure))


def _published_lists(w, n):
    for _i in range(n):
        ward = WardFactory(parent=w.ward.parent)
        ReplacementListEntryFactory(replacement_list=PublishedReplacementListFactory(agency=ward))


@dataclass(frozen=True)
class Listing:
    name: str
    reader: str  # who reads it: a persona of `w`, "public", "admin" or "agency"
    url: str | Callable[[SimpleNamespace], str]
    add: Callable[[SimpleNamespace, int], None]

    def address(self, w) -> str:
        return self.url(w) if callable(self.url) else self.url


PERIOD = "period=month"
LISTINGS = [
    # The citizen.
    Listing("my dossiers", "citizen", "/dossiers/", _my_dossiers),
    Listing("citizen's home", "citizen", "/accounts/home/", _home_of_citizen),
    Listing("document store", "citizen", "/dossiers/documents-store/", _results),
    Listing("who used my data", "citizen", "/data/my-data-access/", _accesses),
    Listing("my complaints", "citizen", "/complaints/", _my_complaints),
    Listing("authorisations", "citizen", "/dossiers/authorisations/", _authorisations),
    Listing("notifications", "citizen", "/accounts/messages/", _notifications("citizen")),
    Listing(
        "fee and payments",
        "citizen",
        lambda w: f"/payments/dossiers/{w.fee_dossier.pk}/",
        _payments,
    ),  # fmt: skip
    Listing(
        "dossier history", "citizen", lambda w: f"/dossiers/{w.history_dossier.pk}/", _history
    ),  # fmt: skip
    Listing(
        "a draft's documents",
        "citizen",
        lambda w: f"/dossiers/{w.draft.pk}/documents/",
        _attachments("draft"),
    ),  # fmt: skip
    Listing(
        "complaint tracking",
        "citizen",
        lambda w: f"/complaints/{w.complaint.code}/",
        _complaint_history,
    ),  # fmt: skip
    Listing(
        "items asked for",
        "citizen",
        lambda w: f"/dossiers/{w.asked.pk}/supplement/",
        _items_asked,
    ),  # fmt: skip
    Listing("API: my dossiers", "citizen", "/api/dossiers/", _my_dossiers),
    Listing(
        "API: items asked for", "citizen", lambda w: f"/api/dossiers/{w.asked.pk}/", _items_asked
    ),  # fmt: skip
    Listing(
        "API: a dossier's history",
        "citizen",
        lambda w: f"/api/dossiers/{w.history_dossier.pk}/",
        _history,
    ),  # fmt: skip
    Listing(
        "API: complaint tracking",
        "citizen",
        lambda w: f"/api/complaints/{w.complaint.code}/",
        _complaint_history,
    ),  # fmt: skip
    Listing("API: who used my data", "citizen", "/api/datasources/access-log/", _accesses),
    Listing("API: my complaints", "citizen", "/api/complaints/mine/", _my_complaints),
    # The official.
    Listing("queue", "official", "/workspace/", _queue),
    Listing("queue searched by code", "official", "/workspace/?q=11311-261124", _queue),
    Listing(
        "queue searched by name",
        "official",
        "/workspace/?q=nguyen+thi+mai&status=all",
        _queue_of_a_name,
    ),  # fmt: skip
    Listing("desk", "official", "/workspace/counter/", _desk),
    Listing(
        "payments at the desk",
        "official",
        lambda w: f"/payments/dossiers/{w.fee_dossier.pk}/",
        _payments,
    ),  # fmt: skip
    Listing("staff home", "official", "/accounts/home/", _notifications("official")),
    Listing(
        "official's notifications", "official", "/accounts/messages/", _notifications("official")
    ),  # fmt: skip
    Listing(
        "workspace dossier history",
        "official",
        lambda w: f"/workspace/{w.history_dossier.pk}/",
        _history,
    ),  # fmt: skip
    Listing(
        "workspace dossier documents",
        "official",
        lambda w: f"/workspace/{w.history_dossier.pk}/",
        _attachments("history_dossier"),
    ),
    Listing(
        "supplement panel",
        "official",
        lambda w: f"/workspace/supplements/{w.asked.pk}/",
        _items_asked,
    ),  # fmt: skip
    Listing("complaint queue", "official", "/workspace/complaints/", _open_complaints),
    Listing(
        "complaint queue searched by code",
        "official",
        "/workspace/complaints/?q=PAKN-2611&status=all",
        _open_complaints,
    ),  # fmt: skip
    Listing(
        "complaint handling",
        "official",
        lambda w: f"/workspace/complaints/{w.complaint.code}/",
        _complaint_history,
    ),
    Listing("API: complaint queue", "official", "/api/complaints/handling/", _open_complaints),
    Listing("API: agency queue", "agency", "/api/agency/dossiers/", _queue),
    Listing(
        "API: agency dossier history",
        "agency",
        lambda w: f"/api/agency/dossiers/{w.history_dossier.pk}/history/",
        _history,
    ),  # fmt: skip
    Listing("payments log", "admin", "/admin/audit/paymentlog/", _payment_log),
    Listing("payments", "admin", "/admin/payments/payment/", _payment_log),
    Listing("access log", "admin", "/admin/audit/accesslog/", _accesses),
    Listing("dossiers", "admin", "/admin/dossiers/dossier/", _queue),
    Listing("complaints", "admin", "/admin/complaints/complaint/", _open_complaints),
    Listing(
        "a complaint's history in the admin",
        "admin",
        lambda w: f"/admin/complaints/complaint/{w.complaint.pk}/change/",
        _complaint_history,
    ),  # fmt: skip
    Listing(
        "correction requests", "admin", "/admin/datasources/correctionrequest/", _corrections
    ),  # fmt: skip
    Listing("routing rules in the admin", "admin", "/admin/complaints/routingrule/", _rules),
    Listing("procedures", "admin", "/admin/procedures/procedure/", _catalog),
    Listing(
        "replacement lists in the admin",
        "admin",
        "/admin/procedures/replacementlist/",
        _staff_lists,
    ),  # fmt: skip
    Listing(
        "a correction request's flags",
        "admin",
        lambda w: f"/admin/datasources/correctionrequest/{w.correction.pk}/change/",
        _flags,
    ),  # fmt: skip
    Listing(
        "a procedure's components",
        "admin",
        lambda w: f"/admin/procedures/procedure/{w.procedure.pk}/change/",
        _components,
    ),
    Listing(
        "a replacement list's entries",
        "admin",
        lambda w: f"/admin/procedures/replacementlist/{w.staff_list.pk}/change/",
        _staff_entries,
    ),  # fmt: skip
    Listing("users", "admin", "/admin/accounts/user/", _queue),
    # The leader.
    Listing("leader's home", "leader", "/accounts/home/", _units),
    Listing("dashboard", "leader", f"/dashboards/?{PERIOD}", _wards_with_dossiers),
    Listing(
        "records behind a number",
        "leader",
        f"/dashboards/records/dossiers_received/?{PERIOD}",
        _received,
    ),  # fmt: skip
    Listing(
        "records behind open complaints",
        "leader",
        f"/dashboards/breakdowns/complaints_open/?key={ComplaintCategory.REPROVIDE_DATA}&{PERIOD}",
        _open_complaints,
    ),  # fmt: skip
    Listing(
        "records behind open corrections",
        "leader",
        f"/dashboards/breakdowns/corrections_open/?key=population&{PERIOD}",
        _corrections,
    ),
    Listing(
        "records behind lookups",
        "leader",
        f"/dashboards/breakdowns/lookups/?key=population&{PERIOD}",
        _accesses,
    ),  # fmt: skip
    Listing(
        "records behind replaced procedures",
        "leader",
        f"/dashboards/breakdowns/procedures_replaced/?{PERIOD}",
        _replaced_procedures,
    ),
    Listing("reports", "leader", "/dashboards/reports/", _reports),
    Listing("violations", "leader", "/workspace/complaints/violations/", _violations),
    Listing(
        "API: unit figures", "leader", f"/api/dashboards/figures/?{PERIOD}", _wards_with_dossiers
    ),  # fmt: skip
    # The service centre.
    Listing("replacement lists", "center_staff", "/staff/catalog/", _staff_lists),
    Listing(
        "a replacement list",
        "center_staff",
        lambda w: f"/staff/catalog/lists/{w.staff_list.pk}/",
        _staff_entries,
    ),  # fmt: skip
    Listing("coverage", "center_staff", "/staff/catalog/coverage/", _catalog),
    Listing(
        "centre's complaint queue", "center_staff", "/workspace/complaints/", _open_complaints
    ),  # fmt: skip
    Listing("disclosure review", "center_staff", "/workspace/complaints/disclosure/", _to_review),
    Listing(
        "centre's violations", "center_staff", "/workspace/complaints/violations/", _violations
    ),  # fmt: skip
    Listing("routing rules", "center_staff", "/workspace/complaints/rules/", _rules),
    Listing(
        "API: replacement lists", "center_staff", "/api/procedures/staff/lists/", _staff_lists
    ),  # fmt: skip
    Listing(
        "API: a replacement list",
        "center_staff",
        lambda w: f"/api/procedures/staff/lists/{w.staff_list.pk}/",
        _staff_entries,
    ),  # fmt: skip
    # The database owner.
    Listing("corrections queue", "data_owner", "/data/corrections/", _corrections),
    Listing("API: corrections", "data_owner", "/api/datasources/corrections/", _corrections),
    # The public.
    Listing("catalog", "public", "/procedures/", _catalog),
    Listing("procedure page", "public", "/procedures/1.001193/", _components),
    Listing("published lists", "public", "/procedures/replacement-lists/", _published_lists),
    Listing(
        "a published list",
        "public",
        lambda w: f"/procedures/replacement-lists/{w.ward.code}/",
        _replaced_procedures,
    ),
    Listing(
        "a published list as CSV",
        "public",
        lambda w: f"/procedures/replacement-lists/{w.ward.code}/data.csv",
        _replaced_procedures,
    ),  # fmt: skip
    Listing(
        "a published list as JSON",
        "public",
        lambda w: f"/procedures/replacement-lists/{w.ward.code}/data.json",
        _replaced_procedures,
    ),  # fmt: skip
    Listing(
        "a published list's poster",
        "public",
        lambda w: f"/procedures/replacement-lists/{w.ward.code}/poster/",
        _replaced_procedures,
    ),  # fmt: skip
    Listing(
        "transparency", "public", f"/transparency/?province=31&{PERIOD}", _wards_with_dossiers
    ),  # fmt: skip
    Listing("published complaints", "public", "/complaints/public/", _disclosed),
    Listing("published complaints as CSV", "public", "/complaints/public.csv", _disclosed),
    Listing("published complaints as JSON", "public", "/complaints/public.json", _disclosed),
    Listing("API: catalog", "public", "/api/procedures/", _catalog),
    Listing("API: a procedure", "public", "/api/procedures/1.001193/", _components),
    Listing(
        "API: published lists", "public", "/api/procedures/replacement-lists/", _published_lists
    ),  # fmt: skip
    Listing(
        "API: a published list",
        "public",
        lambda w: f"/api/procedures/replacement-lists/{w.ward.code}/",
        _replaced_procedures,
    ),
    Listing(
        "API: transparency",
        "public",
        f"/api/dashboards/public/?province=31&{PERIOD}",
        _wards_with_dossiers,
    ),  # fmt: skip
]


def _reader(listing: Listing, w, request):
    if listing.reader == "public":
        return APIClient()
    if listing.reader == "admin":
        User.objects.create_superuser("root", password="a-long-admin-password-1",
                                      role=Role.ADMINISTRATOR)  # fmt: skip
        reader = APIClient()
        assert reader.login(username="root", password="a-long-admin-password-1")
        return reader
    if listing.reader == "agency":
        client, secret = agency_client_create(agency=w.ward, name="Hệ thống một cửa Hồng Bàng")
        reader = APIClient()
        token = base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
        reader.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
        return reader
    reader = APIClient()
    reader.force_login(getattr(w, listing.reader), backend=LOGIN)
    return reader


def _read(reader, url: str) -> tuple[int, bytes]:
    """The queries of a warm read: the first read fills what the page keeps in
    the cache, as every later reader finds it."""
    cache.clear()
    first = reader.get(url)
    assert first.status_code == 200, (url, first.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = reader.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), b"".join(response) if response.streaming else response.content


@pytest.mark.parametrize("listing", LISTINGS, ids=[listing.name for listing in LISTINGS])
def test_a_list_costs_the_same_queries_for_2_rows_as_for_12(listing, w, request):
    reader = _reader(listing, w, request)
    url = listing.address(w)
    listing.add(w, 2)
    few, few_body = _read(reader, url)
    listing.add(w, 10)
    many, many_body = _read(reader, url)

    assert len(many_body) > len(few_body), "the rows added are shown"
    # Fewer is fine: a page that shows its latest rows only may push out of
    # view the one row that needed a query of its own (a draft under an authorisation).
    assert many <= few, f"{listing.name}: {few} queries for 2 rows, {many} for 12"
