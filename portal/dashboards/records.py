"""The records behind a dashboard number (drill-down), scoped to the leader's units."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.utils import timezone

from portal.accounts.models import Agency, User
from portal.dashboards.figures import FIGURES, SOURCES, day_bounds, figure_records
from portal.dashboards.live import LIVE_FIGURES
from portal.dashboards.periods import Period
from portal.dashboards.selectors import dashboard_units

# How each source's records are listed: the template part and what to join.
LISTING: dict[str, tuple[str, tuple[str, ...]]] = {
    "submitted": ("dossier", ("agency", "procedure")),
    "decided": ("dossier", ("agency", "procedure")),
    "compliance": ("event", ("agency",)),
    "complaints_filed": ("complaint", ("unit", "responsible_agency")),
    "complaints_upheld": ("complaint", ("unit", "responsible_agency")),
    "complaints_handled": ("complaint", ("unit", "responsible_agency")),
    "complaints_disclosed": ("complaint", ("unit", "responsible_agency")),
    "violations": ("violation", ("unit", "complaint")),
    "ratings": ("rating", ("complaint__responsible_agency",)),
    "payments": ("payment", ("dossier__agency",)),
    "dossier_ratings": ("dossier_rating", ("dossier__agency",)),
}
assert set(LISTING) == set(SOURCES)


# The date each listing shows: records read newest first by it, then by id, so
# that records entered later with an earlier date (backdated) fall in place.
LISTING_DATE: dict[str, str] = {
    "dossier": "submitted_at",
    "complaint": "received_at",
    "event": "created_at",
    "violation": "created_at",
    "rating": "at",
    "payment": "paid_at",
    "dossier_rating": "rated_at",
}


def listing_of(figure: str) -> str:
    if figure in LIVE_FIGURES:
        return LIVE_FIGURES[figure].listing
    return LISTING[FIGURES[figure].source][0]


_JOINS = {"dossier": ("agency", "procedure"), "complaint": ("unit", "responsible_agency")}


def records_behind(*, user: User, unit: Agency, figure: str, period: Period) -> QuerySet:
    """The records a figure of `unit` (its subtree) counts over `period` (or
    now, for a live figure), newest first. Only within the units the user may
    see. Raises KeyError for an unknown figure."""
    if figure in LIVE_FIGURES:
        live = LIVE_FIGURES[figure]
        records, unit_field = live.records(timezone.localdate()), live.unit_field
        joins = _JOINS[live.listing]
    else:
        source = SOURCES[FIGURES[figure].source]
        records = figure_records(figure=figure, bounds=day_bounds(period.first, period.last))
        unit_field, joins = source.unit_field, LISTING[FIGURES[figure].source][1]
    relation = unit_field.removesuffix("_id")
    records = records.filter(
        **{
            f"{relation}__path__startswith": unit.path,
            f"{relation}__in": dashboard_units(user=user),
        }
    ).select_related(*joins)
    return records.order_by(F(LISTING_DATE[listing_of(figure)]).desc(nulls_last=True), "-pk")
