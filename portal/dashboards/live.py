"""Figures of the present moment rather than of a period: what is late right
now. Read live, one grouped query each over indexed columns (a unit's open
dossiers by status and due date), and summed over each unit's subtree."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint, ComplaintStatus
from dossiers.models import Dossier
from dossiers.workspace_selectors import CLOCK_RUNNING_STATUSES
from portal.accounts.models import Agency
from portal.dashboards.selectors import outermost_paths, units_on_path


def _dossiers_open_overdue(today: datetime.date) -> QuerySet:
    """Dossiers whose clock runs and whose due date has passed, as the official's
    queue filters them (a dossier waiting for the applicant's supplement is not late)."""
    return Dossier.objects.filter(status__in=CLOCK_RUNNING_STATUSES, due_date__lt=today)


# Every status but concluded, named rather than excluded: the status index then
# reads the open complaints alone, however many were concluded before.
OPEN_COMPLAINT_STATUSES = tuple(s for s in ComplaintStatus.values if s != ComplaintStatus.CONCLUDED)


def _complaints_open_overdue(today: datetime.date) -> QuerySet:
    """Complaints not concluded whose handling deadline has passed."""
    return Complaint.objects.filter(status__in=OPEN_COMPLAINT_STATUSES, due_date__lt=today)


@dataclass(frozen=True)
class LiveFigure:
    label: str
    records: Callable[[datetime.date], QuerySet]
    unit_field: str
    listing: str  # the template part of the drill-down


LIVE_FIGURES: dict[str, LiveFigure] = {
    "dossiers_open_overdue": LiveFigure(
        _("open and past due now"), _dossiers_open_overdue, "agency_id", "dossier"
    ),
    "complaints_open_overdue": LiveFigure(
        _("complaints open past their deadline now"), _complaints_open_overdue,
        "responsible_agency_id", "complaint",
    ),
}  # fmt: skip


def live_figures(*, units: Sequence[Agency], today: datetime.date) -> dict[int, dict[str, int]]:
    """{unit id: {live figure: count over the unit's subtree}}, one query per figure."""
    totals = {unit.pk: dict.fromkeys(LIVE_FIGURES, 0) for unit in units}
    by_path = {unit.path: unit.pk for unit in units}
    roots = outermost_paths(by_path)
    if not roots:
        return totals
    for name, figure in LIVE_FIGURES.items():
        relation = figure.unit_field.removesuffix("_id")
        within = Q()
        for path in roots:
            within |= Q(**{f"{relation}__path__startswith": path})
        rows = (
            figure.records(today).filter(within).order_by()
            .values(f"{relation}__path").annotate(n=Count("pk"))
        )  # fmt: skip
        for row in rows:
            for unit_id in units_on_path(row[f"{relation}__path"], by_path):
                totals[unit_id][name] += row["n"]
    return totals
