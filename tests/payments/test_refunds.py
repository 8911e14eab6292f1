"""Refunding a payment made for a fee already paid: the platform refunds the
order once, and an official of a unit that sees the dossier asks for it from
the dossier's payments page. The portal and the mock platform talk over HTTP
(a live server)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from payments.exceptions import PaymentNotAllowed, RefundNotDue
from payments.models import Payment, PaymentMethod, PaymentStatus
from payments.online import payment_refresh, payment_start
from payments.platform.behaviour import Behaviour, behaviour_store
from payments.platform.models import PlatformOrder
from payments.platform.services import order_decide
from payments.refunds import payment_refund
from portal.notifications.models import Notification
from tests.payments.conftest import BACKEND
from tests.payments.factories import PaymentFactory
from tests.payments.test_platform import API, _basic, _register

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk_payment(fee_dossier, commune_official) -> Payment:
    return PaymentFactory(dossier=fee_dossier, status=PaymentStatus.PAID, paid_at=timezone.now(),
                          method=PaymentMethod.CASH, receipt_number="BL-000123",
                          recorded_by=commune_official, transaction_id="",
                          checkout_url="")  # fmt: skip


@pytest.fixture
def duplicate(platform_live, fee_dossier, citizen, desk_payment) -> Payment:
    """The applicant paid online for a fee the desk had taken: owed back."""
    online = payment_start(dossier=fee_dossier, by=citizen)
    order_decide(order=PlatformOrder.objects.get(order_id=online.order_id), decision="pay",
                 method="VCB")  # fmt: skip
    online.refresh_from_db()
    online = payment_refresh(payment=online)
    assert online.status == PaymentStatus.PAID and online.refund_due and not online.refunded_at
    return online


def _logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user, backend=BACKEND)
    return client


def _refund_url(payment: Payment) -> str:
    return reverse("payments:refund", args=[payment.dossier_id, payment.pk])


def _refund_notices(user):
    return Notification.objects.filter(user=user, title__contains="hoàn")


def test_an_official_refunds_a_payment_made_for_a_fee_already_paid(
    duplicate, commune_official, citizen
):
    refunded = payment_refund(payment=duplicate, by=commune_official)

    order = PlatformOrder.objects.get(order_id=duplicate.order_id)
    assert order.refund_id.startswith("RF") and order.refunded_at is not None
    assert refunded.refund_id == order.refund_id and refunded.refunded_at is not None
    assert refunded.refunded_by == commune_official
    assert refunded.status == PaymentStatus.PAID and refunded.refund_due
    told = _refund_notices(citizen).get()
    assert duplicate.dossier.reference in told.title
    assert order.refund_id in told.body and "50.000 ₫" in told.body


def test_refunding_twice_refunds_once(duplicate, commune_official, citizen):
    client = _logged_in(commune_official)

    first = client.post(_refund_url(duplicate))
    second = client.post(_refund_url(duplicate))
    again = payment_refund(payment=duplicate, by=commune_official)

    assert first.status_code == second.status_code == 302
    order = PlatformOrder.objects.get(order_id=duplicate.order_id)
    assert again.refund_id == order.refund_id
    assert _refund_notices(citizen).count() == 1
    page = client.get(reverse("payments:dossier", args=[duplicate.dossier_id]))
    html = page.content.decode()
    assert html.count('data-testid="refunded"') == 1 and order.refund_id in html
    assert 'data-testid="refund"' not in html and 'data-testid="refund-due"' not in html


def test_the_page_asks_before_refunding(duplicate, commune_official, citizen):
    page = _logged_in(commune_official).get(
        reverse("payments:dossier", args=[duplicate.dossier_id])
    )

    html = page.content.decode()
    assert html.count('data-testid="refund"') == 1 and _refund_url(duplicate) in html
    assert "csrfmiddlewaretoken" in html and "Không thể hoàn tác" in html
    # The applicant sees the payment owed back, without the button.
    mine = _logged_in(citizen).get(reverse("payments:dossier", args=[duplicate.dossier_id]))
    assert 'data-testid="refund-due"' in mine.content.decode()
    assert 'data-testid="refund"' not in mine.content.decode()


def test_a_refund_without_the_form_token_is_refused(duplicate, commune_official):
    response = _logged_in(commune_official, enforce_csrf_checks=True).post(_refund_url(duplicate))

    assert response.status_code == 403
    assert not PlatformOrder.objects.get(order_id=duplicate.order_id).refund_id


def test_service_center_staff_who_see_the_dossier_may_refund(duplicate, center_staff):
    response = _logged_in(center_staff).post(_refund_url(duplicate))

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.refunded_by == center_staff and duplicate.refund_id


def test_another_units_official_gets_a_404_and_nothing_is_refunded(
    duplicate, other_commune_official
):
    response = _logged_in(other_commune_official).post(_refund_url(duplicate))

    assert response.status_code == 404
    duplicate.refresh_from_db()
    assert not duplicate.refunded_at
    assert not PlatformOrder.objects.get(order_id=duplicate.order_id).refund_id


def test_the_applicant_cannot_refund(duplicate, citizen):
    response = _logged_in(citizen).post(_refund_url(duplicate))

    assert response.status_code == 403
    html = response.content.decode()
    assert "Chỉ cán bộ của đơn vị xử lý hồ sơ được hoàn tiền" in html
    assert "Only an official of a unit handling the dossier" in html
    with pytest.raises(PaymentNotAllowed):
        payment_refund(payment=duplicate, by=citizen)
    assert not PlatformOrder.objects.get(order_id=duplicate.order_id).refund_id


def test_a_payment_not_owed_back_cannot_be_refunded(
    duplicate, desk_payment, commune_official, fee_dossier
):
    response = _logged_in(commune_official).post(_refund_url(desk_payment))

    assert response.status_code == 409
    html = response.content.decode()
    assert "Khoản thanh toán này không phải hoàn trả" in html and "not one to be refunded" in html
    desk_payment.refresh_from_db()
    assert not desk_payment.refunded_at and not desk_payment.refund_id
    # Nor an online payment that paid the fee, nor a payment of another dossier.
    paid = PaymentFactory(dossier=fee_dossier, status=PaymentStatus.FAILED)
    with pytest.raises(RefundNotDue):
        payment_refund(payment=paid, by=commune_official)
    other = reverse("payments:refund", args=[fee_dossier.pk + 1000, duplicate.pk])
    assert _logged_in(commune_official).post(other).status_code == 404


def test_a_platform_down_records_nothing_and_the_refund_can_be_retried(
    duplicate, commune_official, citizen
):
    behaviour_store(Behaviour(latency_ms=0, failure_rate=1.0))
    client = _logged_in(commune_official)

    response = client.post(_refund_url(duplicate))

    assert response.status_code == 503
    assert "Nền tảng thanh toán tạm thời không trả lời" in response.content.decode()
    duplicate.refresh_from_db()
    assert not duplicate.refunded_at and not duplicate.refund_id
    assert not PlatformOrder.objects.get(order_id=duplicate.order_id).refund_id
    assert not _refund_notices(citizen).exists()

    behaviour_store(None)  # back: the retry refunds
    assert client.post(_refund_url(duplicate)).status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.refund_id == PlatformOrder.objects.get(order_id=duplicate.order_id).refund_id


# --- The platform's refund operation -------------------------------------------


@pytest.fixture
def paid_order(client, db) -> PlatformOrder:
    assert _register(client).status_code == 201
    order = PlatformOrder.objects.get()
    return order_decide(order=order, decision="pay", method="VCB")


def _refund(client, order_id: str, **headers):
    return client.post(f"{API}/orders/{order_id}/refund", **(headers or _basic()))


def test_the_platform_refunds_a_paid_order_once(client, paid_order):
    first = _refund(client, paid_order.order_id)
    second = _refund(client, paid_order.order_id)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["refund_id"].startswith("RF")
    assert second.json()["refund_id"] == first.json()["refund_id"]
    assert first.json()["status"] == "paid" and first.json()["refunded_at"]


def test_the_platform_refuses_to_refund_an_unpaid_or_unknown_order(client, db):
    assert _register(client).status_code == 201
    order = PlatformOrder.objects.get()

    unpaid = _refund(client, order.order_id)
    unknown = _refund(client, "MCS-NO-SUCH-ORDER")

    assert unpaid.status_code == 409 and unpaid.json()["error"] == "order_not_paid"
    assert "chưa được thanh toán" in unpaid.json()["detail"]
    assert "not paid, so it cannot be refunded" in unpaid.json()["detail"]
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_order"
    order.refresh_from_db()
    assert not order.refund_id


def test_only_the_orders_merchant_may_refund_it(client, paid_order):
    stranger = _refund(client, paid_order.order_id, **_basic(secret="wrong"))
    by_get = client.get(f"{API}/orders/{paid_order.order_id}/refund", **_basic())

    assert stranger.status_code == 401 and by_get.status_code == 405
    paid_order.refresh_from_db()
    assert not paid_order.refund_id
