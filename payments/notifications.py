"""What the payer is told about their payments, with a link to where they
can see it. A notice is stored and e-mailed as it was written, so it is
written in both languages, Vietnamese first ("Vietnamese. English."), as the
portal's other notices are; the page that lists it shows it as stored."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

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


def _in(language: str, text: Callable[[], str]) -> str:
    """A text composed from the catalogs (a reason, a method's name) in this language."""
    with translation.override(language):
        return text()


def _tell(payment: Payment, *, title: str, body: str, page: str) -> None:
    """Notify the payer, linking to `page` (a URL name taking the dossier's pk)."""
    notify(user=payment.payer, title=title, body=body,
           url=reverse(page, kwargs={"pk": payment.dossier_id}))  # fmt: skip


def _fee_paid_title(payment: Payment) -> str:
    return _("Đã nộp phí, lệ phí cho hồ sơ %(code)s. Fee paid for dossier %(code)s.") % {
        "code": payment.dossier.reference
    }


def paid_notify(payment: Payment) -> None:
    _tell(
        payment,
        title=_fee_paid_title(payment),
        body=_(
            "Nền tảng thanh toán đã xác nhận khoản thanh toán %(amount)s của bạn (mã giao dịch "
            "%(transaction)s). The payment platform confirmed your payment of %(amount)s "
            "(transaction %(transaction)s)."
        ) % {"amount": vnd(payment.amount_vnd), "transaction": payment.transaction_id},
        page="dossiers:track",
    )  # fmt: skip


def refund_due_notify(payment: Payment) -> None:
    _tell(
        payment,
        title=_(
            "Phí, lệ phí hồ sơ %(code)s đã được nộp hai lần. "
            "Fee for dossier %(code)s paid twice."
        ) % {"code": payment.dossier.reference},
        body=_(
            "Nền tảng thanh toán đã xác nhận khoản thanh toán trực tuyến %(amount)s của bạn "
            "(giao dịch %(transaction)s), nhưng phí, lệ phí của hồ sơ đã được nộp trước đó. "
            "Khoản thanh toán thứ hai này sẽ được hoàn trả cho bạn. "
            "The payment platform confirmed your online payment of %(amount)s "
            "(transaction %(transaction)s), but the fee had already been paid. "
            "This second payment will be refunded to you."
        ) % {"amount": vnd(payment.amount_vnd), "transaction": payment.transaction_id},
        page="payments:dossier",
    )  # fmt: skip


def failed_notify(payment: Payment) -> None:
    reason = partial(failure_text, payment)
    _tell(
        payment,
        title=_(
            "Thanh toán phí, lệ phí cho hồ sơ %(code)s không thành công. "
            "Payment for dossier %(code)s did not go through."
        ) % {"code": payment.dossier.reference},
        body=_(
            "Khoản thanh toán %(amount)s không thành công: %(reason_vi)s Bạn chưa bị trừ tiền; "
            "bạn có thể thanh toán lại. The payment of %(amount)s failed: %(reason_en)s "
            "Nothing was charged; you can try again."
        ) % {"amount": vnd(payment.amount_vnd), "reason_vi": _in("vi", reason),
             "reason_en": _in("en", reason)},
        page="payments:dossier",
    )  # fmt: skip


def counter_paid_notify(payment: Payment) -> None:
    how = payment.get_method_display
    _tell(
        payment,
        title=_fee_paid_title(payment),
        body=_(
            "Bạn đã nộp %(amount)s tại Bộ phận Một cửa (%(how_vi)s); biên lai thu phí, lệ phí "
            "số %(receipt)s. You paid %(amount)s at the one-stop desk (%(how_en)s); fee receipt "
            "number %(receipt)s."
        ) % {"amount": vnd(payment.amount_vnd), "how_vi": _in("vi", how),
             "how_en": _in("en", how), "receipt": payment.receipt_number},
        page="dossiers:track",
    )  # fmt: skip


def refunded_notify(payment: Payment) -> None:
    _tell(
        payment,
        title=_(
            "Đã hoàn tiền khoản thanh toán của hồ sơ %(code)s. "
            "Payment for dossier %(code)s refunded."
        ) % {"code": payment.dossier.reference},
        body=_(
            "Khoản thanh toán thứ hai %(amount)s (giao dịch %(transaction)s) đã được hoàn trả qua "
            "nền tảng thanh toán (mã hoàn tiền %(refund)s). Ngân hàng hoặc ví điện tử có thể cần "
            "vài ngày để ghi nhận. Your second payment of %(amount)s (transaction "
            "%(transaction)s) was refunded through the payment platform (refund %(refund)s). "
            "Your bank or e-wallet may take a few days to show it."
        ) % {"amount": vnd(payment.amount_vnd), "transaction": payment.transaction_id,
             "refund": payment.refund_id},
        page="payments:dossier",
    )  # fmt: skip
