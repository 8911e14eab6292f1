"""What the payer is told about their payments, in Vietnamese first (the
site's language), with a link to where they can see it."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from payments.models import Payment
from payments.templatetags.money import vnd
from portal.notifications.services import notify


def failure_text(payment: Payment) -> str:
    """Why a payment did not go through, in the reader's language when known."""
    known = {
        "insufficient_funds": _("The account balance was not enough."),
        "otp_failed": _("The one-time password was entered wrongly too many times."),
        "declined": _("The bank declined the transaction."),
        "cancelled": _("The payment was cancelled."),
    }
    return known.get(payment.failure_code) or payment.failure_reason


def _in_site_language(notice):
    """The notice is composed in the site's language, whoever's request sent it."""

    @wraps(notice)
    def composed(payment: Payment) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            notice(payment)

    return composed


def _tell(payment: Payment, *, title: str, body: str, page: str) -> None:
    """Notify the payer, linking to `page` (a URL name taking the dossier's pk)."""
    notify(user=payment.payer, title=title, body=body,
           url=reverse(page, kwargs={"pk": payment.dossier_id}))  # fmt: skip


@_in_site_language
def paid_notify(payment: Payment) -> None:
    _tell(
        payment,
        title=_("Fee paid for dossier %(code)s") % {"code": payment.dossier.reference},
        body=_(
            "The payment platform confirmed your payment of %(amount)s "
            "(transaction %(transaction)s)."
        ) % {"amount": vnd(payment.amount_vnd), "transaction": payment.transaction_id},
        page="dossiers:track",
    )  # fmt: skip


@_in_site_language
def refund_due_notify(payment: Payment) -> None:
    _tell(
        payment,
        title=_("Fee for dossier %(code)s paid twice") % {"code": payment.dossier.reference},
        body=_(
            "The payment platform confirmed your online payment of %(amount)s "
            "(transaction %(transaction)s), but the fee had already been paid. "
            "This second payment will be refunded to you."
        ) % {"amount": vnd(payment.amount_vnd), "transaction": payment.transaction_id},
        page="payments:dossier",
    )  # fmt: skip


@_in_site_language
def failed_notify(payment: Payment) -> None:
    _tell(
        payment,
        title=_("Payment for dossier %(code)s did not go through")
        % {"code": payment.dossier.reference},
        body=_(
            "The payment of %(amount)s failed: %(reason)s Nothing was charged; "
            "you can try again."
        ) % {"amount": vnd(payment.amount_vnd), "reason": failure_text(payment)},
        page="payments:dossier",
    )  # fmt: skip


@_in_site_language
def counter_paid_notify(payment: Payment) -> None:
    _tell(
        payment,
        title=_("Fee paid for dossier %(code)s") % {"code": payment.dossier.reference},
        body=_(
            "You paid %(amount)s at the one-stop desk (%(how)s); fee receipt number "
            "%(receipt)s."
        ) % {"amount": vnd(payment.amount_vnd), "how": payment.get_method_display(),
             "receipt": payment.receipt_number},
        page="dossiers:track",
    )  # fmt: skip


@_in_site_language
def refunded_notify(payment: Payment) -> None:
    _tell(
        payment,
        title=_("Payment for dossier %(code)s refunded") % {"code": payment.dossier.reference},
        body=_(
            "Your second payment of %(amount)s (transaction %(transaction)s) was refunded "
            "through the payment platform (refund %(refund)s). Your bank or e-wallet may "
            "take a few days to show it."
        ) % {"amount": vnd(payment.amount_vnd), "transaction": payment.transaction_id,
             "refund": payment.refund_id},
        page="payments:dossier",
    )  # fmt: skip
