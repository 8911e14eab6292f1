"""The fee taken at the desk while the applicant has an online order open: the
order is cancelled on the platform first, so that the fee is not paid twice.
The portal and the mock platform talk over HTTP (a live server)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from dossiers.models import DossierEvent, DossierStatus
from payments.client import PaymentPlatformClient
from payments.desk import payment_record_at_counter
from payments.exceptions import NoFeeDue, OnlinePaymentUnconfirmed, ReceiptNumberTaken
from payments.models import Payment, PaymentMethod, PaymentStatus
from payments.online import payment_start
from payments.platform.behaviour import Behaviour, behaviour_store
from payments.platform.models import NoticeDelivery, OrderStatus, PlatformOrder
from portal.audit.models import PaymentAction, PaymentLog
from portal.audit.services import payment_log_record
from portal.notifications.models import Notification
from tests.dossiers.factories import DossierFactory
from tests.payments.conftest import BACKEND, FEE
from tests.payments.factories import PaymentFactory
from tests.payments.test_webhook import deliver, notice

pytestmark = pytest.mark.django_db(transaction=True)


def _record(dossier, by, receipt_number: str = "BL-000123"):
    return payment_record_at_counter(dossier=dossier, by=by, amount_vnd=FEE,
                                     method=PaymentMethod.CASH,
                                     receipt_number=receipt_number)  # fmt: skip


@pytest.fixture
def online(platform_live, fee_dossier, citizen) -> Payment:
    """The applicant pressed "Pay online": an order open on the platform."""
    payment = payment_start(dossier=fee_dossier, by=citizen)
    assert payment.status == PaymentStatus.PENDING and payment.checkout_url
    return payment


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def test_the_desk_cancels_the_open_online_order_on_the_platform(
    online, payer, fee_dossier, commune_official, citizen
):
    desk = _record(fee_dossier, commune_official)

    order = PlatformOrder.objects.get(order_id=online.order_id)
    assert order.status == OrderStatus.CANCELLED
    online.refresh_from_db()
    assert online.status == PaymentStatus.CANCELLED and online.failure_code == "cancelled_at_desk"
    assert desk.status == PaymentStatus.PAID
    # The applicant's checkout page says it can no longer be paid.
    page = payer.get(online.checkout_url)
    assert page.status_code == 409 and "it can no longer be paid" in page.text
    with pytest.raises(NoFeeDue):
        payment_start(dossier=fee_dossier, by=citizen)


def test_a_fee_paid_online_meanwhile_is_settled_and_the_desk_takes_nothing(
    online, payer, fee_dossier, commune_official
):
    # The applicant pays on the platform; its notification has not arrived yet.
    PlatformOrder.objects.update(notify_url="http://127.0.0.1:9/payments/webhook/")
    assert payer.checkout(online.checkout_url, decision="pay").status_code == 302
    assert NoticeDelivery.objects.get().delivered_at is None
    url = reverse("workspace:counter-fee", args=[fee_dossier.pk])

    response = _logged_in(commune_official).post(
        url, {"method": "cash", "amount_vnd": FEE, "receipt_number": "BL-000777"}
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Hồ sơ đã được nộp phí trực tuyến" in html and "The fee was already paid online" in html
    online.refresh_from_db()
    assert online.status == PaymentStatus.PAID and online.transaction_id in html
    assert list(Payment.objects.filter(status=PaymentStatus.PAID)) == [online]
    assert not Payment.objects.filter(receipt_number="BL-000777").exists()
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.SUBMITTED
    assert DossierEvent.objects.filter(dossier=fee_dossier, action="fee_paid").count() == 1
    with pytest.raises(NoFeeDue):
        _record(fee_dossier, commune_official)


def test_a_platform_down_refuses_the_desk_payment_and_records_nothing(
    online, fee_dossier, commune_official
):
    behaviour_store(Behaviour(latency_ms=0, failure_rate=1.0))

    with pytest.raises(OnlinePaymentUnconfirmed) as refused:
        _record(fee_dossier, commune_official)

    assert "Chưa hủy được đơn thanh toán trực tuyến" in refused.value.message
    assert "try again in a few minutes, or ask the applicant" in refused.value.message
    assert list(Payment.objects.all()) == [online]
    online.refresh_from_db()
    assert online.status == PaymentStatus.PENDING
    assert PlatformOrder.objects.get().status == OrderStatus.CREATED
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.FINANCIAL_OBLIGATION
    assert not DossierEvent.objects.exists() and not Notification.objects.exists()

    behaviour_store(None)  # back: the desk takes the fee
    assert _record(fee_dossier, commune_official).status == PaymentStatus.PAID


def test_without_an_open_online_order_the_platform_is_not_needed(
    platform_live, fee_dossier, commune_official
):
    behaviour_store(Behaviour(latency_ms=0, failure_rate=1.0))

    assert _record(fee_dossier, commune_official).status == PaymentStatus.PAID


def test_a_late_paid_notice_for_the_cancelled_order_is_kept_as_a_refund_due(
    online, fee_dossier, commune_official, citizen
):
    desk = _record(fee_dossier, commune_official)
    fee_dossier.refresh_from_db()
    due_date = fee_dossier.due_date
    online.refresh_from_db()

    response = deliver(Client(), notice(online))

    assert response.status_code == 200 and response.json()["status"] == "paid"
    online.refresh_from_db()
    assert online.status == PaymentStatus.PAID and online.refund_due
    desk.refresh_from_db()
    assert desk.status == PaymentStatus.PAID and not desk.refund_due
    fee_dossier.refresh_from_db()
    assert (fee_dossier.status, fee_dossier.due_date) == (DossierStatus.SUBMITTED, due_date)
    assert DossierEvent.objects.filter(dossier=fee_dossier, action="fee_paid").count() == 1
    told = Notification.objects.filter(user=citizen).order_by("-id").first()
    assert fee_dossier.reference in told.title and "hoàn trả" in told.body
    # The unit's officials see it among the dossier's payments.
    page = _logged_in(commune_official).get(reverse("payments:dossier", args=[fee_dossier.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and html.count('data-testid="refund-due"') == 1


def _logged_actions() -> list[tuple]:
    return list(PaymentLog.objects.order_by("id").values_list("action", "payment"))


def test_a_receipt_number_already_used_is_refused_before_anything_is_cancelled(
    online, fee_dossier, commune_official, citizen, hong_bang_ward
):
    other = DossierFactory(applicant=citizen, agency=hong_bang_ward, fee_vnd=FEE)
    PaymentFactory(dossier=other, status=PaymentStatus.PAID, method=PaymentMethod.CASH,
                   receipt_number="BL-000123", checkout_url="")  # fmt: skip
    url = reverse("workspace:counter-fee", args=[fee_dossier.pk])

    response = _logged_in(commune_official).post(
        url, {"method": "cash", "amount_vnd": FEE, "receipt_number": "BL-000123"}
    )

    assert response.status_code == 409
    assert "This receipt number was already recorded for another payment." in response.text
    # The applicant's online order is untouched, on the platform and here.
    assert PlatformOrder.objects.get(order_id=online.order_id).status == OrderStatus.CREATED
    online.refresh_from_db()
    assert online.status == PaymentStatus.PENDING
    assert not PaymentLog.objects.exists()


def test_an_order_cancelled_on_the_platform_stays_logged_when_the_desk_then_fails(
    online, fee_dossier, commune_official, citizen, hong_bang_ward, monkeypatch
):
    # Another desk records the same receipt number while the platform cancels the order.
    other = DossierFactory(applicant=citizen, agency=hong_bang_ward, fee_vnd=FEE)
    platform_cancel = PaymentPlatformClient.order_cancel

    def cancel_while_another_desk_records(client, *, order_id):
        order = platform_cancel(client, order_id=order_id)
        PaymentFactory(dossier=other, status=PaymentStatus.PAID, method=PaymentMethod.CASH,
                       receipt_number="BL-000123", checkout_url="")  # fmt: skip
        return order

    monkeypatch.setattr(PaymentPlatformClient, "order_cancel", cancel_while_another_desk_records)

    with pytest.raises(ReceiptNumberTaken):
        _record(fee_dossier, commune_official)

    # The cancellation happened on the platform: it is kept, here and in the payment log.
    assert PlatformOrder.objects.get(order_id=online.order_id).status == OrderStatus.CANCELLED
    online.refresh_from_db()
    assert online.status == PaymentStatus.CANCELLED and online.failure_code == "cancelled_at_desk"
    assert _logged_actions() == [(PaymentAction.ONLINE_CANCELLED_AT_DESK, online.pk)]
    entry = PaymentLog.objects.get()
    assert (entry.actor, entry.dossier_id, entry.amount_vnd) == (commune_official, fee_dossier.pk,
                                                                 FEE)  # fmt: skip
    assert entry.detail["order_id"] == online.order_id
    # No fee was taken: the dossier still waits for it.
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.FINANCIAL_OBLIGATION
    assert not Payment.objects.filter(dossier=fee_dossier, status=PaymentStatus.PAID).exists()

    # With a receipt of its own the desk takes the fee; the order is not cancelled twice.
    monkeypatch.undo()
    desk = _record(fee_dossier, commune_official, receipt_number="BL-000124")
    assert _logged_actions() == [
        (PaymentAction.ONLINE_CANCELLED_AT_DESK, online.pk),
        (PaymentAction.TAKEN_AT_DESK, desk.pk),
    ]


def test_a_cancellation_the_platform_confirmed_is_logged_even_if_the_fee_log_fails(
    online, fee_dossier, commune_official, monkeypatch
):
    def fee_log_unwritable(*, action, **kwargs):
        if action == PaymentAction.TAKEN_AT_DESK:
            raise DatabaseError("payment log unavailable")
        return payment_log_record(action=action, **kwargs)

    monkeypatch.setattr("payments.desk.payment_log_record", fee_log_unwritable)

    with pytest.raises(DatabaseError):
        _record(fee_dossier, commune_official)

    assert _logged_actions() == [(PaymentAction.ONLINE_CANCELLED_AT_DESK, online.pk)]
    assert not Payment.objects.filter(receipt_number="BL-000123").exists()
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.FINANCIAL_OBLIGATION
