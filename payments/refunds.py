"""Giving back a payment made for a fee already paid (hoàn tiền): an official
of a unit that sees the dossier asks the platform to refund it, and the
payment keeps who refunded it, when, and the platform's refund id.

Nothing is recorded unless the platform refunded; the platform refunds an
order once, so asking again (a double click, a retry after no answer) is safe."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import Dossier
from dossiers.selectors import dossiers_visible_to
from payments.client import PaymentPlatformClient, PlatformOrder
from payments.exceptions import PaymentNotAllowed, PaymentPlatformRefused, RefundNotDue
from payments.models import Payment, PaymentMethod, PaymentStatus
from payments.notifications import refunded_notify
from payments.settlement import amount_mismatch_message
from portal.accounts.models import Role, User
from portal.accounts.selectors import acts_for_unit
from portal.audit.models import PaymentAction
from portal.audit.services import payment_log_record

logger = logging.getLogger(__name__)


def refund_permitted(*, dossier: Dossier, user: User) -> bool:
    """True when this user may refund the dossier's payments: its unit's own
    officials and leader (never a leader above it), and the province's
    service-centre staff."""
    if user.is_authenticated and user.role == Role.CENTER_STAFF:
        return dossiers_visible_to(user=user).filter(pk=dossier.pk).exists()
    return acts_for_unit(user=user, agency_id=dossier.agency_id)


def _refund_check(payment: Payment, by: User) -> None:
    if not refund_permitted(dossier=payment.dossier, user=by):
        raise PaymentNotAllowed(
            _(
                "Chỉ cán bộ của đơn vị xử lý hồ sơ được hoàn tiền. "
                "Only an official of a unit handling the dossier may refund a payment."
            )
        )
    due = payment.refund_due and payment.status == PaymentStatus.PAID
    if not due or payment.method != PaymentMethod.ONLINE:
        raise RefundNotDue(
            _("Khoản thanh toán này không phải hoàn trả. This payment is not one to be refunded.")
        )


def payment_refund(*, payment: Payment, by: User) -> Payment:
    """Refund, through the platform, an online payment marked refund due and
    record it. Refunded already: the payment as it stands, nothing done again.
    Raises PaymentNotAllowed, RefundNotDue, PaymentPlatformUnavailable and
    PaymentPlatformRefused; nothing is recorded then."""
    payment = Payment.objects.select_related("dossier").get(pk=payment.pk)
    _refund_check(payment, by)
    if payment.refunded_at:
        return payment
    order = PaymentPlatformClient().order_refund(order_id=payment.order_id)
    if (order.order_id, order.amount_vnd) != (payment.order_id, payment.amount_vnd) or (
        payment.transaction_id and order.transaction_id != payment.transaction_id
    ):
        raise PaymentPlatformRefused(amount_mismatch_message())
    return _refund_record(payment_id=payment.pk, order=order, by=by)


@transaction.atomic
def _refund_record(*, payment_id: int, order: PlatformOrder, by: User) -> Payment:
    payment = (
        Payment.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=payment_id)
    )
    if payment.refunded_at:  # the other click recorded it
        return payment
    payment.refunded_at = order.refunded_at or timezone.now()
    payment.refund_id = order.refund_id[:40]
    payment.refunded_by = by
    payment.save(update_fields=["refunded_at", "refund_id", "refunded_by", "updated_at"])
    payment_log_record(action=PaymentAction.REFUNDED, actor=by, payment=payment,
                       detail={"order_id": payment.order_id, "refund_id": payment.refund_id,
                               "transaction_id": payment.transaction_id})  # fmt: skip
    logger.info("Payment %s of dossier %s refunded by user %s: refund %s",
                payment.order_id, payment.dossier_id, by.pk, payment.refund_id)  # fmt: skip
    refunded_notify(payment)
    return payment
