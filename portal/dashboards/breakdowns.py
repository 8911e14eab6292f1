"""Figures a leader reads broken down rather than per unit: complaints open
and overdue by category, correction requests open and aged per source,
lookups per source (failure rate, p95 time) and procedures with published
replacements out of the catalog. Each is for one unit's subtree.

What is "now" (open complaints, open corrections, published lists) is read
live, one grouped query each. Lookups happen over a period, so they are
counted per unit, source and day by `lookups_rebuild`, with the day's figures.
The records behind every number are listed by `breakdown_records` with the
same conditions.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.db import transaction
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from complaints.models import Complaint, ComplaintCategory
from datasources import registry
from datasources.exceptions import UnknownSource
from datasources.models import CorrectionFlag, CorrectionRequest, CorrectionStatus
from datasources.purposes import PurposeKind
from datasources.selectors import corrections_aged_since
from dossiers.models import Dossier
from portal.accounts.models import Agency
from portal.audit.models import AccessLog, AccessOutcome
from portal.core.vietnamese import vietnamese_sort_key
from portal.dashboards.live import OPEN_COMPLAINT_STATUSES
from portal.dashboards.models import (
    LATENCY_BOUNDS_MS,
    LATENCY_BUCKETS,
    LOOKUP_COUNTERS,
    UnitDaySourceLookups,
)
from procedures.models import Procedure, ReplacementListEntry
from procedures.selectors import replacement_lists_in_force

# Reads of a source; a denied or refused lookup never reached it.
READ_OUTCOMES = (
    AccessOutcome.OK, AccessOutcome.CACHED, AccessOutcome.NOT_FOUND, AccessOutcome.FAILED,
)  # fmt: skip

Bounds = tuple[datetime.datetime, datetime.datetime]


def field_labels(source_code: str) -> dict[str, str]:
    """{field name: its label in the page's language} for one source; {} for an unknown one."""
    try:
        return {field.name: field.label for field in registry.source(source_code).fields}
    except UnknownSource:
        return {}


def category_label(code: str) -> str:
    return str(dict(ComplaintCategory.choices).get(code, code))


# --- Complaints open and overdue by category (now).


def _open_complaints(unit: Agency) -> QuerySet:
    """Complaints the unit's subtree handles and has not concluded, as the
    live "open past their deadline" figure counts them."""
    return Complaint.objects.filter(
        status__in=OPEN_COMPLAINT_STATUSES, responsible_agency__path__startswith=unit.path
    )


def complaints_by_category(*, unit: Agency, today: datetime.date) -> list[dict]:
    rows = (
        _open_complaints(unit).order_by().values("category")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    )  # fmt: skip
    return sorted(
        ({"key": row["category"], "label": category_label(row["category"]),
          "open": row["open"], "overdue": row["overdue"]} for row in rows),
        key=lambda row: (-row["open"], vietnamese_sort_key(str(row["label"]))),
    )  # fmt: skip


# --- Correction requests open and aged per source (now).


def _open_corrections(unit: Agency) -> QuerySet:
    """Open requests flagged by staff of the unit's subtree (a database owner
    sits outside the province's tree: the request counts where it was raised)."""
    raised_here = CorrectionFlag.objects.filter(
        request=OuterRef("pk"), flagged_by__agency__path__startswith=unit.path
    )
    return CorrectionRequest.objects.filter(Exists(raised_here), status=CorrectionStatus.OPEN)


def corrections_by_source(*, unit: Agency, now: datetime.datetime) -> list[dict]:
    aged = Q(opened_at__lt=corrections_aged_since(now))
    rows = (
        _open_corrections(unit).order_by().values("source")
        .annotate(open=Count("pk"), aged=Count("pk", filter=aged),
                  oldest=Min("opened_at"))
    )  # fmt: skip
    return sorted(
        ({"key": row["source"], "label": registry.source_name(row["source"]), "open": row["open"],
          "aged": row["aged"], "oldest_days": (now - row["oldest"]).days} for row in rows),
        key=lambda row: (-row["open"], vietnamese_sort_key(str(row["label"]))),
    )  # fmt: skip


# --- Lookups per source (a period, pre-aggregated).


def _lookup_unit():
    """The unit a lookup counts against: the dossier's unit for a dossier's
    purpose (a citizen's prefill included), the handling agency for a
    complaint's, else the agency of the official who looked."""
    dossier_unit = Dossier.objects.filter(
        pk=Cast(OuterRef("purpose_id"), BigIntegerField())
    ).values("agency_id")[:1]
    complaint_unit = Complaint.objects.filter(code=OuterRef("purpose_id")).values(
        "responsible_agency_id"
    )[:1]
    return Coalesce(
        Case(
            When(purpose_type=PurposeKind.DOSSIER, purpose_id__regex=r"^[0-9]{1,18}$",
                 then=Subquery(dossier_unit)),
            When(purpose_type=PurposeKind.COMPLAINT, then=Subquery(complaint_unit)),
            output_field=BigIntegerField(),
        ),
        "actor_agency_id",
        output_field=BigIntegerField(),
    )  # fmt: skip


def _reads(bounds: Bounds) -> QuerySet:
    return AccessLog.objects.filter(
        created_at__gte=bounds[0], created_at__lt=bounds[1], outcome__in=READ_OUTCOMES
    ).annotate(unit_id=_lookup_unit())


def _bucket(name: str) -> Q:
    """The lookups timed within the bucket `name` (le_500: over 250, up to 500 ms)."""
    index = LATENCY_BUCKETS.index(name)
    above = Q(elapsed_ms__gt=LATENCY_BOUNDS_MS[index - 1]) if index else Q(elapsed_ms__gte=0)
    if name == "over":
        return above
    return above & Q(elapsed_ms__lte=LATENCY_BOUNDS_MS[index])


LOOKUP_CONDITIONS: dict[str, Q] = {
    "lookups": Q(),
    "failed": Q(outcome=AccessOutcome.FAILED),
    "timed": Q(elapsed_ms__isnull=False),
    **{name: _bucket(name) for name in LATENCY_BUCKETS},
}
assert tuple(LOOKUP_CONDITIONS) == LOOKUP_COUNTERS


@transaction.atomic
def lookups_rebuild(*, day: datetime.date, bounds: Bounds) -> int:
    """Recompute one day's lookups per unit and source. Idempotent."""
    rows = (
        _reads(bounds).exclude(unit_id__isnull=True).order_by().values("unit_id", "source")
        .annotate(**{name: Count("pk", filter=cond) for name, cond in LOOKUP_CONDITIONS.items()})
    )  # fmt: skip
    records = [
        UnitDaySourceLookups(agency_id=row.pop("unit_id"), day=day, source=row.pop("source"), **row)
        for row in rows
    ]
    UnitDaySourceLookups.objects.bulk_create(
        records,
        update_conflicts=True,
        unique_fields=["agency", "day", "source"],
        update_fields=[*LOOKUP_COUNTERS, "refreshed_at"],
    )
    kept = Q()
    for record in records:
        kept |= Q(agency_id=record.agency_id, source=record.source)
    stale = UnitDaySourceLookups.objects.filter(day=day)
    (stale.exclude(kept) if records else stale).delete()
    return len(records)


def p95_bucket(counts: dict[str, int]) -> str | None:
    """The bucket the 95th percentile of the timed lookups falls in, or None."""
    timed = counts["timed"]
    if not timed:
        return None
    needed, seen = math.ceil(0.95 * timed), 0
    for name in LATENCY_BUCKETS:
        seen += counts[name]
        if seen >= needed:
            return name
    return LATENCY_BUCKETS[-1]


def bucket_label(name: str | None) -> str:
    if name is None:
        return "—"
    if name == "over":
        return f"> {LATENCY_BOUNDS_MS[-1]} ms"
    return f"≤ {name.removeprefix('le_')} ms"


def lookups_by_source(*, unit: Agency, first: datetime.date, last: datetime.date) -> list[dict]:
    """Per source: lookups over the period by the unit's subtree, the share the
    source failed, and the p95 time as the bucket it falls in. One query."""
    rows = (
        UnitDaySourceLookups.objects.filter(
            agency__path__startswith=unit.path, day__gte=first, day__lte=last
        )
        .order_by().values("source")
        .annotate(**{name: Sum(name) for name in LOOKUP_COUNTERS})
    )  # fmt: skip
    result = []
    for row in rows:
        p95 = p95_bucket(row)
        result.append({
            "key": row["source"], "label": registry.source_name(row["source"]),
            "lookups": row["lookups"], "failed": row["failed"],
            "failure_rate": round(row["failed"] / row["lookups"], 4) if row["lookups"] else 0.0,
            "p95": p95, "p95_label": bucket_label(p95),
        })  # fmt: skip
    return sorted(result, key=lambda row: (-row["lookups"], vietnamese_sort_key(str(row["label"]))))


# --- Procedures with published replacements (now).


def _replaced_procedures(unit: Agency) -> QuerySet:
    """Active procedures of the catalog that a list in force in the unit's
    subtree replaces a component of (a version published for a later date
    counts from that date, the one it replaces until then)."""
    codes = ReplacementListEntry.objects.filter(
        replacement_list__in=replacement_lists_in_force().filter(
            agency__path__startswith=unit.path
        ),
    ).values("procedure_code")
    return Procedure.objects.filter(active=True, code__in=codes)


def procedures_replaced(*, unit: Agency) -> dict:
    catalog = Procedure.objects.filter(active=True).count()
    replaced = _replaced_procedures(unit).count()
    return {"replaced": replaced, "catalog": catalog,
            "share": round(replaced / catalog, 4) if catalog else 0.0}  # fmt: skip


# --- The records behind each number.


@dataclass(frozen=True)
class Breakdown:
    listing: str  # the template part
    keyed: bool  # by category or source


BREAKDOWNS: dict[str, Breakdown] = {
    "complaints_open": Breakdown("complaint", True),
    "complaints_overdue": Breakdown("complaint", True),
    "corrections_open": Breakdown("correction", True),
    "corrections_aged": Breakdown("correction", True),
    "lookups": Breakdown("lookup", True),
    "lookups_failed": Breakdown("lookup", True),
    "procedures_replaced": Breakdown("procedure", False),
}

# The date each listing shows: records read newest first by it, then by id, so
# that records entered later with an earlier date (backdated) fall in place.
LISTING_DATE = {"complaint": "received_at", "correction": "opened_at", "lookup": "created_at"}


def breakdown_records(
    *, unit: Agency, name: str, key: str, bounds: Bounds, now: datetime.datetime
) -> QuerySet:
    """The records behind a number of `unit`'s breakdowns (its subtree; the
    caller has checked the unit is the user's to see). Raises KeyError."""
    today = timezone.localdate(now)
    if name == "complaints_open":
        records = _open_complaints(unit).filter(category=key)
    elif name == "complaints_overdue":
        records = _open_complaints(unit).filter(category=key, due_date__lt=today)
    elif name == "corrections_open":
        records = _open_corrections(unit).filter(source=key)
    elif name == "corrections_aged":
        records = _open_corrections(unit).filter(
            source=key, opened_at__lt=corrections_aged_since(now)
        )
    elif name in ("lookups", "lookups_failed"):
        records = (
            _reads(bounds)
            .filter(source=key, unit_id__in=Agency.objects.subtree_of(unit).values("pk"))
            .select_related("actor_agency")
        )
        if name == "lookups_failed":
            records = records.filter(outcome=AccessOutcome.FAILED)
    elif name == "procedures_replaced":
        return _replaced_procedures(unit).select_related("sector").order_by("code")
    else:
        raise KeyError(name)
    listing = BREAKDOWNS[name].listing
    if listing == "complaint":
        records = records.select_related("unit", "responsible_agency")
    return records.order_by(F(LISTING_DATE[listing]).desc(nulls_last=True), "-pk")
