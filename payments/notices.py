"""The platform's signed notices (webhook) of a payment's outcome: verified,
parsed, taken once, and settled."""

from __future__ import annotations

import datetime
import json
import time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from payments.exceptions import NoticeRejected
from payments.models import Payment, PaymentNotice
from payments.settlement import SETTLES_FROM, amount_mismatch_message, payment_settle
from payments.signatures import notice_signature_valid

_IDENTIFIER_LENGTHS = {
    "event_id": PaymentNotice._meta.get_field("event_id").max_length,
    "order_id": Payment._meta.get_field("order_id").max_length,
    "transaction_id": Payment._meta.get_field("transaction_id").max_length,
}


def _rejected(message: str, *, code: str, http_status: int) -> NoticeRejected:
    return NoticeRejected(message, code=code, http_status=http_status)


def _notice_verify(*, body: bytes, timestamp: str, signature: str) -> datetime.datetime:
    """When the notice was signed. Raises NoticeRejected for a missing or wrong
    signature, and for a timestamp outside the tolerance (a replay)."""
    if not timestamp.strip().isdigit() or not signature:
        raise _rejected(
            _("Thiếu chữ ký của thông báo. The notification is not signed."),
            code="unsigned", http_status=401,
        )  # fmt: skip
    signed = int(timestamp)
    if not notice_signature_valid(secret=settings.PAYMENT_WEBHOOK_SECRET, timestamp=signed,
                                  body=body, signature=signature):  # fmt: skip
        raise _rejected(
            _("Chữ ký của thông báo không hợp lệ. The notification's signature is invalid."),
            code="bad_signature", http_status=401,
        )  # fmt: skip
    if abs(time.time() - signed) > settings.PAYMENT_WEBHOOK_TOLERANCE_SECONDS:
        raise _rejected(
            _("Thông báo đã quá hạn hoặc bị gửi lại. The notification is stale or replayed."),
            code="stale", http_status=401,
        )  # fmt: skip
    return datetime.datetime.fromtimestamp(signed, tz=datetime.UTC)


def _notice_parse(body: bytes) -> dict[str, Any]:
    malformed = _rejected(
        _("Nội dung thông báo không hợp lệ. The notification's content is malformed."),
        code="malformed", http_status=400,
    )  # fmt: skip
    try:
        data = json.loads(body)
    except ValueError as error:
        raise malformed from error
    if not isinstance(data, dict):
        raise malformed
    required = ("event_id", "merchant_id", "order_id", "transaction_id", "status", "amount")
    if any(not isinstance(data.get(name), str | int) or data.get(name) == "" for name in required):
        raise malformed
    if isinstance(data["amount"], bool) or not isinstance(data["amount"], int):
        raise malformed
    if data["status"] not in ("created", *SETTLES_FROM):
        raise malformed
    # Identifiers longer than the columns that keep them are no identifiers of ours.
    if any(len(str(data[name])) > limit for name, limit in _IDENTIFIER_LENGTHS.items()):
        raise malformed
    try:
        data["paid_at"] = parse_datetime(str(data.get("paid_at") or ""))
    except ValueError as error:  # well formed but no real moment (30 February)
        raise malformed from error
    return data


def payment_notice_receive(*, body: bytes, timestamp: str, signature: str) -> tuple[Payment, bool]:
    """Take a notification from the platform: the payment, and whether this
    notice was new (False: a repeat, harmless). Raises NoticeRejected, with
    nothing changed, for a forged, stale or malformed notice, another
    merchant's, an unknown order, or a transaction or amount that does not match."""
    signed_at = _notice_verify(body=body, timestamp=timestamp, signature=signature)
    data = _notice_parse(body)
    if data["merchant_id"] != settings.PAYMENT_MERCHANT_ID:
        raise _rejected(
            _("Thông báo gửi nhầm đơn vị. The notification is for another merchant."),
            code="wrong_merchant", http_status=400,
        )  # fmt: skip
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(order_id=str(data["order_id"])).first()
        if payment is None:
            raise _rejected(
                _("Không có giao dịch thanh toán này. Unknown order."),
                code="unknown_order", http_status=404,
            )  # fmt: skip
        transaction_id = str(data["transaction_id"])
        if payment.transaction_id and transaction_id != payment.transaction_id:
            raise _rejected(amount_mismatch_message(), code="transaction_mismatch",
                            http_status=409)  # fmt: skip
        if data["amount"] != payment.amount_vnd or data.get("currency", "VND") != "VND":
            raise _rejected(amount_mismatch_message(), code="amount_mismatch", http_status=409)
        try:
            with transaction.atomic():
                PaymentNotice.objects.create(
                    event_id=str(data["event_id"]), payment=payment,
                    status=data["status"], signed_at=signed_at,
                )  # fmt: skip
        except IntegrityError:
            return payment, False
        if data["status"] not in SETTLES_FROM:
            return payment, True
        payment = payment_settle(
            payment_id=payment.pk, status=data["status"], transaction_id=transaction_id,
            paid_at=data["paid_at"],
            failure_code=str(data.get("failure_code") or ""),
            failure_reason=str(data.get("failure_reason") or ""),
        )  # fmt: skip
    return payment, True
