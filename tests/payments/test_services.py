"""Payment services against the mock platform over HTTP: expiry of an open
attempt, the reconciliation of payments whose notification was lost, the
settled-fee guard of the dossier state machine."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dossiers.exceptions import TransitionRefused
from dossiers.models import DossierStatus
from dossiers.states import transition
from payments.exceptions import NoFeeDue, PaymentPlatformRefused
from payments.models import Payment, PaymentStatus
from payments.online import payment_refresh, payment_start, payments_reconcile
from payments.platform.models import PlatformOrder
from payments.platform.services import order_decide
from payments.selectors import dossier_fee_settled
from payments.tasks import payments_reconcile_task
from tests.payments.factories import PaymentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _lost_notifications(settings) -> None:
    settings.PAYMENT_WEBHOOK_URL = "http://127.0.0.1:9/payments/webhook/"


def test_an_attempt_past_its_time_is_closed_and_a_new_one_started(
    platform_live, fee_dossier, citizen
):
    first = payment_start(dossier=fee_dossier, by=citizen)
    PlatformOrder.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    Payment.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    second = payment_start(dossier=fee_dossier, by=citizen)

    first.refresh_from_db()
    assert first.status == PaymentStatus.EXPIRED
    assert second.pk != first.pk and second.status == PaymentStatus.PENDING
    assert second.checkout_url != first.checkout_url


def test_an_expired_looking_attempt_that_was_paid_is_not_paid_twice(
    platform_live, fee_dossier, citizen, settings
):
    _lost_notifications(settings)
    first = payment_start(dossier=fee_dossier, by=citizen)
    order_decide(order=PlatformOrder.objects.get(), decision="pay", method="BIDV")
    Payment.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    with pytest.raises(NoFeeDue) as no_fee_due:
        payment_start(dossier=fee_dossier, by=citizen)

    assert "not waiting for a fee" in str(no_fee_due.value)
    first.refresh_from_db()
    assert first.status == PaymentStatus.PAID
    assert Payment.objects.count() == 1


def test_the_reconciliation_asks_about_payments_whose_notice_was_lost(
    platform_live, fee_dossier, citizen, settings
):
    _lost_notifications(settings)
    payment = payment_start(dossier=fee_dossier, by=citizen)
    order_decide(order=PlatformOrder.objects.get(), decision="pay", method="AGRIBANK")
    Payment.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))

    assert payments_reconcile_task.delay().get() == 1

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.SUBMITTED
    assert payments_reconcile() == 0  # nothing left to ask about


def test_the_reconciliation_leaves_recent_and_unanswered_payments_alone(
    platform_live, fee_dossier, citizen, settings
):
    payment_start(dossier=fee_dossier, by=citizen)

    assert payments_reconcile() == 0  # too recent
    Payment.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    settings.PAYMENT_PLATFORM_URL = "http://127.0.0.1:9/payment-platform"  # down

    assert payments_reconcile() == 0
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_a_status_answer_with_another_amount_is_refused(platform_live, fee_dossier, citizen):
    payment = payment_start(dossier=fee_dossier, by=citizen)
    PlatformOrder.objects.update(amount_vnd=5_000, status="paid", decided_at=timezone.now())

    with pytest.raises(PaymentPlatformRefused):
        payment_refresh(payment=payment)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.FINANCIAL_OBLIGATION


def test_the_fee_is_settled_only_by_paid_payments_covering_it(fee_dossier):
    assert not dossier_fee_settled(dossier=fee_dossier)
    PaymentFactory(dossier=fee_dossier, status=PaymentStatus.FAILED)
    assert not dossier_fee_settled(dossier=fee_dossier)
    PaymentFactory(dossier=fee_dossier, status=PaymentStatus.PAID, amount_vnd=20_000)
    assert not dossier_fee_settled(dossier=fee_dossier)
    PaymentFactory(dossier=fee_dossier, status=PaymentStatus.PAID, amount_vnd=30_000)
    assert dossier_fee_settled(dossier=fee_dossier)


def test_the_dossier_cannot_move_on_before_the_fee_is_paid(fee_dossier):
    with pytest.raises(TransitionRefused) as refused:
        transition(dossier=fee_dossier, action="fee_paid", by=None)

    assert "The fee has not been paid yet." in refused.value.message
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.FINANCIAL_OBLIGATION


def test_one_open_attempt_per_dossier_is_enforced_by_the_database(fee_dossier):
    from django.db import IntegrityError

    PaymentFactory(dossier=fee_dossier)

    with pytest.raises(IntegrityError):
        PaymentFactory(dossier=fee_dossier)
