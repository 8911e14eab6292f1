"""Moving a payment to what the platform reported: its signed notice, its
answer to a status query, or to the desk's cancelling of an open order.

A payment becomes paid only on the platform's word; the browser coming back
from the checkout proves nothing."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.exceptions import TransitionRefused
from dossiers.models import Dossier, DossierStatus
from dossiers.services import dossier_fee_paid
from payments.client import PlatformOrder
from payments.exceptions import NoFeeDue, PaymentPlatformRefused
from payments.models import Payment, PaymentStatus
from payments.notifications import failed_notify, paid_notify, refund_due_notify
from portal.audit.models import PaymentAction
from portal.audit.services import payment_log_record

logger = logging.getLogger(__name__)

# Which statuses a payment may reach from which: the platform's "paid" wins
# over everything (the money was taken), nothing overrides "paid".
SETTLES_FROM: dict[str, frozenset[str]] = {
    PaymentStatus.PAID: frozenset({PaymentStatus.PENDING, PaymentStatus.FAILED,
                                   PaymentStatus.CANCELLED, PaymentStatus.EXPIRED}),
    PaymentStatus.FAILED: frozenset({PaymentStatus.PENDING}),
    PaymentStatus.CANCELLED: frozenset({PaymentStatus.PENDING}),
    PaymentStatus.EXPIRED: frozenset({PaymentStatus.PENDING}),
}  # fmt: skip


def fee_due_check(dossier: Dossier) -> None:
    """Raises NoFeeDue unless the dossier waits for its fee, online or at the desk."""
    if dossier.status != DossierStatus.FINANCIAL_OBLIGATION or not dossier.fee_vnd:
        raise NoFeeDue(
            _(
                "Hồ sơ này không chờ nộp phí, lệ phí. "
                "This dossier is not waiting for a fee to be paid."
            )
        )


def amount_mismatch_message() -> str:
    return _(
        "Số tiền hoặc giao dịch do nền tảng thanh toán báo không khớp với hồ sơ. "
        "The amount or transaction the payment platform reported does not match."
    )


def order_match_check(payment: Payment, order: PlatformOrder) -> None:
    """Raises PaymentPlatformRefused when the platform's order is not this payment's."""
    if order.order_id != payment.order_id or order.amount_vnd != payment.amount_vnd:
        raise PaymentPlatformRefused(amount_mismatch_message())
    if payment.transaction_id and order.transaction_id != payment.transaction_id:
        raise PaymentPlatformRefused(amount_mismatch_message())


def platform_order_apply(*, payment: Payment, order: PlatformOrder) -> Payment:
    """Take the platform's view of the payment's order; an order still open changes nothing."""
    if order.status not in SETTLES_FROM:
        return payment  # still waiting for the payer
    return payment_settle(
        payment_id=payment.pk, status=order.status, transaction_id=order.transaction_id,
        paid_at=order.paid_at, failure_code=order.failure_code,
        failure_reason=order.failure_reason,
    )  # fmt: skip


@transaction.atomic
def payment_settle(*, payment_id: int, status: str, transaction_id: str = "",
                   paid_at: datetime.datetime | None = None, failure_code: str = "",
                   failure_reason: str = "",
                   notify_applicant: bool = True) -> Payment:  # fmt: skip
    """Move a payment to what the platform reported, once; a paid payment moves
    its dossier on, or, when the fee was paid already, is marked refund due.
    Repeated or out-of-order reports change nothing."""
    payment = (
        Payment.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=payment_id)
    )
    if payment.status not in SETTLES_FROM.get(status, frozenset()):
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
    if status == PaymentStatus.PAID:
        # The platform's word, so no official is named.
        payment_log_record(
            action=PaymentAction.REFUND_DUE if payment.refund_due else PaymentAction.PAID_ONLINE,
            actor=None, payment=payment,
            detail={"order_id": payment.order_id, "transaction_id": payment.transaction_id},
        )  # fmt: skip
    if payment.refund_due:
        logger.warning("Payment %s paid a fee already paid for dossier %s: refund due",
                       payment.order_id, payment.dossier_id)  # fmt: skip
        refund_due_notify(payment)
    elif status == PaymentStatus.PAID:
        try:
            dossier_fee_paid(dossier=payment.dossier)
        except TransitionRefused as error:
            # The money was taken: the payment stays paid; staff see why the dossier did not move.
            logger.warning("Payment %s is paid but dossier %s did not move on: %s",
                           payment.order_id, payment.dossier_id, error.message)  # fmt: skip
        paid_notify(payment)
    elif status == PaymentStatus.FAILED and notify_applicant:
        failed_notify(payment)
    return payment
