"""What each figure counts, and the rebuild of one day's figures for every unit.

Each figure is a source (a queryset of the records of a period, and the field
naming the unit they count against) and a condition on those records. The
rebuild groups each source by unit in one query, with one conditional COUNT
per figure; the drill-down lists the same records with the same condition,
so a number and the list behind it never disagree.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from complaints.models import (
    Complaint,
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
    Dossier,
    DossierEvent,
    DossierStatus,
    ResultDocument,
    SatisfactionRating,
)
from payments.models import Payment, PaymentMethod, PaymentStatus
from portal.audit.models import ComplianceEvent, ComplianceEventKind
from portal.dashboards.breakdowns import lookups_rebuild
from portal.dashboards.models import COUNTERS, UnitDayFigures

Bounds = tuple[datetime.datetime, datetime.datetime]


def day_bounds(first: datetime.date, last: datetime.date) -> Bounds:
    """[start of `first`, start of the day after `last`) in the portal's time zone."""
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
    )
    return start, end


def _local_date(expression) -> TruncDate:
    return TruncDate(expression, tzinfo=timezone.get_current_timezone())


# --- Sources: the records of a period, each with the unit it counts against.


def _submitted(bounds: Bounds) -> QuerySet:
    """Dossiers submitted in the period (online or at the desk), whatever became of them."""
    evidence = ComponentEvidence.objects.filter(dossier=OuterRef("pk"))
    return (
        Dossier.objects.exclude(status=DossierStatus.DRAFT)
        .filter(submitted_at__gte=bounds[0], submitted_at__lt=bounds[1])
        .annotate(
            by_data=Exists(evidence.filter(kind=ComponentEvidenceKind.DATA)),
            gap_evidence=Exists(evidence.filter(kind=ComponentEvidenceKind.DATA_GAP)),
            gap_recorded=Exists(DataGap.objects.filter(dossier=OuterRef("pk"))),
        )
    )


DECISIONS = (DossierStatus.RESULT_READY, DossierStatus.NOT_RESOLVED)


def _decided(bounds: Bounds) -> QuerySet:
    """Dossiers decided in the period: approved with a result, or not resolved."""
    decision = DossierEvent.objects.filter(
        dossier=OuterRef("pk"), to_status__in=DECISIONS, at__gte=bounds[0], at__lt=bounds[1]
    ).order_by("at")
    return Dossier.objects.filter(Exists(decision)).annotate(
        decided_on=_local_date(Subquery(decision.values("at")[:1])),
        decision=Subquery(decision.values("to_status")[:1]),
        apologised=Exists(ApologySlip.objects.filter(dossier=OuterRef("pk"))),
        has_result=Exists(ResultDocument.objects.filter(dossier=OuterRef("pk"))),
    )


def _compliance_events(bounds: Bounds) -> QuerySet:
    return ComplianceEvent.objects.filter(created_at__gte=bounds[0], created_at__lt=bounds[1])


def _complaints_filed(bounds: Bounds) -> QuerySet:
    return Complaint.objects.filter(received_at__gte=bounds[0], received_at__lt=bounds[1])


def _complaints_concluded(bounds: Bounds) -> QuerySet:
    return Complaint.objects.filter(
        status=ComplaintStatus.CONCLUDED, concluded_at__gte=bounds[0], concluded_at__lt=bounds[1]
    ).annotate(concluded_on=_local_date("concluded_at"))


def _complaints_disclosed(bounds: Bounds) -> QuerySet:
    return Complaint.objects.filter(
        disclosure_status=DisclosureStatus.PUBLISHED,
        disclosed_at__gte=bounds[0],
        disclosed_at__lt=bounds[1],
    )


def _violations(bounds: Bounds) -> QuerySet:
    return Violation.objects.filter(created_at__gte=bounds[0], created_at__lt=bounds[1])


# A rating of 3 or more is recorded as a "rate" step; 1 or 2 reopens the complaint.
RATING_ACTIONS = ("rate", "reopen")


def _ratings(bounds: Bounds) -> QuerySet:
    return ComplaintEvent.objects.filter(
        action__in=RATING_ACTIONS, at__gte=bounds[0], at__lt=bounds[1]
    )


# On the scale the tracking page asks (1 very dissatisfied … 5 very
# satisfied), 3 is neither: satisfied applicants gave 4 or 5.
SATISFIED_FROM = 4


def _dossier_ratings(bounds: Bounds) -> QuerySet:
    return SatisfactionRating.objects.filter(rated_at__gte=bounds[0], rated_at__lt=bounds[1])


def _payments(bounds: Bounds) -> QuerySet:
    # A fee paid twice counts once: the second payment is owed back.
    return Payment.objects.filter(
        status=PaymentStatus.PAID, refund_due=False, paid_at__gte=bounds[0], paid_at__lt=bounds[1]
    )


@dataclass(frozen=True)
class Source:
    records: Callable[[Bounds], QuerySet]
    unit_field: str  # the field holding the agency the records count against
    moment: str  # the time (or, for "decided_on", the date) that puts a record on its day


SOURCES: dict[str, Source] = {
    "submitted": Source(_submitted, "agency_id", "submitted_at"),
    "decided": Source(_decided, "agency_id", "decided_on"),
    "compliance": Source(_compliance_events, "agency_id", "created_at"),
    "complaints_filed": Source(_complaints_filed, "unit_id", "received_at"),
    # Substantiated: counted against the unit the complaint is about.
    "complaints_upheld": Source(_complaints_concluded, "unit_id", "concluded_at"),
    # Handling (on time, published, rated): against the agency that handled it.
    "complaints_handled": Source(_complaints_concluded, "responsible_agency_id", "concluded_at"),
    "complaints_disclosed": Source(_complaints_disclosed, "responsible_agency_id", "disclosed_at"),
    "violations": Source(_violations, "unit_id", "created_at"),
    "ratings": Source(_ratings, "complaint__responsible_agency_id", "at"),
    "payments": Source(_payments, "dossier__agency_id", "paid_at"),
    "dossier_ratings": Source(_dossier_ratings, "dossier__agency_id", "rated_at"),
}


@dataclass(frozen=True)
class Figure:
    source: str
    condition: Q


ON_TIME = ~Q(apologised=True) & (Q(due_date__isnull=True) | Q(decided_on__lte=F("due_date")))
BY_DATA = Q(by_data=True) | Q(gap_evidence=True) | Q(gap_recorded=True)

FIGURES: dict[str, Figure] = {
    "dossiers_received": Figure("submitted", Q()),
    "dossiers_online": Figure("submitted", Q(channel=Channel.ONLINE)),
    # At least one component electronic data replaces (satisfied by data, or a data gap).
    "dossiers_with_replacements": Figure("submitted", BY_DATA),
    # Every replaced component satisfied by data: no data gap found by the
    # applicant's prefill, none recorded by the official.
    "dossiers_paperless": Figure(
        "submitted", Q(by_data=True, gap_evidence=False, gap_recorded=False)
    ),
    # Decided by the due date, with no apology slip (an apology moves the due
    # date, but the dossier was late all the same).
    "dossiers_on_time": Figure("decided", ON_TIME),
    "dossiers_overdue": Figure("decided", ~ON_TIME),
    "dossiers_approved": Figure("decided", Q(decision=DossierStatus.RESULT_READY)),
    "results_digitised": Figure("decided", Q(decision=DossierStatus.RESULT_READY, has_result=True)),
    "reprovide_refused": Figure("compliance", Q(kind=ComplianceEventKind.REPROVIDE_REFUSED)),
    "data_gaps": Figure("compliance", Q(kind=ComplianceEventKind.DATA_GAP_RECORDED)),
    "complaints_received": Figure("complaints_filed", Q()),
    "complaints_substantiated": Figure(
        "complaints_upheld", Q(outcome=ComplaintOutcome.SUBSTANTIATED)
    ),
    "violations": Figure("violations", Q()),
    "complaints_concluded": Figure("complaints_handled", Q()),
    "complaints_concluded_on_time": Figure(
        "complaints_handled", Q(concluded_on__lte=F("due_date"))
    ),
    "complaints_disclosed": Figure("complaints_disclosed", Q()),
    "ratings_count": Figure("ratings", Q()),
    "ratings_satisfied": Figure("ratings", Q(action="rate")),
    "payments_paid": Figure("payments", Q()),
    "payments_online": Figure("payments", Q(method=PaymentMethod.ONLINE)),
    "dossier_ratings_count": Figure("dossier_ratings", Q()),
    "dossier_ratings_satisfied": Figure("dossier_ratings", Q(rating__gte=SATISFIED_FROM)),
}
assert set(FIGURES) == set(COUNTERS), "every counter has exactly one definition"


def figure_records(*, figure: str, bounds: Bounds) -> QuerySet:
    """The records behind a figure for a period, for every unit: the caller
    scopes them with `unit_field_of(figure)`. Raises KeyError for an unknown figure."""
    definition = FIGURES[figure]
    return SOURCES[definition.source].records(bounds).filter(definition.condition)


def unit_field_of(figure: str) -> str:
    return SOURCES[FIGURES[figure].source].unit_field


def _day_of(source: Source):
    if source.moment == "decided_on":
        return F("decided_on")  # a date already, in the portal's time zone
    return _local_date(source.moment)


def _counts(bounds: Bounds) -> dict[tuple[int, datetime.date], dict[str, int]]:
    """{(agency id, day): {figure: count}}: one query per source over the
    whole period, grouped by unit and day, however many days it spans."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for name, definition in FIGURES.items():
        by_source[definition.source].append(name)
    counts: dict[tuple[int, datetime.date], dict[str, int]] = defaultdict(dict)
    for source_name, names in by_source.items():
        source = SOURCES[source_name]
        rows = (
            source.records(bounds)
            .exclude(**{f"{source.unit_field}__isnull": True})
            .annotate(figure_day=_day_of(source))
            .order_by()
            .values(source.unit_field, "figure_day")
            .annotate(
                **{
                    name: Count("pk", filter=FIGURES[name].condition, distinct=True)
                    for name in names
                }
            )
        )
        for row in rows:
            key = (row.pop(source.unit_field), row.pop("figure_day"))
            counts[key].update(row)
    return counts


@transaction.atomic
def figures_rebuild_days(*, first: datetime.date, last: datetime.date) -> int:
    """Recompute the figures of every unit for each day of [first, last] from
    the records, with one query per source for the whole range (a set, not a
    loop over days). Idempotent: running it again, or twice at once, leaves
    the same rows. Returns how many unit-day rows have anything."""
    counts = {
        key: values
        for key, values in _counts(day_bounds(first, last)).items()
        if any(values.values()) and first <= key[1] <= last
    }
    rows = [
        UnitDayFigures(agency_id=unit, day=day, **{name: values.get(name, 0) for name in COUNTERS})
        for (unit, day), values in counts.items()
    ]
    UnitDayFigures.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["agency", "day"],
        update_fields=[*COUNTERS, "refreshed_at"],
    )
    # A unit whose last record of the day went away (a complaint reclassified) keeps no row.
    kept: dict[datetime.date, list[int]] = defaultdict(list)
    for unit, day in counts:
        kept[day].append(unit)
    day = first
    while day <= last:
        UnitDayFigures.objects.filter(day=day).exclude(agency_id__in=kept[day]).delete()
        lookups_rebuild(day=day, bounds=day_bounds(day, day))
        day += datetime.timedelta(days=1)
    return len(rows)


def figures_rebuild(*, day: datetime.date) -> int:
    """Recompute one day's figures for every unit (see figures_rebuild_days)."""
    return figures_rebuild_days(first=day, last=day)
