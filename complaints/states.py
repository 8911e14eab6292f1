"""The complaint lifecycle as a transitions table. Every move goes through
`transition`, under a row lock, and is recorded as an event."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from complaints.exceptions import ComplaintTransitionRefused
from complaints.models import Complaint, ComplaintEvent
from complaints.models import ComplaintStatus as S
from portal.accounts.models import User
from portal.core.both_languages import choice_in_both_languages


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str


TRANSITIONS: dict[str, Move] = {
    "route": Move(frozenset({S.RECEIVED}), S.ROUTED),
    "start": Move(frozenset({S.ROUTED}), S.IN_HANDLING),
    "ask_reporter": Move(frozenset({S.IN_HANDLING}), S.AWAITING_REPORTER),
    "reporter_reply": Move(frozenset({S.AWAITING_REPORTER}), S.IN_HANDLING),
    "conclude": Move(frozenset({S.IN_HANDLING}), S.CONCLUDED),
    # A reporter unhappy with the handling sends it back.
    "reopen": Move(frozenset({S.CONCLUDED}), S.IN_HANDLING),
}


def allowed(*, complaint: Complaint, action: str) -> bool:
    move = TRANSITIONS.get(action)
    return move is not None and complaint.status in move.sources


@transaction.atomic
def transition(
    *, complaint: Complaint, action: str, by: User | None, note: str = "", **changes
) -> Complaint:
    """Move the complaint (locked for the move) and record the event; `changes`
    are saved with it. Raises ComplaintTransitionRefused when not allowed now."""
    locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    if not allowed(complaint=locked, action=action):
        raise ComplaintTransitionRefused(
            _(
                "Phản ánh đang ở trạng thái “%(status_vi)s”, không thể thực hiện thao tác này. "
                "The complaint is “%(status_en)s”: this action is not possible now."
            )
            % choice_in_both_languages(S, locked.status, "status")
        )
    previous = locked.status
    locked.status = TRANSITIONS[action].target
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *changes])
    ComplaintEvent.objects.create(
        complaint=locked, action=action, from_status=previous, to_status=locked.status,
        actor=by if by and by.pk else None, note=note,
    )  # fmt: skip
    for name in ("status", *changes):  # the caller's instance sees the move too
        setattr(complaint, name, getattr(locked, name))
    return locked
