"""A dossier's history as its applicant reads it: each move in plain words,
not a status code. The payment of a fee says how it was paid: online through
the platform, with its transaction, or at the desk, by whom and against which
fee receipt. Both it and a completion asked for before reception say that
the processing time runs from them. The agency API gives the same words, in
Vietnamese and English, beside the national portal's status codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier, DossierEvent
from dossiers.states import INTERNAL_NOTE_ACTIONS, national_status_step
from dossiers.submission_times import COMPLETED_BEFORE_RECEPTION, FEE_PAID

if TYPE_CHECKING:
    from payments.models import Payment

# Per move of dossiers/states.py, what happened, said to the applicant.
EVENT_WORDS = {
    "submit": _("You submitted the dossier online."),
    "request_fee": _("You submitted the dossier online; it waits for the fee to be paid."),
    "counter_submit": _("The dossier was taken in at the one-stop desk."),
    "counter_request_fee": _(
        "The dossier was taken in at the one-stop desk; it waits for the fee to be paid."
    ),
    # Said when the payment is not on record (a dossier without a fee moved on).
    FEE_PAID: _(
        "The fee was paid: the dossier went to the unit; its processing time runs from "
        "this payment."
    ),
    "receive": _("The unit received the dossier."),
    "refuse_at_reception": _("The unit refused to receive the dossier."),
    "start_processing": _("An official started processing the dossier."),
    "request_supplement": _("The unit asked for the dossier to be completed."),
    # Completed in processing, the unit's clock stopped while it waited
    # (dossiers.supplement_answers.supplement_answer): its date moved by those days.
    "resubmit": _(
        "The dossier was completed: it went back into processing; its appointment date "
        "moved by the working days it waited for the completion."
    ),
    # Completed before reception, it counts as received only from then
    # (dossiers.submission_times): its time starts again, like after a fee paid later.
    COMPLETED_BEFORE_RECEPTION: _(
        "The dossier was completed: it waits to be received; its processing time runs "
        "again from this completion."
    ),
    "stop_processing": _("The unit stopped processing the dossier."),
    "propose_approval": _(
        "The dossier was examined: its result awaits the signature of the unit's leader."
    ),
    # Neutral until signed: the leader may yet send it back.
    "propose_not_resolve": _(
        "The dossier was examined: the decision on it awaits the signature of the unit's leader."
    ),
    "send_back_for_review": _(
        "The unit's leader asked for the dossier to be examined again before signing."
    ),
    "approve": _("The dossier was resolved: the result is ready."),
    "not_resolve": _("The dossier could not be resolved."),
    "return_result": _("The result was handed over."),
    "withdraw": _("The dossier was withdrawn."),
}


def reason_for_applicant(event: DossierEvent) -> str:
    """The move's reason as the applicant may read it."""
    return "" if event.action in INTERNAL_NOTE_ACTIONS else event.reason


def fee_paid_words(event: DossierEvent, payment: Payment | None) -> str:
    """How the fee was paid, and that the dossier went on from then: words
    for the applicant and the unit's staff alike."""
    from payments.models import PaymentMethod

    if payment is None:
        return str(EVENT_WORDS[FEE_PAID])
    if payment.method == PaymentMethod.ONLINE:
        return gettext(
            "The fee was paid online through the national payment platform (transaction "
            "%(transaction)s): the dossier went to the unit; its processing time runs from "
            "this payment."
        ) % {"transaction": payment.transaction_id or payment.order_id}
    official = payment.recorded_by or event.actor
    if official is None:
        return str(EVENT_WORDS[FEE_PAID])
    return gettext(
        "The fee was taken at the one-stop desk by %(official)s (fee receipt no. "
        "%(receipt)s): the dossier went to the unit; its processing time runs from "
        "this payment."
    ) % {"official": official.full_name, "receipt": payment.receipt_number}


def event_words(event: DossierEvent, *, fee_payment: Payment | None = None) -> str:
    """What the move did, in plain words; its new status for a move not listed.
    `fee_payment` is the payment that settled the fee, for its payment's move."""
    if event.action == FEE_PAID:
        return fee_paid_words(event, fee_payment)
    words = EVENT_WORDS.get(event.action)
    return str(words) if words else event.get_to_status_display()


def history_in_words(*, dossier: Dossier) -> list[tuple[DossierEvent, str]]:
    """The dossier's moves in order, each with its plain words. The payment
    of the fee is read once, and only for a dossier whose fee was paid later."""
    from payments.selectors import dossier_fee_payment

    events = list(dossier.events.select_related("actor"))
    payment = (
        dossier_fee_payment(dossier_id=dossier.pk)
        if any(event.action == FEE_PAID for event in events)
        else None
    )
    return [(event, event_words(event, fee_payment=payment)) for event in events]


def national_history_in_words(*, dossier: Dossier) -> list[dict]:
    """The history in the national portal's vocabulary (states.status_history_national),
    each step with its plain words in Vietnamese and in English (`description_vi`,
    `description_en`), as `history_in_words` says them in each language."""
    with translation.override("vi"):
        vietnamese = history_in_words(dossier=dossier)
    # Read second: events are only ever appended, so every move read above is here.
    with translation.override("en"):
        english = {event.pk: words for event, words in history_in_words(dossier=dossier)}
    steps = []
    for event, words in vietnamese:
        step = national_status_step(dossier=dossier, event=event)
        if step is not None:
            steps.append({**step, "description_vi": words, "description_en": english[event.pk]})
    return steps
