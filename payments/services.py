"""Writes on payments: start (or resume) paying a dossier's fee, take the
platform's signed notification, ask the platform where a payment stands.

A payment becomes paid only on the platform's word: its signed notification,
or its answer to a server-to-server status query. The browser coming back
from the checkout proves nothing. No database transaction is held open while
the platform is called over HTTP: in the embedded default the platform runs
in this same process and database."""

from __future__ import annotations

import datetime
import json
import logging
import secrets
import time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from dossiers.exceptions import TransitionRefused
from dossiers.models import Dossier, DossierStatus
from dossiers.services import dossier_fee_paid
from dossiers.states import Actor, actor_kind
from payments.client import PaymentPlatformClient, PlatformOrder
from payments.exceptions import (
    CounterPaymentRefused,
    FeePaidOnline,
    NoFeeDue,
    NoticeRejected,
    OnlinePaymentUnconfirmed,
    PaymentError,
    PaymentNotAllowed,
    PaymentPlatformRefused,
    PaymentPlatformUnavailable,
    ReceiptNumberTaken,
)
from payments.models import COUNTER_METHODS, Payment, PaymentNotice, PaymentStatus
from payments.selectors import payments_awaiting_confirmation
from payments.signatures import notice_signature_valid
from portal.accounts.models import User
from portal.notifications.services import notify

logger = logging.getLogger(__name__)

# Which statuses a payment may reach from which: the platform's "paid" wins
# over everything (the money was taken), nothing overrides "paid".
_SETTLES_FROM: dict[str, frozenset[str]] = {
    PaymentStatus.PAID: frozenset({PaymentStatus.PENDING, PaymentStatus.FAILED,
                                   PaymentStatus.CANCELLED, PaymentStatus.EXPIRED}),
    PaymentStatus.FAILED: frozenset({PaymentStatus.PENDING}),
    PaymentStatus.CANCELLED: frozenset({PaymentStatus.PENDING}),
    PaymentStatus.EXPIRED: frozenset({PaymentStatus.PENDING}),
}  # fmt: skip


def _order_id() -> str:
    return f"MCS{timezone.localtime():%y%m%d}{secrets.token_hex(6).upper()}"


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def _payer_check(dossier: Dossier, by: User) -> None:
    if dossier.applicant_id != by.pk:
        raise PaymentNotAllowed(
            _(
                "Chỉ người nộp hồ sơ được thanh toán phí, lệ phí. "
                "Only the applicant may pay the fee."
            )
        )
    if dossier.status != DossierStatus.FINANCIAL_OBLIGATION or not dossier.fee_vnd:
        raise NoFeeDue(
            _(
                "Hồ sơ này không chờ nộp phí, lệ phí. "
                "This dossier is not waiting for a fee to be paid."
            )
        )


def payment_start(*, dossier: Dossier, by: User) -> Payment:
    """The applicant's attempt to pay the dossier's fee, registered with the
    platform: its `checkout_url` is where the browser goes. An open attempt
    is resumed, not doubled; one whose time ran out is closed first. Raises
    PaymentNotAllowed, NoFeeDue, PaymentPlatformUnavailable, PaymentPlatformRefused."""
    _payer_check(dossier, by)
    open_attempt = Payment.objects.filter(dossier=dossier, status=PaymentStatus.PENDING).first()
    if open_attempt and open_attempt.expires_at and open_attempt.expires_at <= timezone.now():
        payment_refresh(payment=open_attempt)
    payment = _attempt_open(dossier=dossier, by=by)
    if payment.is_registered:
        return payment
    return _attempt_register(payment=payment)


@transaction.atomic
def _attempt_open(*, dossier: Dossier, by: User) -> Payment:
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    _payer_check(dossier, by)
    payment = Payment.objects.filter(dossier=dossier, status=PaymentStatus.PENDING).first()
    if payment is not None:
        return payment
    return Payment.objects.create(dossier=dossier, payer=by, amount_vnd=dossier.fee_vnd,
                                  order_id=_order_id())  # fmt: skip


def _return_url(payment: Payment) -> str:
    path = reverse("payments:return", kwargs={"order_id": payment.order_id})
    return f"{settings.PORTAL_BASE_URL}{path}"


def _notify_url() -> str:
    path = reverse("payments:webhook")
    return settings.PAYMENT_WEBHOOK_URL or f"{settings.PORTAL_BASE_URL}{path}"


def _attempt_register(*, payment: Payment) -> Payment:
    """Register the attempt's order (again, if an earlier try got no answer:
    the order id makes that safe) and keep its checkout address."""
    dossier = payment.dossier
    try:
        order = PaymentPlatformClient().order_register(
            order_id=payment.order_id, amount_vnd=payment.amount_vnd,
            description=f"Phí, lệ phí hồ sơ {dossier.reference}: {dossier.procedure.name}"[:255],
            reference=dossier.code or "",
            return_url=_return_url(payment), notify_url=_notify_url(),
        )  # fmt: skip
        _order_match_check(payment, order)
        if order.status == "created" and not order.checkout_url.startswith(("https://", "http://")):
            raise PaymentPlatformRefused(
                _("Nền tảng thanh toán trả về địa chỉ không hợp lệ. "
                  "The payment platform returned an invalid checkout address.")
            )  # fmt: skip
    except PaymentPlatformRefused as error:
        # Closed, so that the next press of "Pay" starts a new order; the
        # applicant sees the error now and is not sent a message about it.
        _payment_settle(payment_id=payment.pk, status=PaymentStatus.FAILED,
                        failure_code="refused", failure_reason=error.message,
                        notify_applicant=False)  # fmt: skip
        raise
    if order.status != "created":
        return _platform_order_apply(payment=payment, order=order)
    Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
        transaction_id=order.transaction_id, checkout_url=order.checkout_url,
        expires_at=order.expires_at, updated_at=timezone.now(),
    )  # fmt: skip
    payment.refresh_from_db()
    return payment


def _order_match_check(payment: Payment, order: PlatformOrder) -> None:
    if order.order_id != payment.order_id or order.amount_vnd != payment.amount_vnd:
        raise PaymentPlatformRefused(_amount_mismatch_message())
    if payment.transaction_id and order.transaction_id != payment.transaction_id:
        raise PaymentPlatformRefused(_amount_mismatch_message())


def _amount_mismatch_message() -> str:
    return _(
        "Số tiền hoặc giao dịch do nền tảng thanh toán báo không khớp với hồ sơ. "
        "The amount or transaction the payment platform reported does not match."
    )


def payment_refresh(*, payment: Payment) -> Payment:
    """Ask the platform where a pending payment stands (when its notification
    has not arrived) and take its answer. Raises PaymentPlatformUnavailable and
    PaymentPlatformRefused (including an amount that does not match)."""
    if payment.status != PaymentStatus.PENDING or not payment.is_registered:
        return payment
    order = PaymentPlatformClient().order_status(order_id=payment.order_id)
    _order_match_check(payment, order)
    return _platform_order_apply(payment=payment, order=order)


def _platform_order_apply(*, payment: Payment, order: PlatformOrder) -> Payment:
    if order.status not in _SETTLES_FROM:
        return payment  # still waiting for the payer
    return _payment_settle(
        payment_id=payment.pk, status=order.status, transaction_id=order.transaction_id,
        paid_at=order.paid_at, failure_code=order.failure_code,
        failure_reason=order.failure_reason,
    )  # fmt: skip


@transaction.atomic
def _payment_settle(*, payment_id: int, status: str, transaction_id: str = "",
                    paid_at: datetime.datetime | None = None, failure_code: str = "",
                    failure_reason: str = "",
                    notify_applicant: bool = True) -> Payment:  # fmt: skip
    """Move a payment to what the platform reported, once; a paid payment moves
    its dossier on, or, when the fee was paid already, is marked refund due.
    Repeated or out-of-order reports change nothing."""
    payment = (
        Payment.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=payment_id)
    )
    if payment.status not in _SETTLES_FROM.get(status, frozenset()):
        return payment
    changes: dict[str, Any] = {"status": status, "updated_at": timezone.now()}
    if transaction_id:
        changes["transaction_id"] = transaction_id
    if status == PaymentStatus.PAID:
        changes.update(paid_at=paid_at or timezone.now(), failure_code="", failure_reason="")
        # The fee was paid already (at the desk, while this order was open): owed back.
        changes["refund_due"] = (
            Payment.objects.filter(dossier_id=payment.dossier_id, status=PaymentStatus.PAID)
            .exclude(pk=payment.pk)
            .exists()
        )
    else:
        changes.update(failure_code=failure_code[:64], failure_reason=failure_reason[:500])
    updated = Payment.objects.filter(pk=payment.pk, status=payment.status).update(**changes)
    payment.refresh_from_db()
    if updated != 1:
        return payment
    if payment.refund_due:
        logger.warning("Payment %s paid a fee already paid for dossier %s: refund due",
                       payment.order_id, payment.dossier_id)  # fmt: skip
        _refund_due_notify(payment)
    elif status == PaymentStatus.PAID:
        try:
            dossier_fee_paid(dossier=payment.dossier)
        except TransitionRefused as error:
            # The money was taken: the payment stays paid; staff see why the dossier did not move.
            logger.warning("Payment %s is paid but dossier %s did not move on: %s",
                           payment.order_id, payment.dossier_id, error.message)  # fmt: skip
        _paid_notify(payment)
    elif status == PaymentStatus.FAILED and notify_applicant:
        _failed_notify(payment)
    return payment


def _paid_notify(payment: Payment) -> None:
    dossier = payment.dossier
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            user=payment.payer,
            title=_("Fee paid for dossier %(code)s") % {"code": dossier.reference},
            body=_(
                "The payment platform confirmed your payment of %(amount)s "
                "(transaction %(transaction)s)."
            ) % {"amount": _vnd(payment.amount_vnd), "transaction": payment.transaction_id},
            url=reverse("dossiers:track", kwargs={"pk": dossier.pk}),
        )  # fmt: skip


def _refund_due_notify(payment: Payment) -> None:
    dossier = payment.dossier
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            user=payment.payer,
            title=_("Fee for dossier %(code)s paid twice") % {"code": dossier.reference},
            body=_(
                "The payment platform confirmed your online payment of %(amount)s "
                "(transaction %(transaction)s), but the fee had already been paid. "
                "This second payment will be refunded to you."
            ) % {"amount": _vnd(payment.amount_vnd), "transaction": payment.transaction_id},
            url=reverse("payments:dossier", kwargs={"pk": dossier.pk}),
        )  # fmt: skip


def _failed_notify(payment: Payment) -> None:
    dossier = payment.dossier
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            user=payment.payer,
            title=_("Payment for dossier %(code)s did not go through")
            % {"code": dossier.reference},
            body=_(
                "The payment of %(amount)s failed: %(reason)s Nothing was charged; "
                "you can try again."
            ) % {"amount": _vnd(payment.amount_vnd), "reason": failure_text(payment)},
            url=reverse("payments:dossier", kwargs={"pk": dossier.pk}),
        )  # fmt: skip


def failure_text(payment: Payment) -> str:
    """Why a payment did not go through, in the reader's language when known."""
    known = {
        "insufficient_funds": _("The account balance was not enough."),
        "otp_failed": _("The one-time password was entered wrongly too many times."),
        "declined": _("The bank declined the transaction."),
        "cancelled": _("The payment was cancelled."),
    }
    return known.get(payment.failure_code) or payment.failure_reason


# --- At the one-stop desk -----------------------------------------------------


def _counter_payment_check(
    *, dossier: Dossier, by: User, amount_vnd: int, method: str, receipt_number: str
) -> None:
    if actor_kind(dossier=dossier, user=by) != Actor.OFFICIAL:
        raise PaymentNotAllowed(
            _(
                "Chỉ cán bộ của đơn vị tiếp nhận hồ sơ được thu phí tại quầy. "
                "Only an official of the receiving unit may take the fee at the desk."
            )
        )
    if dossier.status != DossierStatus.FINANCIAL_OBLIGATION or not dossier.fee_vnd:
        raise NoFeeDue(
            _(
                "Hồ sơ này không chờ nộp phí, lệ phí. "
                "This dossier is not waiting for a fee to be paid."
            )
        )
    if method not in COUNTER_METHODS:
        raise CounterPaymentRefused(
            _(
                "Chọn cách nộp: tiền mặt hoặc thẻ qua máy POS. "
                "Choose how it was paid: in cash or by card on the terminal."
            )
        )
    if amount_vnd != dossier.fee_vnd:
        raise CounterPaymentRefused(
            _(
                "Số tiền thu phải đúng bằng phí, lệ phí của hồ sơ (%(fee)s). "
                "The amount taken must equal the dossier's fee (%(fee)s)."
            )
            % {"fee": _vnd(dossier.fee_vnd)}
        )
    if not receipt_number or len(receipt_number) > 40:
        raise CounterPaymentRefused(
            _(
                "Nhập số biên lai thu phí, lệ phí (tối đa 40 ký tự). "
                "Enter the fee receipt's number (at most 40 characters)."
            )
        )
    if Payment.objects.filter(receipt_number=receipt_number).exists():
        raise _receipt_taken()


def _receipt_taken() -> ReceiptNumberTaken:
    return ReceiptNumberTaken(
        _(
            "Số biên lai này đã được ghi cho một khoản thu khác. "
            "This receipt number was already recorded for another payment."
        )
    )


def payment_record_at_counter(
    *, dossier: Dossier, by: User, amount_vnd: int, method: str, receipt_number: str
) -> Payment:
    """The official took the dossier's fee at the desk, in cash or by card, and
    handed over a fee receipt: the payment is recorded paid and the dossier
    leaves "financial obligation requested" as an online payment makes it do.
    Each online order still open is first cancelled on the platform, so that the
    fee cannot be paid twice. Raises PaymentNotAllowed, NoFeeDue,
    CounterPaymentRefused (wrong amount, method or receipt number),
    ReceiptNumberTaken, FeePaidOnline (the applicant paid online first: that
    payment is settled) and OnlinePaymentUnconfirmed (the platform could not
    close an open order); nothing is recorded at the desk then."""
    receipt_number = (receipt_number or "").strip()
    _counter_payment_check(dossier=Dossier.objects.get(pk=dossier.pk), by=by,
                           amount_vnd=amount_vnd, method=method,
                           receipt_number=receipt_number)  # fmt: skip
    closed = _online_orders_close(dossier)
    try:
        with transaction.atomic():
            # The payments before the dossier, in the order a platform notice locks them.
            pending = Payment.objects.select_for_update().filter(
                dossier_id=dossier.pk, status=PaymentStatus.PENDING
            )
            open_ids = set(pending.values_list("pk", flat=True))
            dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
            _counter_payment_check(dossier=dossier, by=by, amount_vnd=amount_vnd, method=method,
                                   receipt_number=receipt_number)  # fmt: skip
            if open_ids - closed:  # an online attempt started meanwhile
                raise _online_unconfirmed()
            now = timezone.now()
            Payment.objects.filter(pk__in=open_ids).update(
                status=PaymentStatus.CANCELLED, failure_code="paid_at_counter",
                failure_reason="Đã nộp tại quầy. Paid at the desk.", updated_at=now,
            )  # fmt: skip
            payment = Payment.objects.create(
                dossier=dossier, payer=dossier.applicant, amount_vnd=amount_vnd,
                order_id=_order_id(), status=PaymentStatus.PAID, paid_at=now, method=method,
                receipt_number=receipt_number, recorded_by=by,
            )  # fmt: skip
            dossier_fee_paid(dossier=dossier)
            _counter_paid_notify(payment)
    except IntegrityError:
        # The same receipt number recorded at the same moment by another desk.
        raise _receipt_taken() from None
    return payment


def _online_orders_close(dossier: Dossier) -> set[int]:
    """Cancel on the platform each online order of the dossier still open; the
    ids of their payments. Raises FeePaidOnline, once that payment is settled,
    when the platform answers that the applicant paid; OnlinePaymentUnconfirmed
    when it cannot be reached or its answer cannot be taken."""
    closed: set[int] = set()
    for payment in Payment.objects.filter(dossier_id=dossier.pk, status=PaymentStatus.PENDING):
        try:
            order = PaymentPlatformClient().order_cancel(order_id=payment.order_id)
            if order is not None:
                _order_match_check(payment, order)
        except (PaymentPlatformUnavailable, PaymentPlatformRefused) as error:
            logger.warning("Online payment %s of dossier %s not cancelled: %s",
                           payment.order_id, dossier.pk, error.message)  # fmt: skip
            raise _online_unconfirmed() from error
        if order is not None and order.status == PaymentStatus.PAID:
            payment = _platform_order_apply(payment=payment, order=order)
            raise FeePaidOnline(
                _(
                    "Hồ sơ đã được nộp phí trực tuyến (giao dịch %(transaction)s); "
                    "không thu phí tại quầy. "
                    "The fee was already paid online (transaction %(transaction)s); "
                    "do not take it at the desk."
                )
                % {"transaction": payment.transaction_id}
            )
        closed.add(payment.pk)
    return closed


def _online_unconfirmed() -> OnlinePaymentUnconfirmed:
    return OnlinePaymentUnconfirmed(
        _(
            "Chưa hủy được đơn thanh toán trực tuyến đang mở của hồ sơ trên nền tảng thanh "
            "toán nên chưa thể thu phí tại quầy; vui lòng thử lại sau ít phút hoặc hỏi người "
            "nộp đã thanh toán trực tuyến chưa. "
            "The dossier's open online payment could not be cancelled on the payment "
            "platform, so the fee cannot be taken at the desk yet: try again in a few "
            "minutes, or ask the applicant whether they paid online."
        )
    )


def _counter_paid_notify(payment: Payment) -> None:
    dossier = payment.dossier
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            user=payment.payer,
            title=_("Fee paid for dossier %(code)s") % {"code": dossier.reference},
            body=_(
                "You paid %(amount)s at the one-stop desk (%(how)s); fee receipt number "
                "%(receipt)s."
            ) % {"amount": _vnd(payment.amount_vnd), "how": payment.get_method_display(),
                 "receipt": payment.receipt_number},
            url=reverse("dossiers:track", kwargs={"pk": dossier.pk}),
        )  # fmt: skip


# --- The platform's notification (webhook) ------------------------------------


def _rejected(message: str, *, code: str, http_status: int) -> NoticeRejected:
    return NoticeRejected(message, code=code, http_status=http_status)


def _notice_verify(*, body: bytes, timestamp: str, signature: str) -> datetime.datetime:
    """When the notice was signed. Raises NoticeRejected for a missing or wrong
    signature, and for a timestamp outside the tolerance (a replay)."""
    if not timestamp.strip().isdigit() or not signature:
        raise _rejected(
            _("Thiếu chữ ký của thông báo. The notification is not signed."),
            code="unsigned", http_status=401,
        )  # fmt: skip
    signed = int(timestamp)
    if not notice_signature_valid(secret=settings.PAYMENT_WEBHOOK_SECRET, timestamp=signed,
                                  body=body, signature=signature):  # fmt: skip
        raise _rejected(
            _("Chữ ký của thông báo không hợp lệ. The notification's signature is invalid."),
            code="bad_signature", http_status=401,
        )  # fmt: skip
    if abs(time.time() - signed) > settings.PAYMENT_WEBHOOK_TOLERANCE_SECONDS:
        raise _rejected(
            _("Thông báo đã quá hạn hoặc bị gửi lại. The notification is stale or replayed."),
            code="stale", http_status=401,
        )  # fmt: skip
    return datetime.datetime.fromtimestamp(signed, tz=datetime.UTC)


def _notice_parse(body: bytes) -> dict[str, Any]:
    malformed = _rejected(
        _("Nội dung thông báo không hợp lệ. The notification's content is malformed."),
        code="malformed", http_status=400,
    )  # fmt: skip
    try:
        data = json.loads(body)
    except ValueError as error:
        raise malformed from error
    if not isinstance(data, dict):
        raise malformed
    required = ("event_id", "merchant_id", "order_id", "transaction_id", "status", "amount")
    if any(not isinstance(data.get(name), str | int) or data.get(name) == "" for name in required):
        raise malformed
    if isinstance(data["amount"], bool) or not isinstance(data["amount"], int):
        raise malformed
    if data["status"] not in ("created", *_SETTLES_FROM):
        raise malformed
    return data


def payment_notice_receive(*, body: bytes, timestamp: str, signature: str) -> tuple[Payment, bool]:
    """Take a notification from the platform: the payment, and whether this
    notice was new (False: a repeat, harmless). Raises NoticeRejected, with
    nothing changed, for a forged, stale or malformed notice, another
    merchant's, an unknown order, or a transaction or amount that does not match."""
    signed_at = _notice_verify(body=body, timestamp=timestamp, signature=signature)
    data = _notice_parse(body)
    if data["merchant_id"] != settings.PAYMENT_MERCHANT_ID:
        raise _rejected(
            _("Thông báo gửi nhầm đơn vị. The notification is for another merchant."),
            code="wrong_merchant", http_status=400,
        )  # fmt: skip
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(order_id=str(data["order_id"])).first()
        if payment is None:
            raise _rejected(
                _("Không có giao dịch thanh toán này. Unknown order."),
                code="unknown_order", http_status=404,
            )  # fmt: skip
        transaction_id = str(data["transaction_id"])
        if payment.transaction_id and transaction_id != payment.transaction_id:
            raise _rejected(_amount_mismatch_message(), code="transaction_mismatch",
                            http_status=409)  # fmt: skip
        if data["amount"] != payment.amount_vnd or data.get("currency", "VND") != "VND":
            raise _rejected(_amount_mismatch_message(), code="amount_mismatch", http_status=409)
        try:
            with transaction.atomic():
                PaymentNotice.objects.create(
                    event_id=str(data["event_id"])[:64], payment=payment,
                    status=data["status"], signed_at=signed_at,
                )  # fmt: skip
        except IntegrityError:
            return payment, False
        if data["status"] not in _SETTLES_FROM:
            return payment, True
        payment = _payment_settle(
            payment_id=payment.pk, status=data["status"], transaction_id=transaction_id,
            paid_at=parse_datetime(str(data.get("paid_at") or "")),
            failure_code=str(data.get("failure_code") or ""),
            failure_reason=str(data.get("failure_reason") or ""),
        )  # fmt: skip
    return payment, True


def payments_reconcile(*, older_than_seconds: int = 120, limit: int = 100) -> int:
    """Ask the platform about payments still pending after a while (their
    notification may be lost). Returns how many changed."""
    changed = 0
    for payment in payments_awaiting_confirmation(older_than_seconds=older_than_seconds)[:limit]:
        try:
            if payment_refresh(payment=payment).status != PaymentStatus.PENDING:
                changed += 1
        except PaymentError as error:
            logger.info("Payment %s not reconciled: %s", payment.order_id, error.message)
    return changed
