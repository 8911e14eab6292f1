"""A small, hand-counted history for the dashboards: two wards of Hải Phòng
on one day, every record placed at a chosen time."""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from complaints.models import (
    ComplaintEvent,
    ComplaintOutcome,
    ComplaintStatus,
    DisclosureStatus,
    Violation,
)
from dossiers.models import (
    ApologySlip,
    Channel,
    ComponentEvidence,
    ComponentEvidenceKind,
    DataGap,
    DossierEvent,
    DossierStatus,
    ResultDocument,
    SatisfactionRating,
)
from payments.models import Payment, PaymentMethod, PaymentStatus
from portal.audit.models import ComplianceEvent, ComplianceEventKind
from tests.complaints.factories import ComplaintFactory
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory

DAY = datetime.date(2026, 11, 24)  # a Tuesday


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@contextmanager
def clock(moment: datetime.datetime):
    """Records created inside carry `moment` in their auto_now(_add) fields."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def dossier(
    unit,
    *,
    day=DAY,
    channel=Channel.ONLINE,
    status=DossierStatus.RECEIVED,
    evidence=(),
    gap_recorded=False,
    **extra,
):
    """A dossier submitted on `day`, its components satisfied as `evidence` says."""
    procedure = ProcedureFactory(code="1.001193", name="Đăng ký khai sinh")
    record = DossierFactory(
        procedure=procedure,
        agency=unit,
        channel=channel,
        status=status,
        submitted_at=at(day, 8),
        **extra,
    )
    for kind in evidence:
        component = DossierComponentFactory(procedure=procedure)
        ComponentEvidence.objects.create(dossier=record, component=component, kind=kind)
        if gap_recorded and kind == ComponentEvidenceKind.DATA:
            DataGap.objects.create(
                dossier=record,
                component=component,
                source="population",
                evidence="Không có bản ghi",
                recorded_by=record.applicant,
            )
    return record


def decide(record, *, day=DAY, approve=True, due: datetime.date, result=False, apology=False):
    """Approve (or not resolve) the dossier on `day`, its due date `due`."""
    target = DossierStatus.RESULT_READY if approve else DossierStatus.NOT_RESOLVED
    if apology:
        ApologySlip.objects.create(
            dossier=record,
            previous_due_date=due - datetime.timedelta(2),
            new_due_date=due,
            reason="Quá hạn",
            issued_by=record.applicant,
        )
    record.status = target
    record.due_date = due
    record.save(update_fields=["status", "due_date"])
    with clock(at(day, 15)):
        DossierEvent.objects.create(
            dossier=record,
            action="approve" if approve else "not_resolve",
            from_status=DossierStatus.IN_PROCESSING,
            to_status=target,
        )
        if result:
            ResultDocument.objects.create(
                dossier=record,
                subject_personal_id="031090001234",
                title="Trích lục",
                file="results/x.pdf",
                sha256="",
                issued_by=record.applicant,
            )


def compliance_event(unit, kind, *, day=DAY):
    with clock(at(day, 11)):
        return ComplianceEvent.objects.create(kind=kind, agency=unit, reference="X")


def complaint(unit, *, day=DAY, responsible=None, **fields):
    with clock(at(day, 9)):
        return ComplaintFactory(
            unit=unit,
            responsible_agency=responsible or unit,
            due_date=fields.pop("due_date", day),
            **fields,
        )


def conclude(record, *, day=DAY, outcome=ComplaintOutcome.UNSUBSTANTIATED, disclosed=False):
    record.status = ComplaintStatus.CONCLUDED
    record.outcome = outcome
    record.concluded_at = at(day, 16)
    if disclosed:
        record.disclosure_status = DisclosureStatus.PUBLISHED
        record.disclosed_at = at(day, 17)
    record.save()


def rating_step(record, *, action: str, day=DAY):
    with clock(at(day, 18)):
        return ComplaintEvent.objects.create(
            complaint=record, action=action, from_status=record.status, to_status=record.status
        )


def violation(record, *, day=DAY):
    with clock(at(day, 16)):
        return Violation.objects.create(
            complaint=record, category=record.category, unit=record.unit
        )


_orders = iter(range(1, 10_000))


def payment(record, *, method=PaymentMethod.ONLINE, status=PaymentStatus.PAID, day=DAY):
    return Payment.objects.create(
        dossier=record,
        payer=record.applicant,
        amount_vnd=8000,
        status=status,
        order_id=f"ORD-{next(_orders)}",
        method=method,
        paid_at=at(day, 12) if status == PaymentStatus.PAID else None,
    )


def applicant_rating(record, rating: int, *, day=DAY):
    with clock(at(day, 19)):
        return SatisfactionRating.objects.create(dossier=record, rating=rating)


def two_wards_history(ward_a, ward_b) -> dict:
    """The fixture the tests count by hand (see tests/dashboards/test_figures.py)."""
    data, gap = ComponentEvidenceKind.DATA, ComponentEvidenceKind.DATA_GAP
    before = DAY - datetime.timedelta(days=1)
    after = DAY + datetime.timedelta(days=2)
    d1 = dossier(ward_a, evidence=[data])
    decide(d1, due=after, result=True)
    d2 = dossier(ward_a, channel=Channel.COUNTER, evidence=[data, gap])
    decide(d2, approve=False, due=before)
    d3 = dossier(ward_a, evidence=[ComponentEvidenceKind.UPLOAD])
    decide(d3, due=DAY, apology=True)
    dossier(ward_a, status=DossierStatus.DRAFT)  # never counted, whatever its dates
    applicant_rating(dossier(ward_a, day=before), 2, day=before)
    d6 = dossier(ward_a, evidence=[data], gap_recorded=True)
    d7 = dossier(ward_b, evidence=[])
    decide(d7, due=DAY)

    compliance_event(ward_a, ComplianceEventKind.REPROVIDE_REFUSED)
    compliance_event(ward_a, ComplianceEventKind.REPROVIDE_REFUSED)
    compliance_event(ward_a, ComplianceEventKind.DATA_GAP_RECORDED)
    compliance_event(ward_a, ComplianceEventKind.LOOKUP_DENIED)
    compliance_event(ward_b, ComplianceEventKind.REPROVIDE_REFUSED, day=before)

    c1 = complaint(ward_a, due_date=DAY)
    conclude(c1, outcome=ComplaintOutcome.SUBSTANTIATED, disclosed=True)
    violation(c1)
    rating_step(c1, action="rate")
    c2 = complaint(ward_a, due_date=before)
    conclude(c2)
    c3 = complaint(ward_a, day=before)
    rating_step(c3, action="reopen")

    applicant_rating(d1, 5)
    applicant_rating(d3, 3)  # neither satisfied nor dissatisfied: not counted as satisfied
    applicant_rating(d7, 4)

    payment(d1)
    payment(d2, method=PaymentMethod.CASH)
    payment(d3, status=PaymentStatus.PENDING)
    return {"d1": d1, "d2": d2, "d3": d3, "d6": d6, "d7": d7, "c1": c1, "c2": c2, "c3": c3}
