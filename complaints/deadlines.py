"""How long each kind of complaint may take, in working days (weekends and
Vietnamese public holidays excluded). Being asked again for data the state
holds is handled fastest: the citizen is usually waiting at a counter."""

from __future__ import annotations

import datetime

from complaints.models import ComplaintCategory
from portal.core.working_days import due_date, working_days_add

HANDLING_WORKING_DAYS: dict[str, int] = {
    ComplaintCategory.REPROVIDE_DATA: 5,
    ComplaintCategory.CERTIFIED_COPY: 5,
    ComplaintCategory.LATE_PROCESSING: 5,
    ComplaintCategory.WRONG_DATA: 10,
    ComplaintCategory.CONDUCT: 10,
    ComplaintCategory.OTHER: 10,
}


def handling_due(*, category: str, received_at: datetime.datetime) -> datetime.date:
    """The answer's deadline for a complaint received, or reopened by its
    reporter, at this moment: each handling gets the full time."""
    return due_date(received_at, HANDLING_WORKING_DAYS[category])


def escalation_due(*, category: str, due: datetime.date) -> datetime.date:
    """Three times the handling time from the handling's start (twice more after
    its deadline `due`, so a reopened complaint counts from its reopening): the
    province is told after this day."""
    return working_days_add(due, 2 * HANDLING_WORKING_DAYS[category])
