"""The applicant paying the fee online: start (or resume) an attempt on the
platform, ask the platform where it stands, and reconcile the ones whose
notice did not arrive.

No database transaction is held open while the platform is called over
HTTP: in the embedded default the platform runs in this same process and
database."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import Dossier
from payments.client import PaymentPlatformClient
from payments.exceptions import PaymentError, PaymentNotAllowed, PaymentPlatformRefused
from payments.models import Payment, PaymentStatus, order_id_new
from payments.selectors import payments_awaiting_confirmation
from payments.settlement import (
    fee_due_check,
    order_match_check,
    payment_settle,
    platform_order_apply,
)
from portal.accounts.models import User

logger = logging.getLogger(__name__)


def _payer_check(dossier: Dossier, by: User) -> None:
    if dossier.applicant_id != by.pk:
        raise PaymentNotAllowed(
            _(
                "Chỉ người nộp hồ sơ được thanh toán phí, lệ phí. "
                "Only the applicant may pay the fee."
            )
        )
    fee_due_check(dossier)


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
                                  order_id=order_id_new())  # fmt: skip


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
        order_match_check(payment, order)
        if order.status == "created" and not order.checkout_url.startswith(("https://", "http://")):
            raise PaymentPlatformRefused(
                _("Nền tảng thanh toán trả về địa chỉ không hợp lệ. "
                  "The payment platform returned an invalid checkout address.")
            )  # fmt: skip
    except PaymentPlatformRefused as error:
        # Closed, so that the next press of "Pay" starts a new order; the
        # applicant sees the error now and is not sent a message about it.
        payment_settle(payment_id=payment.pk, status=PaymentStatus.FAILED,
                       failure_code="refused", failure_reason=error.message,
                       notify_applicant=False)  # fmt: skip
        raise
    if order.status != "created":
        return platform_order_apply(payment=payment, order=order)
    Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
        transaction_id=order.transaction_id, checkout_url=order.checkout_url,
        expires_at=order.expires_at, updated_at=timezone.now(),
    )  # fmt: skip
    payment.refresh_from_db()
    return payment


def payment_refresh(*, payment: Payment) -> Payment:
    """Ask the platform where a pending payment stands (when its notification
    has not arrived) and take its answer. Raises PaymentPlatformUnavailable and
    PaymentPlatformRefused (including an amount that does not match)."""
    if payment.status != PaymentStatus.PENDING or not payment.is_registered:
        return payment
    order = PaymentPlatformClient().order_status(order_id=payment.order_id)
    order_match_check(payment, order)
    return platform_order_apply(payment=payment, order=order)


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
