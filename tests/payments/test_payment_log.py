"""Every money action on a dossier's fee leaves a record in the payment log,
in the same transaction as the change: the fee taken at the desk and the
online orders it cancels, the platform's settlements (paid, or paid twice and
owed back) and the refunds, each naming the official (or the platform), the
dossier, the payment and the amount."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossiers.models import DossierStatus
from payments.desk import payment_record_at_counter
from payments.exceptions import CounterPaymentRefused, PaymentNotAllowed
from payments.models import Payment, PaymentMethod, PaymentStatus
from payments.online import payment_refresh, payment_start
from payments.platform.behaviour import Behaviour, behaviour_store
from payments.platform.models import PlatformOrder
from payments.platform.services import order_decide
from payments.refunds import payment_refund
from payments.settlement import payment_settle
from portal.audit.models import PaymentAction, PaymentLog
from tests.accounts.factories import OfficialFactory
from tests.payments.conftest import BACKEND, FEE
from tests.payments.factories import PaymentFactory
from tests.payments.test_webhook import deliver, notice


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def _desk(dossier, by, receipt_number: str = "BL-000123", **changes) -> Payment:
    values = {"amount_vnd": FEE, "method": PaymentMethod.CASH, "receipt_number": receipt_number}
    return payment_record_at_counter(dossier=dossier, by=by, **{**values, **changes})


def _entries() -> list[tuple]:
    """The log, oldest first, as (action, actor, dossier, payment, amount)."""
    return list(
        PaymentLog.objects.order_by("id").values_list(
            "action", "actor", "dossier", "payment", "amount_vnd"
        )
    )


@pytest.fixture
def desk_paid(fee_dossier, commune_official) -> Payment:
    """The fee taken at the desk, recorded before the payment log existed."""
    return PaymentFactory(dossier=fee_dossier, status=PaymentStatus.PAID, paid_at=timezone.now(),
                          method=PaymentMethod.CASH, receipt_number="BL-000123",
                          recorded_by=commune_official, transaction_id="",
                          checkout_url="")  # fmt: skip


# --- The fee taken at the desk ----------------------------------------------------


@pytest.mark.django_db
def test_the_fee_taken_at_the_desk_is_logged_with_its_official_and_amount(
    fee_dossier, commune_official
):
    payment = _desk(fee_dossier, commune_official, method=PaymentMethod.CARD)

    entry = PaymentLog.objects.get()
    assert _entries() == [
        (PaymentAction.TAKEN_AT_DESK, commune_official.pk, fee_dossier.pk, payment.pk, FEE)
    ]
    assert entry.actor_agency == commune_official.agency
    assert entry.detail["receipt_number"] == "BL-000123" and entry.detail["method"] == "card"


@pytest.mark.django_db
def test_a_desk_payment_refused_logs_nothing(fee_dossier, commune_official, citizen):
    with pytest.raises(CounterPaymentRefused):
        _desk(fee_dossier, commune_official, amount_vnd=FEE - 1)
    with pytest.raises(PaymentNotAllowed):
        _desk(fee_dossier, citizen)

    assert not PaymentLog.objects.exists()


@pytest.mark.django_db
def test_the_desk_page_logs_the_official_who_took_the_fee(fee_dossier, commune_official):
    colleague = OfficialFactory(agency=commune_official.agency, full_name="Trần Văn Bình")
    url = reverse("workspace:counter-fee", args=[fee_dossier.pk])

    response = _logged_in(colleague).post(
        url, {"method": "cash", "amount_vnd": FEE, "receipt_number": "BL-000777"}
    )

    assert response.status_code == 302
    payment = Payment.objects.get(receipt_number="BL-000777")
    assert _entries() == [
        (PaymentAction.TAKEN_AT_DESK, colleague.pk, fee_dossier.pk, payment.pk, FEE)
    ]


@pytest.mark.django_db
def test_without_its_log_record_the_desk_records_no_fee(fee_dossier, commune_official, monkeypatch):
    def log_unwritable(**kwargs):
        raise DatabaseError("payment log unavailable")

    monkeypatch.setattr("payments.desk.payment_log_record", log_unwritable)

    with pytest.raises(DatabaseError):
        _desk(fee_dossier, commune_official)

    assert not Payment.objects.exists()
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.FINANCIAL_OBLIGATION


# --- The platform's settlements ---------------------------------------------------


@pytest.mark.django_db
def test_a_paid_notice_is_logged_as_the_platforms(client, fee_dossier):
    online = PaymentFactory(dossier=fee_dossier)

    first = deliver(client, notice(online))
    again = deliver(client, notice(online, event_id="evt_2"))

    assert first.status_code == again.status_code == 200
    entry = PaymentLog.objects.get()
    assert _entries() == [(PaymentAction.PAID_ONLINE, None, fee_dossier.pk, online.pk, FEE)]
    assert entry.actor_agency is None
    assert entry.detail["transaction_id"] == online.transaction_id


@pytest.mark.django_db
def test_a_failed_or_expired_payment_is_not_a_money_action(client, fee_dossier):
    failed = PaymentFactory(dossier=fee_dossier)
    assert deliver(client, notice(failed, status="failed")).status_code == 200
    expired = PaymentFactory(dossier=fee_dossier)
    payment_settle(payment_id=expired.pk, status=PaymentStatus.EXPIRED)

    assert not PaymentLog.objects.exists()


@pytest.mark.django_db
def test_a_fee_paid_twice_is_logged_refund_due_on_the_second_payment(
    client, fee_dossier, desk_paid
):
    # An online order the desk cancelled, paid on the platform all the same.
    online = PaymentFactory(dossier=fee_dossier, status=PaymentStatus.CANCELLED)

    assert deliver(client, notice(online)).status_code == 200

    online.refresh_from_db()
    assert online.refund_due
    assert _entries() == [(PaymentAction.REFUND_DUE, None, fee_dossier.pk, online.pk, FEE)]


@pytest.mark.django_db
def test_without_its_log_record_no_payment_is_settled(fee_dossier, monkeypatch):
    online = PaymentFactory(dossier=fee_dossier)

    def log_unwritable(**kwargs):
        raise DatabaseError("payment log unavailable")

    monkeypatch.setattr("payments.settlement.payment_log_record", log_unwritable)

    with pytest.raises(DatabaseError):
        payment_settle(payment_id=online.pk, status=PaymentStatus.PAID,
                       transaction_id=online.transaction_id)  # fmt: skip

    online.refresh_from_db()
    fee_dossier.refresh_from_db()
    assert online.status == PaymentStatus.PENDING and not online.paid_at
    assert fee_dossier.status == DossierStatus.FINANCIAL_OBLIGATION


# --- Over HTTP with the platform: cancelling at the desk, refunding ---------------


@pytest.mark.django_db(transaction=True)
def test_the_online_order_the_desk_cancels_is_logged_against_the_official(
    platform_live, fee_dossier, citizen, commune_official
):
    online = payment_start(dossier=fee_dossier, by=citizen)

    desk = _desk(fee_dossier, commune_official)

    assert _entries() == [
        (PaymentAction.ONLINE_CANCELLED_AT_DESK, commune_official.pk, fee_dossier.pk,
         online.pk, FEE),
        (PaymentAction.TAKEN_AT_DESK, commune_official.pk, fee_dossier.pk, desk.pk, FEE),
    ]  # fmt: skip
    assert PaymentLog.objects.get(payment=online).detail["order_id"] == online.order_id


@pytest.fixture
def duplicate(platform_live, fee_dossier, citizen, desk_paid) -> Payment:
    """The applicant paid online for a fee the desk had taken: owed back."""
    online = payment_start(dossier=fee_dossier, by=citizen)
    order_decide(order=PlatformOrder.objects.get(order_id=online.order_id), decision="pay",
                 method="VCB")  # fmt: skip
    online = payment_refresh(payment=online)
    assert online.status == PaymentStatus.PAID and online.refund_due
    return online


@pytest.mark.django_db(transaction=True)
def test_a_refund_is_logged_once_with_the_staff_member_who_asked(
    duplicate, fee_dossier, center_staff, commune_official
):
    url = reverse("payments:refund", args=[fee_dossier.pk, duplicate.pk])
    client = _logged_in(center_staff)

    assert client.post(url).status_code == client.post(url).status_code == 302
    payment_refund(payment=duplicate, by=commune_official)  # refunded already: nothing

    duplicate.refresh_from_db()
    assert _entries() == [
        (PaymentAction.REFUND_DUE, None, fee_dossier.pk, duplicate.pk, FEE),
        (PaymentAction.REFUNDED, center_staff.pk, fee_dossier.pk, duplicate.pk, FEE),
    ]
    refunded = PaymentLog.objects.get(action=PaymentAction.REFUNDED)
    assert refunded.detail["refund_id"] == duplicate.refund_id != ""
    assert refunded.actor_agency == center_staff.agency


@pytest.mark.django_db(transaction=True)
def test_a_refund_the_platform_did_not_make_logs_nothing(duplicate, commune_official):
    behaviour_store(Behaviour(latency_ms=0, failure_rate=1.0))
    url = reverse("payments:refund", args=[duplicate.dossier_id, duplicate.pk])

    assert _logged_in(commune_official).post(url).status_code == 503

    assert not PaymentLog.objects.filter(action=PaymentAction.REFUNDED).exists()
