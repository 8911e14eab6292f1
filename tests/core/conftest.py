"""Shared by the tests over the whole portal's pages: a small world with an
object of every kind, the people who may see each and those who may not."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from complaints.models import ComplaintEvidence
from datasources.models import CorrectionFlag, CorrectionRequest
from dossiers.models import (
    ApologySlip,
    Attachment,
    Authorisation,
    Channel,
    DossierStatus,
    ResultDocument,
    SupplementRequest,
)
from payments.models import PaymentStatus
from portal.accounts.models import AgencyKind
from portal.dashboards.reports_models import Report
from tests.accounts.factories import (
    AgencyFactory,
    CenterStaffFactory,
    CitizenFactory,
    DataOwnerFactory,
    LeaderFactory,
    OfficialFactory,
    ProvinceFactory,
)
from tests.complaints.factories import ComplaintFactory, RoutingRuleFactory
from tests.dashboards.factories import payment
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ProcedureFactory,
    ReplacementListEntryFactory,
    ReplacementListFactory,
)

PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture
def world(settings, tmp_path, hai_phong, hong_bang_ward, le_chan_ward):
    """Two of everything: the objects belong to the first citizen, the first
    ward (Hồng Bàng, Hải Phòng) and the first database owner."""
    settings.MEDIA_ROOT = tmp_path
    ha_noi = ProvinceFactory(code="01", name="UBND thành phố Hà Nội", province_code=1)
    people = {
        "citizen": CitizenFactory(),
        "other_citizen": CitizenFactory(),
        "official": OfficialFactory(agency=hong_bang_ward),
        "other_official": OfficialFactory(agency=le_chan_ward),
        "leader": LeaderFactory(agency=hai_phong),
        "other_leader": LeaderFactory(agency=ha_noi),
        "center_staff": CenterStaffFactory(),
        "other_center_staff": CenterStaffFactory(
            agency=AgencyFactory(
                code="01.TTPVHCC", kind=AgencyKind.SERVICE_CENTER, parent=ha_noi, province_code=1
            )  # fmt: skip
        ),
        "data_owner": DataOwnerFactory(),
        "other_data_owner": DataOwnerFactory(
            agency=AgencyFactory(
                code="BTP.HT", kind=AgencyKind.DATABASE_OWNER, name="Cục Hộ tịch, Bộ Tư pháp"
            )  # fmt: skip
        ),
    }
    citizen, official = people["citizen"], people["official"]
    procedure = ProcedureFactory(code="1.001193", name="Đăng ký khai sinh")
    component = DossierComponentFactory(procedure=procedure)

    def dossier(status, number, **extra):
        return DossierFactory(
            procedure=procedure, agency=hong_bang_ward, applicant=citizen, status=status,
            code=f"11311-261124-{number:04d}" if status != DossierStatus.DRAFT else None,
            submitted_at=timezone.now() if status != DossierStatus.DRAFT else None, **extra,
        )  # fmt: skip

    draft = dossier(DossierStatus.DRAFT, 0)
    PrefillSourceFactory(dossier=draft)
    counter_draft = dossier(DossierStatus.DRAFT, 0, channel=Channel.COUNTER, assigned_to=official)
    submitted = dossier(DossierStatus.IN_PROCESSING, 1, due_date=datetime.date(2026, 11, 20))
    fee_due = dossier(DossierStatus.FINANCIAL_OBLIGATION, 2, fee_vnd=8000)
    attachment = Attachment(
        dossier=submitted, component=component, original_name="to-khai.pdf",
        content_type="application/pdf", size=len(PDF), sha256="0" * 64, uploaded_by=citizen,
    )  # fmt: skip
    attachment.file.save("to-khai.pdf", ContentFile(PDF))
    result = ResultDocument(dossier=submitted, subject_personal_id=citizen.personal_id,
                            title="Trích lục khai sinh", sha256="0" * 64, issued_by=official,
                            returned_at=timezone.now())  # fmt: skip
    result.file.save("trich-luc.pdf", ContentFile(PDF))
    supplement = SupplementRequest.objects.create(
        dossier=submitted, requested_by=official, reason="Thiếu giấy chứng sinh"
    )
    supplement.components.add(component)
    apology = ApologySlip.objects.create(
        dossier=submitted, previous_due_date=datetime.date(2026, 11, 20),
        new_due_date=datetime.date(2026, 11, 27), reason="Quá hạn", issued_by=official,
    )  # fmt: skip
    paid = payment(fee_due, status=PaymentStatus.PAID)
    authorisation = Authorisation.objects.create(
        principal=citizen, agent_personal_id=people["other_citizen"].personal_id,
        procedure=procedure, valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2027, 1, 1),
    )  # fmt: skip
    complaint = ComplaintFactory(reporter=citizen, unit=hong_bang_ward,
                                 responsible_agency=hong_bang_ward)  # fmt: skip
    evidence = ComplaintEvidence(
        complaint=complaint,
        original_name="anh.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )
    evidence.file.save("anh.pdf", ContentFile(PDF))
    correction = CorrectionRequest.objects.create(
        source="population", subject_personal_id=citizen.personal_id, field="permanent_address",
        owner_agency=people["data_owner"].agency, recorded_value="Số 1 phố Cũ",
    )  # fmt: skip
    CorrectionFlag.objects.create(request=correction, flagged_by=citizen, purpose_type="dossier",
                                  purpose_id=draft.reference)  # fmt: skip
    report = Report(
        kind="weekly", agency=hong_bang_ward, period_start=datetime.date(2026, 11, 16),
        period_end=datetime.date(2026, 11, 22), generated_at=timezone.now(),
    )  # fmt: skip
    report.csv_file.save("bao-cao.csv", ContentFile(b"a,b\n1,2\n"))
    list_draft = ReplacementListFactory(agency=hong_bang_ward, created_by=people["center_staff"])
    entry = ReplacementListEntryFactory(replacement_list=list_draft)
    rule = RoutingRuleFactory(target_agency=hong_bang_ward)
    objects = {
        "draft": draft.pk, "counter_draft": counter_draft.pk, "dossier": submitted.pk,
        "fee_due": fee_due.pk, "attachment": attachment.pk, "result": result.pk,
        "supplement": supplement.pk, "apology": apology.pk, "payment": paid.pk,
        "order": paid.order_id, "authorisation": authorisation.pk, "complaint": complaint.code,
        "evidence": evidence.pk, "correction": correction.pk, "report": report.pk,
        "list": list_draft.pk, "entry": entry.pk, "rule": rule.pk, "unit": hong_bang_ward.pk,
    }  # fmt: skip
    return people, objects
