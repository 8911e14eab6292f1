"""The fee taken at the one-stop desk, in cash or by card, against the fee
receipt handed over. The applicant's online orders still open are cancelled
on the platform first, so that the fee cannot be paid twice: only once all
that the desk can check itself is right, and each cancellation is committed
to the payment log as soon as the platform confirms it, whatever happens to
the desk's payment afterwards."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import Dossier
from dossiers.services import dossier_fee_paid
from dossiers.states import Actor, actor_kind
from payments.client import PaymentPlatformClient
from payments.exceptions import (
    CounterPaymentRefused,
    FeePaidOnline,
    OnlinePaymentUnconfirmed,
    PaymentNotAllowed,
    PaymentPlatformRefused,
    PaymentPlatformUnavailable,
    ReceiptNumberTaken,
)
from payments.models import COUNTER_METHODS, Payment, PaymentStatus, order_id_new
from payments.notifications import counter_paid_notify
from payments.settlement import fee_due_check, order_match_check, platform_order_apply
from payments.templatetags.money import vnd
from portal.accounts.models import User
from portal.audit.models import PaymentAction
from portal.audit.services import payment_log_record

logger = logging.getLogger(__name__)


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
    fee_due_check(dossier)
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
            % {"fee": vnd(dossier.fee_vnd)}
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
    leaves "financial obligation requested" as an online payment makes it do;
    one taken at the counter is received at once by that official, in the same
    transaction (dossiers.services.dossier_fee_paid).
    Each online order still open is first cancelled on the platform, so that the
    fee cannot be paid twice. Raises PaymentNotAllowed, NoFeeDue,
    CounterPaymentRefused (wrong amount, method or receipt number),
    ReceiptNumberTaken, FeePaidOnline (the applicant paid online first: that
    payment is settled) and OnlinePaymentUnconfirmed (the platform could not
    close an open order); no fee is recorded at the desk then. A refusal the
    desk can tell by itself comes before the platform is called, so it cancels
    nothing; an order cancelled on the platform stays cancelled and logged
    whatever follows. Call it outside a transaction."""
    receipt_number = (receipt_number or "").strip()
    _counter_payment_check(dossier=Dossier.objects.get(pk=dossier.pk), by=by,
                           amount_vnd=amount_vnd, method=method,
                           receipt_number=receipt_number)  # fmt: skip
    _online_orders_close(dossier=dossier, by=by)
    try:
        with transaction.atomic():
            # Under the dossier's lock, which starting an online payment takes too;
            # no payment row is locked, so no order against a platform notice.
            dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
            _counter_payment_check(dossier=dossier, by=by, amount_vnd=amount_vnd, method=method,
                                   receipt_number=receipt_number)  # fmt: skip
            if Payment.objects.filter(dossier_id=dossier.pk, status=PaymentStatus.PENDING).exists():
                raise _online_unconfirmed()  # an online attempt started meanwhile
            payment = Payment.objects.create(
                dossier=dossier, payer=dossier.applicant, amount_vnd=amount_vnd,
                order_id=order_id_new(), status=PaymentStatus.PAID, paid_at=timezone.now(),
                method=method, receipt_number=receipt_number, recorded_by=by,
            )  # fmt: skip
            payment_log_record(action=PaymentAction.TAKEN_AT_DESK, actor=by, payment=payment,
                               detail={"method": method, "receipt_number": receipt_number,
                                       "order_id": payment.order_id})  # fmt: skip
            dossier_fee_paid(dossier=dossier, by=by)  # the history names the official
            counter_paid_notify(payment)
    except IntegrityError:
        # The same receipt number recorded at the same moment by another desk.
        raise _receipt_taken() from None
    return payment


def _online_orders_close(*, dossier: Dossier, by: User) -> None:
    """Cancel on the platform each online order of the dossier still open, each
    cancellation committed with its payment log record at once. Raises
    FeePaidOnline, once that payment is settled, when the platform answers that
    the applicant paid; OnlinePaymentUnconfirmed when it cannot be reached or
    its answer cannot be taken."""
    for payment in Payment.objects.filter(dossier_id=dossier.pk, status=PaymentStatus.PENDING):
        try:
            order = PaymentPlatformClient().order_cancel(order_id=payment.order_id)
            if order is not None:
                order_match_check(payment, order)
        except (PaymentPlatformUnavailable, PaymentPlatformRefused) as error:
            logger.warning("Online payment %s of dossier %s not cancelled: %s",
                           payment.order_id, dossier.pk, error.message)  # fmt: skip
            raise _online_unconfirmed() from error
        if order is not None and order.status == PaymentStatus.PAID:
            payment = platform_order_apply(payment=payment, order=order)
            raise FeePaidOnline(
                _(
                    "Hồ sơ đã được nộp phí trực tuyến (giao dịch %(transaction)s); "
                    "không thu phí tại quầy. "
                    "The fee was already paid online (transaction %(transaction)s); "
                    "do not take it at the desk."
                )
                % {"transaction": payment.transaction_id}
            )
        _online_order_cancelled(payment=payment, by=by)


def _online_order_cancelled(*, payment: Payment, by: User) -> None:
    """The platform will take no money for this order any more: the payment is
    cancelled and the payment log says which official cancelled it. Durable,
    not part of the desk's payment: the cancellation happened on the platform,
    so it stays on record even if recording the fee then fails."""
    with transaction.atomic(durable=True):
        cancelled = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
            status=PaymentStatus.CANCELLED, failure_code="cancelled_at_desk",
            failure_reason="Đã hủy tại quầy để thu phí tại quầy. Cancelled at the desk, to take "
                           "the fee there.",
            updated_at=timezone.now(),
        )  # fmt: skip
        if cancelled:  # once, even if a notice moved it meanwhile
            payment_log_record(action=PaymentAction.ONLINE_CANCELLED_AT_DESK, actor=by,
                               payment=payment,
                               detail={"order_id": payment.order_id,
                                       "transaction_id": payment.transaction_id})  # fmt: skip


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
