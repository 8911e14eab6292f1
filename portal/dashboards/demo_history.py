"""Twelve weeks of history for the demo's leaders' dashboards: dossiers of
several communes of Hải Phòng submitted, received and decided over working
days (some late, with their apology slips; online and at the desk; paperless
or with data gaps), refused re-provide attempts, lookups, fees paid (each
with its record in the payment log), complaints handled, rated and published
(the substantiated ones with their violations), and then the figures of those
days.

Written in bulk, not through the services (thousands of rows), but as the
services would have left them: every status a record claims has the event of
the move that led there. Deterministic (a fixed seed) and written once: the
history's applicant, `HISTORY_APPLICANT`, marks it.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from complaints.deadlines import handling_due
from complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintOutcome,
    ComplaintStatus,
    DisclosureStatus,
    Violation,
)
from datasources import registry
from datasources.models import CorrectionFlag, CorrectionRequest, CorrectionStatus
from dossiers.models import (
    ApologySlip,
    Channel,
    ComponentEvidence,
    ComponentEvidenceKind,
    Dossier,
    DossierEvent,
    DossierStatus,
    ProposedOutcome,
    ResultDocument,
    SatisfactionRating,
)
from payments.models import Payment, PaymentMethod, PaymentStatus
from portal.accounts.models import Agency, AgencyKind, Role, User
from portal.audit.models import (
    AccessLog,
    AccessOutcome,
    ComplianceEvent,
    ComplianceEventKind,
    PaymentAction,
    PaymentLog,
)
from portal.core.working_days import due_date, is_working_day, next_working_day, working_days_add
from portal.dashboards.figures import figures_rebuild_days
from procedures.models import DossierComponent, Procedure, ProcedureLevel

HISTORY_APPLICANT = "lich-su-demo"
# Addresses officials found outdated in the population database and flagged to its owner.
CORRECTIONS = 14
SEED = 766
WEEKS = 12
HAI_PHONG = "31"
# Phường Hồng Bàng and Lê Chân (the demo's officials work there), then other
# wards of Hải Phòng, the first by code.
NAMED_UNITS = ("11311", "11383")
OTHER_UNITS = 6
# Dossiers a unit receives on an average working day: the demo's own ward the most.
DAILY_DOSSIERS = {"11311": 6, "11383": 4}
DAILY_DEFAULT = 2
COMPLAINTS_PER_DOSSIER = 0.08
ONCE_ONLY = (ComplaintCategory.REPROVIDE_DATA, ComplaintCategory.CERTIFIED_COPY)
# History's codes are numbered from here, apart from any the portal issued on those days.
CODE_OFFSET = 5000
RESULT_PDF = b"%PDF-1.4\n% Ket qua giai quyet (demo)\n%%EOF\n"
RESULT_NAME = "results/demo-history/ket-qua.pdf"


@dataclass
class _Rows:
    """Everything to insert, by model, with the links resolved after the dossiers."""

    dossiers: list[Dossier] = field(default_factory=list)
    # (dossier index, row) for rows that point to a dossier not inserted yet.
    events: list[tuple[int, DossierEvent]] = field(default_factory=list)
    evidence: list[tuple[int, ComponentEvidence]] = field(default_factory=list)
    apologies: list[tuple[int, ApologySlip]] = field(default_factory=list)
    results: list[tuple[int, ResultDocument]] = field(default_factory=list)
    ratings: list[tuple[int, SatisfactionRating]] = field(default_factory=list)
    payments: list[tuple[int, Payment]] = field(default_factory=list)
    lookups: list[tuple[int, AccessLog]] = field(default_factory=list)
    compliance: list[tuple[int, ComplianceEvent]] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)
    complaint_events: list[tuple[int, ComplaintEvent]] = field(default_factory=list)
    violations: list[tuple[int, Violation]] = field(default_factory=list)


@contextmanager
def times_as_given(*models):
    """Keep the times set on the rows: the creation and update stamps of
    history are those of its days, not of the moment it is written."""
    fields = [f for model in models for f in model._meta.concrete_fields
              if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]  # fmt: skip
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _working_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days, day = [], first
    while day <= last:
        if is_working_day(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def history_present() -> bool:
    return Dossier.objects.filter(applicant__username=HISTORY_APPLICANT).exists()


def _units() -> list[Agency]:
    named = list(Agency.objects.filter(code__in=NAMED_UNITS).order_by("code"))
    others = list(
        Agency.objects.filter(
            path__startswith=f"{HAI_PHONG}/", kind=AgencyKind.COMMUNE_COMMITTEE
        ).exclude(code__in=NAMED_UNITS).order_by("code")[:OTHER_UNITS]
    )  # fmt: skip
    return named + others


def _leaders(units: list[Agency]) -> dict[int, User]:
    """The unit's leader, who signs its results: the demo's own where there is
    one, else a history leader who cannot log in."""
    found = {}
    for unit in units:
        leader = User.objects.filter(agency=unit, role=Role.LEADER).order_by("pk").first()
        if leader is None:
            leader, _ = User.objects.get_or_create(
                username=f"{HISTORY_APPLICANT}-{unit.code}-leader",
                defaults={"full_name": f"Lãnh đạo ({unit.name})", "role": Role.LEADER,
                          "position": "Chủ tịch", "agency": unit,
                          "password": make_password(None)},
            )  # fmt: skip
        found[unit.pk] = leader
    return found


def _officials(units: list[Agency]) -> dict[int, User]:
    """The unit's one-stop official: the demo's own where there is one, else
    a history official who cannot log in."""
    found = {}
    for unit in units:
        official = User.objects.filter(agency=unit, role=Role.OFFICIAL).order_by("pk").first()
        if official is None:
            official, _ = User.objects.get_or_create(
                username=f"{HISTORY_APPLICANT}-{unit.code}",
                defaults={"full_name": f"Cán bộ một cửa ({unit.name})", "role": Role.OFFICIAL,
                          "agency": unit, "password": make_password(None)},
            )  # fmt: skip
        found[unit.pk] = official
    return found


@dataclass(frozen=True)
class _Procedure:
    procedure: Procedure
    replaced: list[tuple[DossierComponent, str]]  # components data replaces, and the source


def _procedures() -> list[_Procedure]:
    procedures = Procedure.objects.filter(level=ProcedureLevel.COMMUNE, active=True).order_by(
        "code"
    )[:40]
    replaced: dict[int, list] = {p.pk: [] for p in procedures}
    components = (
        DossierComponent.objects.filter(procedure__in=procedures, replacements__isnull=False)
        .values_list("procedure_id", "pk", "replacements__source")
        .order_by("position", "pk")
    )
    for procedure_id, component_id, source in components:
        if all(c.pk != component_id for c, _ in replaced[procedure_id]):
            replaced[procedure_id].append((DossierComponent(pk=component_id), source))
    return [_Procedure(p, replaced[p.pk]) for p in procedures]


class _History:
    def __init__(self, *, applicant: User, officials: dict[int, User], leaders: dict[int, User],
                 replaced: dict[int, list], now: datetime.datetime) -> None:  # fmt: skip
        self.now = now
        self.applicant = applicant
        self.officials = officials
        self.leaders = leaders
        self._replaced = replaced
        self.random = random.Random(SEED)
        # Ratings draw from their own stream: the rest of history stays as it was.
        self.rating_random = random.Random(SEED + 1)
        self.reopen_random = random.Random(SEED + 3)
        self.rows = _Rows()
        self.codes: dict[tuple[int, datetime.date], int] = {}
        self.complaint_codes: dict[datetime.date, int] = {}
        self.subjects = 0

    # Dossiers.

    def _code(self, unit: Agency, day: datetime.date) -> str:
        number = self.codes[(unit.pk, day)] = self.codes.get((unit.pk, day), 0) + 1
        return f"{unit.code}-{day:%y%m%d}-{CODE_OFFSET + number:04d}"

    def _event(self, index: int, action: str, before: str, after: str, at, actor) -> None:
        self.rows.events.append((index, DossierEvent(
            action=action, from_status=before, to_status=after, actor=actor, at=at,
        )))  # fmt: skip

    def _past(self, at: datetime.datetime) -> bool:
        return at < self.now

    def dossier(self, unit: Agency, day: datetime.date, share_online: float,
                chosen: _Procedure) -> None:  # fmt: skip
        rng, rows = self.random, self.rows
        procedure = chosen.procedure
        official = self.officials[unit.pk]
        online = rng.random() < share_online
        submitted = _at(day, rng.randint(7, 16), rng.randint(0, 59))
        self.subjects += 1
        subject = f"0319{self.subjects:08d}"
        index = len(rows.dossiers)
        dossier = Dossier(
            code=self._code(unit, day), procedure=procedure, agency=unit,
            applicant=self.applicant, subject_personal_id=subject, form_values={},
            fee_vnd=procedure.fee_vnd, channel=Channel.ONLINE if online else Channel.COUNTER,
            counter_consent_at=None if online else submitted - datetime.timedelta(minutes=5),
            preview_confirmed_at=submitted - datetime.timedelta(minutes=2),
            submitted_at=submitted, created_at=submitted - datetime.timedelta(minutes=20),
            status=DossierStatus.SUBMITTED,
        )  # fmt: skip
        rows.dossiers.append(dossier)
        by = self.applicant if online else official
        if procedure.fee_vnd:
            action = "request_fee" if online else "counter_request_fee"
            self._event(index, action, DossierStatus.DRAFT, DossierStatus.FINANCIAL_OBLIGATION,
                        submitted, by)  # fmt: skip
            paid = submitted + datetime.timedelta(minutes=rng.randint(2, 30))
            rows.payments.append((index, Payment(
                payer=self.applicant, amount_vnd=procedure.fee_vnd, status=PaymentStatus.PAID,
                order_id=f"LS-{dossier.code}", paid_at=paid, created_at=submitted,
                updated_at=paid, method=PaymentMethod.ONLINE if online else PaymentMethod.CASH,
                receipt_number="" if online else f"LS-{dossier.code}",
                recorded_by=None if online else official,
                transaction_id=f"LS{index:08d}" if online else "",
            )))  # fmt: skip
            # Online, on the platform's word; at the desk, by the official who took it.
            self._event(index, "fee_paid", DossierStatus.FINANCIAL_OBLIGATION,
                        DossierStatus.SUBMITTED, paid, None if online else official)  # fmt: skip
            # As dossier_fee_paid counts it: the processing time runs from the payment.
            dossier.due_date = due_date(paid, procedure.processing_days)
            at_desk = paid
        else:
            action = "submit" if online else "counter_submit"
            self._event(index, action, DossierStatus.DRAFT, DossierStatus.SUBMITTED,
                        submitted, by)  # fmt: skip
            # As the submission counts it, online or at the desk.
            dossier.due_date = due_date(submitted, procedure.processing_days)
            at_desk = submitted
        self._evidence(index, dossier, chosen, submitted, online)
        dossier.updated_at = submitted
        # At the counter the official receives the dossier as it is submitted, or as
        # its fee is taken at the desk (dossiers.counter.counter_receive).
        self._handle(index, dossier, official, submitted, None if online else at_desk)

    def _evidence(self, index: int, dossier: Dossier, chosen: _Procedure,
                  submitted: datetime.datetime, online: bool) -> None:  # fmt: skip
        rng, rows = self.random, self.rows
        for component, source in chosen.replaced:
            looked = submitted - datetime.timedelta(minutes=3)
            found = rng.random() < 0.9
            rows.lookups.append((index, AccessLog(
                created_at=looked, actor=self.applicant if online else self.officials[
                    dossier.agency.pk], actor_agency=None if online else dossier.agency,
                subject_personal_id=dossier.subject_personal_id, source=source,
                fields=[], purpose_type="dossier", purpose_label=dossier.procedure.name[:255],
                outcome=AccessOutcome.OK if found else AccessOutcome.NOT_FOUND,
                elapsed_ms=int(rng.lognormvariate(5.0, 0.6)),
            )))  # fmt: skip
            if found:
                rows.evidence.append((index, ComponentEvidence(
                    component=component, kind=ComponentEvidenceKind.DATA, source=source,
                    record_id=f"{source}:{dossier.subject_personal_id}", fetched_at=looked,
                    recorded_at=submitted,
                )))  # fmt: skip
                continue
            # The source holds no record of this person: uploaded, counted as a data gap.
            rows.evidence.append((index, ComponentEvidence(
                component=component, kind=ComponentEvidenceKind.DATA_GAP, source=source,
                fetched_at=looked, recorded_at=submitted,
                note="Nguồn không có dữ liệu của người này.",
            )))  # fmt: skip
            rows.compliance.append((index, ComplianceEvent(
                created_at=submitted, kind=ComplianceEventKind.DATA_GAP_RECORDED,
                actor=self.applicant, agency=dossier.agency, reference=dossier.code,
                detail={"component": component.pk, "source": source,
                        "recorded_by": "applicant"},
            )))  # fmt: skip

    def _handle(self, index: int, dossier: Dossier, official: User, submitted: datetime.datetime,
                received_at_desk: datetime.datetime | None) -> None:  # fmt: skip
        """Received (at once when `received_at_desk`, the counter's moment, is
        given), processed and decided as far as the days up to now allow."""
        rng, S = self.random, DossierStatus
        days = dossier.procedure.processing_days or 3
        if received_at_desk is None:
            received_day = next_working_day(submitted.date()) if submitted.hour >= 15 else (
                submitted.date())  # fmt: skip
            received = max(_at(received_day, rng.randint(8, 16)),
                           submitted + datetime.timedelta(minutes=30))  # fmt: skip
        else:
            received = received_at_desk
        if not self._past(received):
            return
        # Refused at reception only online: at the desk a dossier not to receive is never taken.
        if received_at_desk is None and rng.random() < 0.03:
            self._event(index, "refuse_at_reception", S.SUBMITTED, S.REFUSED_AT_RECEPTION,
                        received, official)  # fmt: skip
            self.rows.events[-1][1].reason = "Hồ sơ không thuộc thẩm quyền giải quyết."
            dossier.status, dossier.updated_at = S.REFUSED_AT_RECEPTION, received
            return
        self._event(index, "receive", S.SUBMITTED, S.RECEIVED, received, official)
        started = received + datetime.timedelta(minutes=rng.randint(5, 90))
        self._event(index, "start_processing", S.RECEIVED, S.IN_PROCESSING, started, official)
        dossier.status, dossier.updated_at = S.IN_PROCESSING, started
        if dossier.procedure_id and rng.random() < 0.04:
            self._refused_reprovide(index, dossier, official, started)
        late = rng.random() < 0.1
        # The official proposes the result for signature once the dossier is examined.
        proposed_after = started + datetime.timedelta(minutes=5)
        if late:
            decided_day = working_days_add(dossier.due_date, rng.randint(1, 3))
        else:
            decided_day = working_days_add(received.date(), rng.randint(0, max(days - 1, 0)))
        decided = _at(decided_day, rng.randint(8, 16), rng.randint(0, 59))
        if late:
            # Overdue: the apology slip and a new date, the working day after the due date.
            issued = _at(next_working_day(dossier.due_date), 8, 15)
            if not self._past(issued):
                return
            new_due = working_days_add(issued.date(), 3)
            self.rows.apologies.append((index, ApologySlip(
                previous_due_date=dossier.due_date, new_due_date=new_due, issued_by=official,
                issued_at=issued, reason="Hồ sơ cần xác minh thêm tại địa phương.",
            )))  # fmt: skip
            dossier.due_date = new_due
            decided = max(decided, issued + datetime.timedelta(hours=1))
            proposed_after = issued + datetime.timedelta(minutes=5)
        decided = max(decided, started + datetime.timedelta(minutes=rng.randint(30, 120)))
        proposed = max(proposed_after, decided - datetime.timedelta(hours=2))
        if not self._past(decided):
            if self._past(proposed):  # examined, awaiting the leader's signature now
                self._event(index, "propose_approval", S.IN_PROCESSING, S.AWAITING_SIGNATURE,
                            proposed, official)  # fmt: skip
                dossier.status, dossier.updated_at = S.AWAITING_SIGNATURE, proposed
            return
        leader = self.leaders[dossier.agency_id]
        if rng.random() < 0.05:  # the refusal, too, proposed and signed by the leader
            reason = "Không đủ điều kiện theo quy định."
            self._event(index, "propose_not_resolve", S.IN_PROCESSING, S.AWAITING_SIGNATURE,
                        proposed, official)  # fmt: skip
            self._event(index, "not_resolve", S.AWAITING_SIGNATURE, S.NOT_RESOLVED, decided,
                        leader)  # fmt: skip
            for _event_index, event in self.rows.events[-2:]:
                event.reason = reason
            dossier.proposed_outcome = ProposedOutcome.NOT_RESOLVE
            dossier.status, dossier.updated_at = S.NOT_RESOLVED, decided
            self._rating(index, decided, late=True)
            return
        # Proposed by the official, signed by the unit's leader (trình ký, ký duyệt).
        self._event(index, "propose_approval", S.IN_PROCESSING, S.AWAITING_SIGNATURE, proposed,
                    official)  # fmt: skip
        self._event(index, "approve", S.AWAITING_SIGNATURE, S.RESULT_READY, decided, leader)
        dossier.status, dossier.updated_at = S.RESULT_READY, decided
        returned = max(_at(next_working_day(decided.date()), rng.randint(8, 16)),
                       decided + datetime.timedelta(hours=1))  # fmt: skip
        returned = returned if self._past(returned) else None
        if rng.random() < 0.9:
            self.rows.results.append((index, ResultDocument(
                subject_personal_id=dossier.subject_personal_id,
                title=dossier.procedure.result_type or dossier.procedure.name[:255],
                document_type=dossier.procedure.result_document_type,
                file=RESULT_NAME, sha256=hashlib.sha256(RESULT_PDF).hexdigest(),
                issued_by=leader, issued_at=decided, returned_at=returned,
            )))  # fmt: skip
        if returned:
            self._event(index, "return_result", S.RESULT_READY, S.RESULT_RETURNED, returned,
                        official)  # fmt: skip
            dossier.status, dossier.updated_at = S.RESULT_RETURNED, returned
            self._rating(index, returned, late=late)

    def _rating(self, index: int, result_at: datetime.datetime, *, late: bool) -> None:
        """About half the applicants rate once the result is out; a late or
        refused dossier is rated lower."""
        rng = self.rating_random
        rated = result_at + datetime.timedelta(hours=rng.randint(1, 30))
        if rng.random() >= 0.45 or not self._past(rated):
            return
        weights = (3, 3, 4, 3, 1) if late else (1, 1, 3, 8, 9)
        rating = rng.choices((1, 2, 3, 4, 5), weights=weights)[0]
        self.rows.ratings.append((index, SatisfactionRating(rating=rating, rated_at=rated)))

    def _refused_reprovide(self, index: int, dossier: Dossier, official: User,
                           at: datetime.datetime) -> None:  # fmt: skip
        """An official asked for a paper that data replaces: refused, and counted."""
        replaced = [(c, s) for c, s in self._replaced.get(dossier.procedure_id, [])]
        if not replaced:
            return
        component, source = replaced[0]
        self.rows.compliance.append((index, ComplianceEvent(
            created_at=at + datetime.timedelta(minutes=20),
            kind=ComplianceEventKind.REPROVIDE_REFUSED, actor=official, agency=dossier.agency,
            reference=dossier.code, detail={"components": [component.pk], "sources": [source]},
        )))  # fmt: skip

    # Complaints.

    def complaint(self, unit: Agency, day: datetime.date) -> None:
        rng, rows, S = self.random, self.rows, ComplaintStatus
        category = rng.choices(
            list(ComplaintCategory.values), weights=(5, 2, 2, 3, 1, 1)
        )[0]  # fmt: skip
        received = _at(day, rng.randint(7, 20), rng.randint(0, 59))
        number = self.complaint_codes[day] = self.complaint_codes.get(day, 0) + 1
        official = self.officials[unit.pk]
        hotline = rng.random() < 0.3
        complaint = Complaint(
            code=f"PAKN-{day:%y%m%d}-{CODE_OFFSET + number:04d}", category=category,
            channel=ComplaintChannel.HOTLINE if hotline else ComplaintChannel.ONLINE,
            description="Phản ánh về việc tiếp nhận, giải quyết hồ sơ tại bộ phận một cửa.",
            unit=unit, reporter=None if hotline else self.applicant,
            reporter_name="Người gọi đường dây nóng" if hotline else "",
            reporter_phone="0912000000" if hotline else "", status=S.RECEIVED,
            responsible_agency=unit, assigned_to=official, routing_due=False,
            received_at=received, due_date=handling_due(category=category, received_at=received),
        )  # fmt: skip
        index = len(rows.complaints)
        rows.complaints.append(complaint)

        def event(action, before, after, at, actor, note=""):
            rows.complaint_events.append((index, ComplaintEvent(
                action=action, from_status=before, to_status=after, actor=actor, at=at, note=note,
            )))  # fmt: skip

        event("file", "", S.RECEIVED, received, complaint.reporter)
        routed = received + datetime.timedelta(minutes=2)
        event("route", S.RECEIVED, S.ROUTED, routed, None)
        complaint.status = S.ROUTED
        started = _at(next_working_day(day), 9, rng.randint(0, 59))
        if not self._past(started):
            return
        event("start", S.ROUTED, S.IN_HANDLING, started, official)
        complaint.status = S.IN_HANDLING
        on_time = rng.random() < 0.85
        concluded_day = (
            working_days_add(started.date(), rng.randint(0, 3)) if on_time
            else working_days_add(complaint.due_date, rng.randint(1, 4))
        )  # fmt: skip
        concluded = max(_at(concluded_day, rng.randint(9, 16), rng.randint(0, 59)),
                        started + datetime.timedelta(hours=1))  # fmt: skip
        if not self._past(concluded):
            return
        upheld = rng.random() < 0.35
        complaint.status, complaint.concluded_at = S.CONCLUDED, concluded
        complaint.outcome = ComplaintOutcome.SUBSTANTIATED if upheld else (
            ComplaintOutcome.UNSUBSTANTIATED)  # fmt: skip
        complaint.response = "Đơn vị đã kiểm tra, trả lời người phản ánh."
        complaint.disclosure_status = DisclosureStatus.PENDING
        event("conclude", S.IN_HANDLING, S.CONCLUDED, concluded, official, complaint.response)
        if upheld and category in ONCE_ONLY:
            rows.violations.append((index, Violation(
                category=category, unit=unit, official=official, created_at=concluded,
            )))  # fmt: skip
        published = concluded + datetime.timedelta(days=1)
        if rng.random() < 0.7 and self._past(published):
            complaint.disclosure_status, complaint.disclosed_at = (
                DisclosureStatus.PUBLISHED, published)  # fmt: skip
            complaint.disclosed_text = "Phản ánh đã được xem xét và trả lời theo quy định."
            complaint.disclosed_by = official
        rated = concluded + datetime.timedelta(hours=rng.randint(2, 48))
        if hotline or rng.random() < 0.4 or not self._past(rated):
            return
        complaint.rating = rng.choices((2, 3, 4, 5), weights=(1, 2, 4, 4))[0]
        if complaint.rating >= 3:
            event("rate", S.CONCLUDED, S.CONCLUDED, rated, self.applicant, str(complaint.rating))
            return
        # Not satisfied: sent back to the unit, being handled again.
        event("reopen", S.CONCLUDED, S.IN_HANDLING, rated, self.applicant,
              "Chưa hài lòng với kết quả xử lý.")  # fmt: skip
        complaint.status, complaint.outcome, complaint.concluded_at = S.IN_HANDLING, "", None
        # Handled again within the full time, counted from the reopening.
        complaint.due_date = handling_due(category=category, received_at=rated)
        complaint.disclosure_status, complaint.disclosed_text = "", ""
        complaint.disclosed_at = complaint.disclosed_by = None
        violation = rows.violations.pop() if rows.violations and (
            rows.violations[-1][0] == index) else None  # fmt: skip
        # Answered again, with the same finding, within the new deadline
        # (at most three working days on), once that day has come.
        again = self.reopen_random
        reconcluded = _at(working_days_add(timezone.localdate(rated), again.randint(1, 3)),
                          again.randint(9, 16), again.randint(0, 59))  # fmt: skip
        if not self._past(reconcluded):
            return
        complaint.status, complaint.concluded_at = S.CONCLUDED, reconcluded
        complaint.outcome = ComplaintOutcome.SUBSTANTIATED if upheld else (
            ComplaintOutcome.UNSUBSTANTIATED)  # fmt: skip
        complaint.response = "Đơn vị đã kiểm tra lại và trả lời người phản ánh."
        complaint.disclosure_status = DisclosureStatus.PENDING
        event("conclude", S.IN_HANDLING, S.CONCLUDED, reconcluded, official, complaint.response)
        if violation is not None:
            violation[1].created_at = reconcluded
            rows.violations.append(violation)

    def save(self) -> None:
        rows = self.rows
        with times_as_given(Dossier, DossierEvent, ComponentEvidence, ApologySlip,
                            ResultDocument, Payment, PaymentLog, AccessLog, ComplianceEvent,
                            Complaint, ComplaintEvent, Violation, SatisfactionRating,
                            CorrectionRequest, CorrectionFlag):  # fmt: skip
            dossiers = Dossier.objects.bulk_create(rows.dossiers, batch_size=1000)
            for model, pairs in ((DossierEvent, rows.events), (ComponentEvidence, rows.evidence),
                                 (ApologySlip, rows.apologies), (ResultDocument, rows.results),
                                 (Payment, rows.payments),
                                 (SatisfactionRating, rows.ratings)):  # fmt: skip
                for index, row in pairs:
                    row.dossier = dossiers[index]
                model.objects.bulk_create([row for _index, row in pairs], batch_size=1000)
            PaymentLog.objects.bulk_create(
                [_paid_log(payment) for _i, payment in rows.payments], batch_size=1000
            )
            for index, row in rows.lookups:
                row.purpose_id = str(dossiers[index].pk)
            AccessLog.objects.bulk_create([row for _i, row in rows.lookups], batch_size=1000)
            for index, row in rows.compliance:
                row.detail = {"dossier": dossiers[index].pk, **row.detail}
            ComplianceEvent.objects.bulk_create(
                [row for _i, row in rows.compliance], batch_size=1000
            )
            complaints = Complaint.objects.bulk_create(rows.complaints, batch_size=1000)
            for model, pairs in ((ComplaintEvent, rows.complaint_events),
                                 (Violation, rows.violations)):  # fmt: skip
                for index, row in pairs:
                    row.complaint = complaints[index]
                model.objects.bulk_create([row for _index, row in pairs], batch_size=1000)
            self._corrections(dossiers)

    def _corrections(self, dossiers: list[Dossier]) -> None:
        """Addresses the officials found outdated while processing, flagged to
        the population database's owner: most corrected since, some still open."""
        owner = Agency.objects.filter(code=registry.source("population").owner_agency_code).first()
        handled = [d for d in dossiers if d.status in (DossierStatus.IN_PROCESSING,
                   DossierStatus.AWAITING_SIGNATURE, DossierStatus.RESULT_READY,
                   DossierStatus.RESULT_RETURNED)]  # fmt: skip
        if owner is None or not handled:
            return
        rng, subjects = random.Random(SEED + 2), set()
        for dossier in rng.sample(handled, min(CORRECTIONS, len(handled))):
            flagged = dossier.submitted_at + datetime.timedelta(hours=rng.randint(2, 30))
            resolved = flagged + datetime.timedelta(days=rng.randint(1, 12))
            if dossier.subject_personal_id in subjects or not self._past(flagged):
                continue
            subjects.add(dossier.subject_personal_id)
            corrected = rng.random() < 0.65 and self._past(resolved)
            request = CorrectionRequest.objects.create(
                source="population", subject_personal_id=dossier.subject_personal_id,
                field="permanent_address", owner_agency=owner, opened_at=flagged,
                recorded_value=f"Số {rng.randint(1, 90)} ngõ {rng.randint(2, 60)} phố Cầu Đất",
                status=CorrectionStatus.ACCEPTED if corrected else CorrectionStatus.OPEN,
                resolved_at=resolved if corrected else None,
                corrected_value=f"Số {rng.randint(1, 200)} phố Lạch Tray, {dossier.agency.name}"
                if corrected else None,
                resolution_note="Đã cập nhật theo đăng ký thường trú mới." if corrected else "",
            )  # fmt: skip
            CorrectionFlag.objects.create(
                request=request, flagged_by=self.officials[dossier.agency_id], created_at=flagged,
                purpose_type="dossier", purpose_id=str(dossier.pk),
                note="Nơi thường trú trong CSDL chưa cập nhật theo đăng ký mới.",
            )  # fmt: skip


def _paid_log(payment: Payment) -> PaymentLog:
    """The payment log's record of a fee paid, as the services write it when
    the platform settles an order (no one named) or the desk takes the fee
    (its official named), at the time it was paid."""
    if payment.method == PaymentMethod.ONLINE:
        action, actor = PaymentAction.PAID_ONLINE, None
        detail = {"order_id": payment.order_id, "transaction_id": payment.transaction_id}
    else:
        action, actor = PaymentAction.TAKEN_AT_DESK, payment.recorded_by
        detail = {"method": payment.method, "receipt_number": payment.receipt_number,
                  "order_id": payment.order_id}  # fmt: skip
    return PaymentLog(
        created_at=payment.paid_at, action=action, actor=actor,
        actor_agency_id=getattr(actor, "agency_id", None), dossier_id=payment.dossier_id,
        payment=payment, amount_vnd=payment.amount_vnd, detail=detail,
    )  # fmt: skip


@dataclass(frozen=True)
class HistoryReport:
    dossiers: int
    complaints: int
    units: int
    first: datetime.date
    last: datetime.date


def demo_history_ensure(*, now: datetime.datetime | None = None) -> HistoryReport | None:
    """Write the history of the `WEEKS` weeks before today and rebuild the
    figures of those days; nothing when it is there already (or when the
    agencies or the catalog are not loaded). Returns what was written. What
    has happened by `now` (the present, unless given) has happened: a dossier
    submitted late on the last working day is still waiting to be received
    early the next morning."""
    if history_present():
        return None
    now = now or timezone.now()
    today = timezone.localdate(now)
    units = _units()
    procedures = [p for p in _procedures() if p.procedure.processing_days is not None]
    if not units or not procedures:
        return None
    first, last = today - datetime.timedelta(weeks=WEEKS), today - datetime.timedelta(days=1)
    with transaction.atomic():
        applicant, _ = User.objects.get_or_create(
            username=HISTORY_APPLICANT,
            defaults={"full_name": "Công dân (lịch sử demo)", "password": make_password(None)},
        )
        history = _History(
            applicant=applicant,
            officials=_officials(units),
            leaders=_leaders(units),
            replaced={p.procedure.pk: p.replaced for p in procedures},
            now=now,
        )
        with_data = [p for p in procedures if p.replaced]
        days = _working_days(first, last)
        for position, day in enumerate(days):
            progress = position / max(len(days) - 1, 1)
            for unit in units:
                mean = DAILY_DOSSIERS.get(unit.code, DAILY_DEFAULT)
                for _n in range(history.random.randint(max(mean - 2, 0), mean + 2)):
                    # Most dossiers are of procedures data can replace papers of.
                    pool = with_data if with_data and history.random.random() < 0.7 else (
                        procedures)  # fmt: skip
                    history.dossier(unit, day, 0.45 + 0.35 * progress,
                                    history.random.choice(pool))  # fmt: skip
                    if history.random.random() < COMPLAINTS_PER_DOSSIER:
                        history.complaint(unit, day)
        if not default_storage.exists(RESULT_NAME):
            default_storage.save(RESULT_NAME, ContentFile(RESULT_PDF))
        history.save()
        figures_rebuild_days(first=first, last=today)
    return HistoryReport(len(history.rows.dossiers), len(history.rows.complaints), len(units),
                         first, last)  # fmt: skip
