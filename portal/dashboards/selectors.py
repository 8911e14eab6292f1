"""Reads of the dashboards: periods of figures summed over units' subtrees,
always within what the leader may see."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Max, Q, QuerySet, Sum

from portal.accounts.models import Agency, Role, User
from portal.accounts.selectors import agencies_visible_to
from portal.dashboards.models import COUNTERS, UnitDayFigures

Figures = dict[str, int]
DASHBOARD_ROLES = frozenset({Role.LEADER, Role.ADMINISTRATOR})


def zero_figures() -> Figures:
    return dict.fromkeys(COUNTERS, 0)


def dashboard_units(*, user: User) -> QuerySet[Agency]:
    """The units whose dashboards this user may open: a leader's subtree."""
    if not user.is_authenticated or user.role not in DASHBOARD_ROLES:
        return Agency.objects.none()
    return agencies_visible_to(user=user)


def dashboard_unit(*, user: User, code: str | None) -> Agency | None:
    """The unit asked for (the leader's own when none is), or None when the
    user may not see it."""
    units = dashboard_units(user=user)
    if code:
        return units.filter(code=code).first()
    if user.agency_id:
        return units.filter(pk=user.agency_id).first()
    return units.filter(parent__isnull=True).first()


def outermost_paths(paths) -> list[str]:
    """The paths no other path contains: the children of a unit add no condition."""
    return [path for path in paths if not any(
        path != other and path.startswith(other) for other in paths
    )]  # fmt: skip


def units_on_path(path: str, by_path: dict[str, int]) -> list[int]:
    """The ids (of `by_path`, keyed by path) of the agency at `path` and its ancestors."""
    parts = path.split("/")[:-1]
    prefixes = ("/".join(parts[:depth]) + "/" for depth in range(1, len(parts) + 1))
    return [by_path[prefix] for prefix in prefixes if prefix in by_path]


def subtree_figures(
    *, units: Sequence[Agency], first: datetime.date, last: datetime.date
) -> dict[int, Figures]:
    """{unit id: figures of the unit and everything under it, summed over
    [first, last]}. One query over the pre-aggregated rows, grouped by agency;
    each row is added to the units on its path (a province = its subtree)."""
    totals = {unit.pk: zero_figures() for unit in units}
    if not units:
        return totals
    by_path = {unit.path: unit.pk for unit in units}
    within = Q()
    for path in outermost_paths(by_path):
        within |= Q(agency__path__startswith=path)
    rows = (
        UnitDayFigures.objects.filter(within, day__gte=first, day__lte=last)
        .order_by()
        .values("agency__path")
        .annotate(**{name: Sum(name) for name in COUNTERS})
    )
    for row in rows:
        for unit_id in units_on_path(row.pop("agency__path"), by_path):
            figures = totals[unit_id]
            for name, value in row.items():
                figures[name] += value or 0
    return totals


def daily_figures(
    *, unit: Agency, first: datetime.date, last: datetime.date
) -> list[tuple[datetime.date, Figures]]:
    """Each day of [first, last] with the figures of the unit's subtree. One query."""
    rows = (
        UnitDayFigures.objects.filter(
            agency__path__startswith=unit.path, day__gte=first, day__lte=last
        )
        .order_by()
        .values("day")
        .annotate(**{name: Sum(name) for name in COUNTERS})
    )
    by_day = {row.pop("day"): row for row in rows}
    days = []
    day = first
    while day <= last:
        days.append((day, zero_figures() | by_day.get(day, {})))
        day += datetime.timedelta(days=1)
    return days


def figures_refreshed_at(*, unit: Agency, first: datetime.date, last: datetime.date):
    """When the newest of the period's figures were computed, or None."""
    return UnitDayFigures.objects.filter(
        agency__path__startswith=unit.path, day__gte=first, day__lte=last
    ).aggregate(at=Max("refreshed_at"))["at"]
