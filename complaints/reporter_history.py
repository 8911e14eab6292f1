"""A complaint's history as its reporter follows it (the tracking page and
API, by account or tracking link): each move of its status in plain words,
with the words meant for the reporter — the question asked of them, their
own answer, the agency's answer, their comment sending it back. Assignment,
re-routing, reclassification, reminders, escalations and corrections opened
are the administration's own: their notes name officials and leaders, and
why and to whom it was escalated. The unit's handlers see every step
(complaints.workspace_views, the handling API)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint

# The steps the reporter is shown, in plain words.
STEP_WORDS = {
    "file": _("Your complaint was received"),
    "route": _("Sent to the agency that handles it"),
    "start": _("The agency began handling it"),
    "ask_reporter": _("The agency asked you for more"),
    "reporter_reply": _("You answered"),
    "conclude": _("The agency concluded and answered"),
    "reopen": _("You were not satisfied: it is handled again"),
}

# Of those, the ones whose note is addressed to the reporter, or is their own.
NOTES_FOR_REPORTER = frozenset({"ask_reporter", "reporter_reply", "conclude", "reopen"})


@dataclass(frozen=True)
class ReporterStep:
    action: str
    status: str
    at: datetime.datetime
    words: str
    note: str


def reporter_history(complaint: Complaint) -> list[ReporterStep]:
    """The steps of `complaint` its reporter is shown, oldest first."""
    return [
        ReporterStep(
            action=event.action,
            status=event.to_status,
            at=event.at,
            words=str(STEP_WORDS[event.action]),
            note=event.note if event.action in NOTES_FOR_REPORTER else "",
        )
        for event in complaint.events.filter(action__in=STEP_WORDS)
    ]


def reporter_question(complaint: Complaint) -> str:
    """What the agency last asked the reporter (the page shows it above the answer)."""
    asked = complaint.events.filter(action="ask_reporter").order_by("-at", "-id").first()
    return asked.note if asked else ""
