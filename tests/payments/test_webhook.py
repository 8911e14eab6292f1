"""The platform's notification endpoint: only a fresh notice signed with the
shared secret, for a known order with the right amount, is taken; anything
else is refused with a bilingual 4xx and changes nothing. Repeats are harmless."""

from __future__ import annotations

import json
import time

import pytest

from dossiers.models import DossierEvent, DossierStatus
from payments.models import Payment, PaymentNotice, PaymentStatus
from payments.signatures import notice_signature
from portal.notifications.models import Notification
from tests.payments.factories import PaymentFactory

URL = "/payments/webhook/"


@pytest.fixture
def payment(fee_dossier):
    return PaymentFactory(dossier=fee_dossier)


def notice(payment: Payment, *, status: str = "paid", event_id: str = "evt_1", **changes) -> dict:
    return {
        "event_id": event_id, "type": f"payment.{status}", "merchant_id": "mot-cua-so-portal",
        "order_id": payment.order_id, "transaction_id": payment.transaction_id,
        "status": status, "amount": payment.amount_vnd, "currency": "VND",
        "paid_at": "2026-11-25T09:12:00+07:00" if status == "paid" else None,
        "failure_code": "insufficient_funds" if status == "failed" else "",
        "failure_reason": "Tài khoản không đủ số dư để thanh toán." if status == "failed" else "",
        **changes,
    }  # fmt: skip


def deliver(client, payload: dict | bytes, *, secret: str = "dev-payment-webhook-secret",
            timestamp: int | None = None, signature: str | None = None):  # fmt: skip
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    signed_at = int(time.time()) if timestamp is None else timestamp
    headers = {
        "HTTP_X_PAYGOV_TIMESTAMP": str(signed_at),
        "HTTP_X_PAYGOV_SIGNATURE": signature
        or notice_signature(secret=secret, timestamp=signed_at, body=body),
    }
    return client.post(URL, data=body, content_type="application/json", **headers)


def _unchanged(payment: Payment) -> None:
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert not PaymentNotice.objects.exists()
    payment.dossier.refresh_from_db()
    assert payment.dossier.status == DossierStatus.FINANCIAL_OBLIGATION
    assert not DossierEvent.objects.exists()


def _bilingual(response) -> str:
    detail = response.json()["detail"]
    vietnamese, _, english = detail.partition(". ")
    assert vietnamese and english, detail
    return response.json()["error"]


def test_a_signed_paid_notice_moves_the_dossier_on(client, payment):
    response = deliver(client, notice(payment))

    assert response.status_code == 200
    assert response.json() == {"result": "accepted", "order_id": payment.order_id,
                               "status": "paid"}  # fmt: skip
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.paid_at.isoformat() == "2026-11-25T02:12:00+00:00"
    payment.dossier.refresh_from_db()
    assert payment.dossier.status == DossierStatus.SUBMITTED
    assert DossierEvent.objects.filter(action="fee_paid").count() == 1


def test_a_duplicate_notice_is_harmless(client, payment):
    first = deliver(client, notice(payment))
    notifications = Notification.objects.count()

    again = deliver(client, notice(payment))  # the same event, delivered twice

    assert first.status_code == again.status_code == 200
    assert again.json()["result"] == "duplicate"
    assert PaymentNotice.objects.count() == 1
    assert DossierEvent.objects.filter(action="fee_paid").count() == 1
    assert Notification.objects.count() == notifications


def test_a_second_event_for_a_paid_payment_changes_nothing(client, payment):
    deliver(client, notice(payment, event_id="evt_paid"))

    late = deliver(client, notice(payment, status="failed", event_id="evt_failed_late"))

    assert late.status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.failure_code == ""
    assert DossierEvent.objects.filter(action="fee_paid").count() == 1


def test_paid_wins_over_an_earlier_failure_report(client, payment):
    # Out of order: a stale "failed" arrives first, then the platform's "paid".
    deliver(client, notice(payment, status="failed", event_id="evt_a"))
    deliver(client, notice(payment, status="paid", event_id="evt_b"))

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    payment.dossier.refresh_from_db()
    assert payment.dossier.status == DossierStatus.SUBMITTED


def test_a_forged_signature_is_refused(client, payment):
    response = deliver(client, notice(payment), secret="attacker-guess")

    assert response.status_code == 401 and _bilingual(response) == "bad_signature"
    _unchanged(payment)


def test_a_tampered_body_is_refused(client, payment):
    body = json.dumps(notice(payment, amount=1)).encode()
    signed_at = int(time.time())
    genuine = notice_signature(secret="dev-payment-webhook-secret", timestamp=signed_at,
                               body=json.dumps(notice(payment)).encode())  # fmt: skip

    response = deliver(client, body, timestamp=signed_at, signature=genuine)

    assert response.status_code == 401
    _unchanged(payment)


def test_an_unsigned_notice_is_refused(client, payment):
    response = client.post(URL, data=json.dumps(notice(payment)), content_type="application/json")

    assert response.status_code == 401 and _bilingual(response) == "unsigned"
    _unchanged(payment)


def test_a_stale_notice_is_refused_as_a_replay(client, payment, settings):
    an_hour_ago = int(time.time()) - 3600

    response = deliver(client, notice(payment), timestamp=an_hour_ago)

    assert response.status_code == 401 and _bilingual(response) == "stale"
    _unchanged(payment)


def test_a_replayed_notice_with_a_new_timestamp_does_not_verify(client, payment):
    old = int(time.time()) - 3600
    body = json.dumps(notice(payment)).encode()
    captured = notice_signature(secret="dev-payment-webhook-secret", timestamp=old, body=body)

    response = deliver(client, body, timestamp=int(time.time()), signature=captured)

    assert response.status_code == 401
    _unchanged(payment)


def test_a_notice_for_an_unknown_order_is_refused(client, payment):
    response = deliver(client, notice(payment, order_id="MCS000000UNKNOWN"))

    assert response.status_code == 404 and _bilingual(response) == "unknown_order"
    _unchanged(payment)


def test_a_notice_with_another_amount_is_refused(client, payment):
    response = deliver(client, notice(payment, amount=payment.amount_vnd - 1000))

    assert response.status_code == 409 and _bilingual(response) == "amount_mismatch"
    _unchanged(payment)


def test_a_notice_with_another_transaction_is_refused(client, payment):
    response = deliver(client, notice(payment, transaction_id="PG000000FORGED"))

    assert response.status_code == 409
    _unchanged(payment)


def test_a_notice_for_another_merchant_is_refused(client, payment):
    response = deliver(client, notice(payment, merchant_id="another-portal"))

    assert response.status_code == 400 and _bilingual(response) == "wrong_merchant"
    _unchanged(payment)


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b"{}", json.dumps({"status": "paid", "amount": "50000"}).encode()],
)
def test_a_malformed_notice_is_refused(client, payment, body):
    response = deliver(client, body)

    assert response.status_code == 400 and _bilingual(response) == "malformed"
    _unchanged(payment)


@pytest.mark.parametrize(
    "changes",
    [
        {"paid_at": "2026-02-30T09:12:00+07:00"},  # well formed, but no such day
        {"transaction_id": "T" * 65},  # longer than any transaction the platform keeps
        {"event_id": "E" * 65},
    ],
)
def test_a_notice_with_an_impossible_value_is_refused_as_malformed(client, payment, changes):
    response = deliver(client, notice(payment, **changes))

    assert response.status_code == 400 and _bilingual(response) == "malformed"
    _unchanged(payment)


def test_without_a_configured_secret_every_notice_is_refused(client, payment, settings):
    settings.PAYMENT_WEBHOOK_SECRET = ""

    response = deliver(client, notice(payment), secret="")

    assert response.status_code == 401
    _unchanged(payment)


def test_the_endpoint_takes_only_post(client, payment):
    response = client.get(URL)

    assert response.status_code == 405
    assert _bilingual(response) == "method_not_allowed"


def test_a_failed_notice_is_recorded_and_the_applicant_told(client, payment):
    response = deliver(client, notice(payment, status="failed"))

    assert response.status_code == 200
    payment.refresh_from_db()
    assert (payment.status, payment.failure_code) == (PaymentStatus.FAILED, "insufficient_funds")
    payment.dossier.refresh_from_db()
    assert payment.dossier.status == DossierStatus.FINANCIAL_OBLIGATION
    assert Notification.objects.filter(user=payment.payer).count() == 1
