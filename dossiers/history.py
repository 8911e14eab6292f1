"""A dossier's history as its applicant reads it: each move in plain words,
not a status code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dossiers.models import DossierEvent

# Per move of dossiers/states.py, what happened, said to the applicant.
EVENT_WORDS = {
    "submit": _("You submitted the dossier online."),
    "request_fee": _("You submitted the dossier online; it waits for the fee to be paid."),
    "counter_submit": _("The dossier was taken in at the one-stop desk."),
    "counter_request_fee": _(
        "The dossier was taken in at the one-stop desk; it waits for the fee to be paid."
    ),
    "fee_paid": _("The fee was paid: the dossier went to the unit."),
    "receive": _("The unit received the dossier."),
    "refuse_at_reception": _("The unit refused to receive the dossier."),
    "start_processing": _("An official started processing the dossier."),
    "request_supplement": _("The unit asked for the dossier to be completed."),
    "resubmit": _("The dossier was completed: it went back into processing."),
    "resubmit_for_reception": _("The dossier was completed: it waits to be received."),
    "stop_processing": _("The unit stopped processing the dossier."),
    "approve": _("The dossier was resolved: the result is ready."),
    "not_resolve": _("The dossier could not be resolved."),
    "return_result": _("The result was handed over."),
    "withdraw": _("The dossier was withdrawn."),
}


def event_words(event: DossierEvent) -> str:
    """What the move did, in plain words; its new status for a move not listed."""
    words = EVENT_WORDS.get(event.action)
    return str(words) if words else event.get_to_status_display()
