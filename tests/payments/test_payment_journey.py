"""Paying a dossier's fee end to end over HTTP: the portal registers the
order with the mock platform, the payer pays or cancels on the platform's
page, the platform notifies the portal (a signed webhook) and sends the
browser back; the dossier waits in status 6 until the fee is paid."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from dossiers.models import DossierEvent, DossierStatus
from payments.models import Payment, PaymentNotice, PaymentStatus
from payments.platform.models import NoticeDelivery, PlatformOrder
from portal.notifications.models import Notification
from tests.payments.conftest import FEE, pay_form_action

pytestmark = pytest.mark.django_db(transaction=True)


def _status(response) -> str:
    marker = 'data-payment-status="'
    text = response.text
    start = text.index(marker) + len(marker)
    return text[start : text.index('"', start)]


def test_paying_the_fee_moves_the_dossier_from_status_6_to_submitted(payer, fee_dossier):
    to_platform = payer.pay_button(fee_dossier)

    assert to_platform.status_code == 302
    checkout_url = to_platform.headers["Location"]
    assert urlsplit(checkout_url).path.startswith("/payment-platform/checkout/PG")
    page = payer.get(checkout_url)
    assert "50.000 ₫" in page.text and "11311-261125-0001" in page.text
    assert "Vietcombank" in page.text and "MoMo" in page.text

    back = payer.checkout(checkout_url, decision="pay", method="VCB")

    assert back.status_code == 302
    assert urlsplit(back.headers["Location"]).path.startswith("/payments/return/MCS")
    result = payer.follow(back)
    assert result.status_code == 200 and _status(result) == "paid"
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.PAID and payment.paid_at is not None
    assert payment.amount_vnd == FEE and payment.transaction_id.startswith("PG")
    assert PaymentNotice.objects.get().status == "paid"  # the webhook, not the return
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.SUBMITTED
    assert fee_dossier.due_date is not None
    event = DossierEvent.objects.get(dossier=fee_dossier, action="fee_paid")
    assert (event.from_status, event.to_status, event.actor) == (
        DossierStatus.FINANCIAL_OBLIGATION, DossierStatus.SUBMITTED, None,
    )  # fmt: skip
    assert Notification.objects.filter(user=fee_dossier.applicant,
                                       title__contains="11311-261125-0001").exists()  # fmt: skip
    delivery = NoticeDelivery.objects.get()
    assert delivery.delivered_at is not None and delivery.attempts == 1


def test_the_fee_page_offers_payment_only_while_the_dossier_waits_for_it(payer, fee_dossier):
    page = payer.get(f"/payments/dossiers/{fee_dossier.pk}/")

    assert page.status_code == 200
    assert "50.000 ₫" in page.text and 'data-testid="pay"' in page.text
    payer.checkout(payer.pay_button(fee_dossier).headers["Location"], decision="pay")

    after = payer.get(f"/payments/dossiers/{fee_dossier.pk}/")
    assert 'data-testid="pay"' not in after.text
    assert 'data-payment-status="paid"' in after.text


def test_a_cancelled_payment_is_shown_and_a_retry_is_a_new_attempt(payer, fee_dossier):
    first = payer.pay_button(fee_dossier).headers["Location"]

    back = payer.checkout(first, decision="cancel")
    result = payer.follow(back)

    assert _status(result) == "cancelled"
    assert 'data-testid="retry"' in result.text
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.FINANCIAL_OBLIGATION
    retry = payer.post(pay_form_action(result.text), {})
    second = retry.headers["Location"]
    assert second != first
    payer.follow(payer.checkout(second, decision="pay"))

    attempts = list(Payment.objects.order_by("id").values_list("status", flat=True))
    assert attempts == [PaymentStatus.CANCELLED, PaymentStatus.PAID]
    assert len(set(Payment.objects.values_list("order_id", flat=True))) == 2
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.SUBMITTED


def test_insufficient_funds_is_explained_and_can_be_retried(payer, fee_dossier, settings):
    checkout_url = payer.pay_button(fee_dossier).headers["Location"]

    result = payer.follow(payer.checkout(checkout_url, decision="pay", method="MOMO",
                                         outcome="insufficient_funds"))  # fmt: skip

    assert _status(result) == "failed"
    assert "The account balance was not enough." in result.text or "số dư" in result.text
    assert 'data-testid="retry"' in result.text
    payment = Payment.objects.get()
    assert (payment.status, payment.failure_code) == (PaymentStatus.FAILED, "insufficient_funds")
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.FINANCIAL_OBLIGATION
    assert Notification.objects.filter(user=fee_dossier.applicant, url__contains="/payments/")
    assert not DossierEvent.objects.filter(dossier=fee_dossier, action="fee_paid").exists()

    again = payer.pay_button(fee_dossier)
    payer.follow(payer.checkout(again.headers["Location"], decision="pay"))
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.SUBMITTED


def test_coming_back_from_the_platform_does_not_mark_a_payment_paid(payer, fee_dossier):
    payer.pay_button(fee_dossier)
    payment = Payment.objects.get()

    forged = payer.get(f"/payments/return/{payment.order_id}/?status=paid&order_id="
                       f"{payment.order_id}")  # fmt: skip

    assert forged.status_code == 200 and _status(forged) == "pending"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.FINANCIAL_OBLIGATION


def test_without_the_webhook_the_return_asks_the_platform(payer, fee_dossier, settings):
    settings.PAYMENT_WEBHOOK_URL = "http://127.0.0.1:9/payments/webhook/"  # nobody listens
    checkout_url = payer.pay_button(fee_dossier).headers["Location"]

    back = payer.checkout(checkout_url, decision="pay")
    delivery = NoticeDelivery.objects.get()
    assert delivery.delivered_at is None and delivery.attempts >= 1
    assert Payment.objects.get().status == PaymentStatus.PENDING
    result = payer.follow(back)

    assert _status(result) == "paid"  # the server-to-server status query
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.SUBMITTED
    assert not PaymentNotice.objects.exists()


def test_a_late_webhook_after_the_status_query_is_harmless(payer, fee_dossier, settings):
    from payments.platform.services import notice_deliver

    settings.PAYMENT_WEBHOOK_URL = "http://127.0.0.1:9/payments/webhook/"
    payer.follow(payer.checkout(payer.pay_button(fee_dossier).headers["Location"],
                                decision="pay"))  # fmt: skip
    PlatformOrder.objects.update(notify_url=f"{payer.base_url}/payments/webhook/")
    delivery = NoticeDelivery.objects.select_related("order").get()

    assert notice_deliver(delivery=delivery) is True

    delivery.refresh_from_db()
    assert delivery.delivered_at is not None
    assert DossierEvent.objects.filter(dossier=fee_dossier, action="fee_paid").count() == 1
    assert Payment.objects.get().status == PaymentStatus.PAID


def test_an_open_attempt_is_resumed_not_doubled(payer, fee_dossier):
    first = payer.pay_button(fee_dossier)
    second = payer.pay_button(fee_dossier)

    assert first.headers["Location"] == second.headers["Location"]
    assert Payment.objects.count() == 1 and PlatformOrder.objects.count() == 1


def test_while_the_notification_is_on_its_way_the_page_says_so(payer, fee_dossier, settings):
    payer.pay_button(fee_dossier)
    payment = Payment.objects.get()

    panel = payer.get(f"/payments/return/{payment.order_id}/", headers={"HX-Request": "true"})

    assert panel.status_code == 200
    assert panel.text.lstrip().startswith("<section")
    assert 'hx-trigger="every 2s"' in panel.text  # polls until the platform answers
