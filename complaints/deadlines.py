"""How long each kind of complaint may take, in working days (weekends and
Vietnamese public holidays excluded). Being asked again for data the state
holds is handled fastest: the citizen is usually waiting at a counter."""

from __future__ import annotations

import datetime

from complaints.models import ComplaintCategory
from portal.core.working_days import due_date

HANDLING_WORKING_DAYS: dict[str, int] = {
    ComplaintCategory.REPROVIDE_DATA: 5,
    ComplaintCategory.CERTIFIED_COPY: 5,
    ComplaintCategory.LATE_PROCESSING: 5,
    ComplaintCategory.WRONG_DATA: 10,
    ComplaintCategory.CONDUCT: 10,
    ComplaintCategory.OTHER: 10,
}


def handling_due(*, category: str, received_at: datetime.datetime) -> datetime.date:
    return due_date(received_at, HANDLING_WORKING_DAYS[category])


def escalation_due(*, category: str, received_at: datetime.datetime) -> datetime.date:
    """Three times the handling time: the province is told after this day."""
    return due_date(received_at, 3 * HANDLING_WORKING_DAYS[category])
