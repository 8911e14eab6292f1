"""The records behind a dashboard number (drill-down), scoped to the leader's units."""

from __future__ import annotations

from django.core.paginator import Page
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from dossiers.models import ApologySlip
from portal.accounts.models import Agency, User
from portal.core.working_days import working_days_between
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
    "late_dossier": "decided_on",
}

# A figure whose records read better otherwise than its source's: the dossiers
# resolved late show the deadline they missed, their decision and the days late.
FIGURE_LISTING: dict[str, str] = {"dossiers_overdue": "late_dossier"}


def listing_of(figure: str) -> str:
    if figure in LIVE_FIGURES:
        return LIVE_FIGURES[figure].listing
    if figure in FIGURE_LISTING:
        return FIGURE_LISTING[figure]
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
    if listing_of(figure) == "late_dossier":
        records = records.annotate(missed_due_date=_missed_due_date())
    return records.order_by(F(LISTING_DATE[listing_of(figure)]).desc(nulls_last=True), "-pk")


def _missed_due_date():
    """The due date the dossier missed: an apology slip set a new appointment,
    but Decision 766 counts the dossier late against the date in force before
    the first slip (the one it missed); without a slip, its due date."""
    first_slip = ApologySlip.objects.filter(dossier=OuterRef("pk")).order_by("issued_at", "pk")
    return Coalesce(Subquery(first_slip.values("previous_due_date")[:1]), F("due_date"))


def late_dossiers_page(page: Page) -> Page:
    """Give each late dossier of the page its `days_late`: the working days
    from the deadline it missed to its decision, as deadlines are counted."""
    dossiers = list(page.object_list)
    for dossier in dossiers:
        missed, decided = dossier.missed_due_date, dossier.decided_on
        dossier.days_late = working_days_between(missed, decided) if missed and decided else None
    page.object_list = dossiers
    return page
