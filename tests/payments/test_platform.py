"""The mock payment platform behaves like the national one: merchant
credentials, idempotent order registration, orders scoped to their merchant,
a checkout page that can pay, fail or cancel, notifications signed and
delivered until the merchant takes them."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from django.utils import timezone

from payments.platform.models import NoticeDelivery, OrderStatus, PlatformOrder
from payments.platform.services import (
    OrderRequest,
    notice_deliver,
    notices_redeliver,
    order_decide,
    order_register,
)

API = "/payment-platform/v1"


def _basic(merchant: str = "mot-cua-so-portal", secret: str = "dev-payment-merchant-secret"):
    token = base64.b64encode(f"{merchant}:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def _order(**changes) -> dict:
    return {
        "order_id": "MCS261125AAAA", "amount": 50_000, "currency": "VND",
        "description": "Phí, lệ phí hồ sơ 11311-261125-0001", "reference": "11311-261125-0001",
        "return_url": "http://127.0.0.1:8000/payments/return/MCS261125AAAA/",
        "notify_url": "http://127.0.0.1:8000/payments/webhook/", **changes,
    }  # fmt: skip


def _register(client, body: dict | None = None, **headers):
    return client.post(f"{API}/orders", data=json.dumps(body or _order()),
                       content_type="application/json", **(headers or _basic()))  # fmt: skip


@pytest.fixture
def order(client, db) -> PlatformOrder:
    assert _register(client).status_code == 201
    return PlatformOrder.objects.get()


def test_registering_an_order_returns_its_checkout_address(client, db):
    response = _register(client)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "created" and body["amount"] == 50_000
    assert body["checkout_url"] == (
        f"http://127.0.0.1:8000/payment-platform/checkout/{body['transaction_id']}"
    )
    assert body["transaction_id"].startswith("PG")


def test_registering_the_same_order_again_returns_the_same_order(client, order):
    again = _register(client)

    assert again.status_code == 200
    assert again.json()["transaction_id"] == order.transaction_id
    assert PlatformOrder.objects.count() == 1


def test_the_same_order_id_with_another_amount_is_a_conflict(client, order):
    response = _register(client, _order(amount=60_000))

    assert response.status_code == 409 and response.json()["error"] == "order_conflict"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        _basic(secret="wrong"),
        _basic(merchant="someone-else"),
        {"HTTP_AUTHORIZATION": "Basic !!"},
    ],
)
def test_the_api_needs_the_merchants_credentials(client, db, headers):
    response = client.post(f"{API}/orders", data=json.dumps(_order()),
                           content_type="application/json", **headers)  # fmt: skip

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert not PlatformOrder.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [{"amount": 0}, {"amount": "50000"}, {"amount": True}, {"currency": "USD"},
     {"order_id": ""}, {"description": ""}, {"return_url": "javascript:alert(1)"},
     {"notify_url": "ftp://example.com/"}],
)  # fmt: skip
def test_malformed_orders_are_refused_bilingually(client, db, changes):
    response = _register(client, _order(**changes))

    assert response.status_code == 400
    assert ". " in response.json()["detail"]
    assert not PlatformOrder.objects.exists()


def test_the_status_query_is_scoped_to_the_merchant(client, order, settings):
    settings.PAYMENT_PLATFORM_MERCHANTS = {**settings.PAYMENT_PLATFORM_MERCHANTS,
                                           "other": "other-secret"}  # fmt: skip

    own = client.get(f"{API}/orders/{order.order_id}", **_basic())
    other = client.get(f"{API}/orders/{order.order_id}", **_basic("other", "other-secret"))

    assert own.status_code == 200 and own.json()["status"] == "created"
    assert other.status_code == 404


def test_an_order_past_its_time_is_reported_expired_and_cannot_be_paid(client, order):
    PlatformOrder.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    status = client.get(f"{API}/orders/{order.order_id}", **_basic())
    page = client.get(f"/payment-platform/checkout/{order.transaction_id}")
    pay = client.post(f"/payment-platform/checkout/{order.transaction_id}",
                      {"decision": "pay", "method": "VCB", "outcome": "success"})  # fmt: skip

    assert status.json()["status"] == "expired"
    assert page.status_code == 410 and pay.status_code == 410
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert not NoticeDelivery.objects.exists()


def test_the_checkout_page_shows_the_amount_and_the_dossier(client, order):
    page = client.get(f"/payment-platform/checkout/{order.transaction_id}")

    assert page.status_code == 200
    html = page.content.decode()
    assert "50.000 ₫" in html and "11311-261125-0001" in html
    assert 'value="insufficient_funds"' in html and 'value="cancel"' in html


def test_paying_without_choosing_a_bank_is_asked_again(client, order):
    response = client.post(f"/payment-platform/checkout/{order.transaction_id}",
                           {"decision": "pay", "outcome": "success"})  # fmt: skip

    assert response.status_code == 400
    assert "Choose a bank or an e-wallet." in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.CREATED


def test_an_order_is_decided_once(client, order, settings):
    settings.PAYMENT_WEBHOOK_SECRET = "s"  # deliveries fail quietly: nobody listens
    checkout = f"/payment-platform/checkout/{order.transaction_id}"
    client.post(checkout, {"decision": "cancel"})

    again = client.post(checkout, {"decision": "pay", "method": "VCB"})

    assert again.status_code == 409
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED


def test_an_unknown_checkout_is_a_404_page(client, db):
    response = client.get("/payment-platform/checkout/PG000NOTHING")

    assert response.status_code == 404
    assert "No such payment request." in response.content.decode()


def test_the_browser_goes_back_with_the_outcome_for_display(client, order):
    response = client.post(f"/payment-platform/checkout/{order.transaction_id}",
                           {"decision": "pay", "method": "ZALOPAY",
                            "outcome": "otp_failed"})  # fmt: skip

    assert response.status_code == 302
    assert response["Location"].startswith(order.return_url + "?")
    assert "status=failed" in response["Location"]
    order.refresh_from_db()
    assert (order.status, order.method, order.failure_code) == ("failed", "ZALOPAY", "otp_failed")


@pytest.mark.django_db(transaction=True)
def test_the_notification_is_signed_and_retried_until_the_merchant_takes_it(live_server, settings):
    settings.PAYMENT_PLATFORM_URL = f"{live_server.url}/payment-platform"
    order, _ = order_register(merchant_id="mot-cua-so-portal", request=OrderRequest(
        order_id="MCS-NOBODY", amount=50_000, currency="VND", description="Phí",
        reference="", return_url="http://127.0.0.1:9/return/",
        notify_url="http://127.0.0.1:9/payments/webhook/",
    ))  # fmt: skip

    order_decide(order=order, decision="pay", method="VCB")

    delivery = NoticeDelivery.objects.get()
    assert delivery.delivered_at is None and delivery.attempts == 7  # first try and six retries
    assert delivery.abandoned_at is None and delivery.last_status_code is None

    # The merchant is back: the sweep sends the same event again, signed afresh.
    PlatformOrder.objects.update(notify_url=f"{live_server.url}/payments/webhook/")
    NoticeDelivery.objects.update(last_attempt_at=timezone.now() - datetime.timedelta(minutes=30))

    assert notices_redeliver() == 1

    delivery.refresh_from_db()
    # The portal checked the signature and the timestamp, then found no such
    # order of its own: it refused for good (404) and the platform stopped.
    assert delivery.attempts == 8 and delivery.last_status_code == 404
    assert json.loads(delivery.last_error)["error"] == "unknown_order"
    assert delivery.abandoned_at is not None and delivery.delivered_at is None


@pytest.mark.django_db(transaction=True)
def test_a_delivered_notification_is_not_sent_again(live_server, order):
    delivery = NoticeDelivery.objects.create(
        order=order, event_id="evt_done", payload={}, delivered_at=timezone.now()
    )

    assert notice_deliver(delivery=delivery) is True
    delivery.refresh_from_db()
    assert delivery.attempts == 0


def _cancel(client, order_id: str, **headers):
    return client.post(f"{API}/orders/{order_id}/cancel", **(headers or _basic()))


def test_the_merchant_cancels_an_unpaid_order_and_it_can_no_longer_be_paid(client, order):
    response = _cancel(client, order.order_id)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "cancelled" and body["transaction_id"] == order.transaction_id
    checkout = f"/payment-platform/checkout/{order.transaction_id}"
    page = client.get(checkout)
    pay = client.post(checkout, {"decision": "pay", "method": "VCB", "outcome": "success"})
    assert page.status_code == 409 and pay.status_code == 409
    for html in (page.content.decode(), pay.content.decode()):
        assert "The merchant cancelled this payment request; it can no longer be paid." in html
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.method == ""
    assert client.get(f"{API}/orders/{order.order_id}", **_basic()).json()["status"] == "cancelled"
    # Safe to repeat; the merchant has its answer: no notification is owed.
    assert _cancel(client, order.order_id).json()["status"] == "cancelled"
    assert not NoticeDelivery.objects.exists()


def test_cancelling_a_paid_order_answers_that_it_is_paid_with_its_transaction(client, order):
    order_decide(order=order, decision="pay", method="VCB")

    response = _cancel(client, order.order_id)

    assert response.status_code == 409
    body = response.json()
    assert (body["error"], body["status"]) == ("order_paid", "paid")
    assert body["transaction_id"] == order.transaction_id and body["paid_at"]
    assert ". " in body["detail"]  # bilingual
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_cancelling_is_the_merchants_own_order_only(client, order, settings):
    settings.PAYMENT_PLATFORM_MERCHANTS = {**settings.PAYMENT_PLATFORM_MERCHANTS,
                                           "other": "other-secret"}  # fmt: skip

    assert _cancel(client, order.order_id, HTTP_AUTHORIZATION="Basic !!").status_code == 401
    other = _cancel(client, order.order_id, **_basic("other", "other-secret"))
    assert other.status_code == 404 and other.json()["error"] == "unknown_order"
    assert client.get(f"{API}/orders/{order.order_id}/cancel", **_basic()).status_code == 405
    order.refresh_from_db()
    assert order.status == OrderStatus.CREATED
