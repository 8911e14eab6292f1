"""Who may pay, when, and what the pages say when they cannot: bilingual
4xx (or 503 while the platform is down), never a 500, nothing paid."""

from __future__ import annotations

import time

import pytest

from dossiers.models import DossierStatus
from payments.exceptions import NoFeeDue, PaymentNotAllowed, PaymentPlatformUnavailable
from payments.models import Payment, PaymentStatus
from payments.online import payment_start
from payments.platform.behaviour import Behaviour, behaviour_store
from payments.platform.models import PlatformOrder
from portal.notifications.models import Notification
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory
from tests.payments.conftest import PayerBrowser

pytestmark = pytest.mark.django_db(transaction=True)


def test_only_the_applicant_can_start_a_payment(platform_live, fee_dossier, commune_official):
    with pytest.raises(PaymentNotAllowed) as refused:
        payment_start(dossier=fee_dossier, by=commune_official)

    assert "Only the applicant may pay the fee." in refused.value.message
    assert not Payment.objects.exists() and not PlatformOrder.objects.exists()


def test_an_official_of_the_unit_sees_the_fee_but_is_refused_payment(
    platform_live, fee_dossier, commune_official
):
    official = PayerBrowser.logged_in(platform_live.url, commune_official)

    page = official.get(f"/payments/dossiers/{fee_dossier.pk}/")
    refused = official.pay_button(fee_dossier)

    assert page.status_code == 200 and 'data-testid="pay"' not in page.text
    assert refused.status_code == 403
    assert "Chỉ người nộp hồ sơ được thanh toán" in refused.text
    assert "Only the applicant may pay the fee." in refused.text
    assert not Payment.objects.exists()


def test_a_draft_s_fee_page_is_its_applicant_s_alone(client, citizen, commune_official,
                                                     hong_bang_ward):  # fmt: skip
    draft = DossierFactory(applicant=citizen, agency=hong_bang_ward)
    client.force_login(commune_official, backend="portal.accounts.backends.VNeIDSessionBackend")

    assert client.get(f"/payments/dossiers/{draft.pk}/").status_code == 404
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    assert client.get(f"/payments/dossiers/{draft.pk}/").status_code == 200


def test_another_citizen_cannot_see_or_pay_the_dossier(platform_live, fee_dossier):
    stranger = PayerBrowser.logged_in(platform_live.url, CitizenFactory())

    assert stranger.get(f"/payments/dossiers/{fee_dossier.pk}/").status_code == 404
    assert stranger.pay_button(fee_dossier).status_code == 404
    assert not Payment.objects.exists()


def test_another_citizen_cannot_open_the_return_page(payer, platform_live, fee_dossier):
    payer.pay_button(fee_dossier)
    stranger = PayerBrowser.logged_in(platform_live.url, CitizenFactory())

    response = stranger.get(f"/payments/return/{Payment.objects.get().order_id}/")

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(platform_live, fee_dossier):
    anonymous = PayerBrowser(base_url=platform_live.url)

    response = anonymous.get(f"/payments/dossiers/{fee_dossier.pk}/")

    assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]


@pytest.mark.parametrize("status", [DossierStatus.DRAFT, DossierStatus.SUBMITTED,
                                    DossierStatus.WITHDRAWN])  # fmt: skip
def test_a_dossier_not_waiting_for_a_fee_cannot_be_paid(payer, fee_dossier, status):
    fee_dossier.status = status
    fee_dossier.save(update_fields=["status"])

    response = payer.pay_button(fee_dossier)

    assert response.status_code == 409
    assert "This dossier is not waiting for a fee to be paid." in response.text
    assert not Payment.objects.exists()


def test_a_free_dossier_has_nothing_to_pay(platform_live, fee_dossier, citizen):
    fee_dossier.fee_vnd = 0
    fee_dossier.save(update_fields=["fee_vnd"])

    with pytest.raises(NoFeeDue):
        payment_start(dossier=fee_dossier, by=citizen)


def test_an_unavailable_platform_is_reported_and_the_same_order_is_tried_again(payer, fee_dossier):
    behaviour_store(Behaviour(latency_ms=0, failure_rate=1.0))

    down = payer.pay_button(fee_dossier)

    assert down.status_code == 503
    assert "The payment platform is not answering" in down.text
    assert "Nền tảng thanh toán tạm thời không trả lời" in down.text
    attempt = Payment.objects.get()
    assert attempt.status == PaymentStatus.PENDING and not attempt.checkout_url
    assert not PlatformOrder.objects.exists()

    behaviour_store(None)
    up = payer.pay_button(fee_dossier)

    assert up.status_code == 302
    assert Payment.objects.get().pk == attempt.pk  # the same order id, now registered
    assert PlatformOrder.objects.get().order_id == attempt.order_id


def test_a_platform_that_does_not_answer_in_time_is_unavailable(payer, fee_dossier, settings):
    settings.PAYMENT_READ_TIMEOUT = 0.2
    behaviour_store(Behaviour(latency_ms=600, failure_rate=0.0))

    response = payer.pay_button(fee_dossier)

    assert response.status_code == 503
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.FINANCIAL_OBLIGATION
    # The platform goes on and takes the order after the portal stopped waiting
    # (a retry repeats its id). Wait for it here, so that it lands in this test.
    deadline = time.monotonic() + 10
    while not PlatformOrder.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert PlatformOrder.objects.get().order_id == Payment.objects.get().order_id


def test_wrong_merchant_credentials_are_refused_and_a_retry_starts_afresh(
    payer, fee_dossier, settings
):
    settings.PAYMENT_MERCHANT_SECRET = "not-the-secret"

    refused = payer.pay_button(fee_dossier)

    assert refused.status_code == 502
    assert "The payment platform refused the request (401)." in refused.text
    assert Payment.objects.get().status == PaymentStatus.FAILED
    assert not Notification.objects.exists()  # the page said it; no message about it
    settings.PAYMENT_MERCHANT_SECRET = "dev-payment-merchant-secret"
    assert payer.pay_button(fee_dossier).status_code == 302
    assert Payment.objects.filter(status=PaymentStatus.PENDING).count() == 1


def test_without_merchant_credentials_the_portal_does_not_call_the_platform(
    platform_live, fee_dossier, citizen, settings
):
    settings.PAYMENT_MERCHANT_SECRET = ""
    orders_before = PlatformOrder.objects.count()

    with pytest.raises(PaymentPlatformUnavailable) as unavailable:
        payment_start(dossier=fee_dossier, by=citizen)

    assert "not configured" in unavailable.value.message
    assert PlatformOrder.objects.count() == orders_before


def test_an_unknown_return_address_is_a_404_page(payer):
    response = payer.get("/payments/return/MCS-NOT-AN-ORDER/")

    assert response.status_code == 404
