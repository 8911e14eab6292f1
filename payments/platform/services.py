"""The mock payment platform's use cases: register an order, let the payer
pay or cancel it, let the merchant cancel or refund it, report it, and
deliver the signed notification."""

from __future__ import annotations

import datetime
import json
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from payments.platform.methods import FAILURES, METHOD_CODES, SUCCESS
from payments.platform.models import NoticeDelivery, OrderStatus, PlatformOrder
from payments.signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER, notice_signature
from portal.core.enqueue import enqueue_on_commit

logger = logging.getLogger(__name__)

MAX_AMOUNT_VND = 1_000_000_000
# Attempts at one notification before the platform gives up on it.
MAX_DELIVERY_ATTEMPTS = 20
DELIVERY_TIMEOUT = (2.0, 5.0)
MERCHANT_CANCELLED = "merchant_cancelled"


class PlatformError(Exception):
    """A refused request to the platform; the message is bilingual."""

    def __init__(self, message: str, *, code: str = "bad_request", http_status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.http_status = http_status


@dataclass(frozen=True)
class OrderRequest:
    order_id: str
    amount: Any
    currency: str
    description: str
    reference: str
    return_url: str
    notify_url: str


def _web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and len(value) <= 500


def _amount(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value <= MAX_AMOUNT_VND else None


def _order_request_check(request: OrderRequest) -> int:
    """The amount in VND. Raises PlatformError for anything malformed."""
    if not request.order_id or len(request.order_id) > 64 or not request.order_id.isprintable():
        raise PlatformError(_("Mã đơn hàng không hợp lệ. Invalid order id."))
    amount = _amount(request.amount)
    if amount is None:
        raise PlatformError(
            _("Số tiền phải là số nguyên dương (đồng). The amount must be a positive whole number "
              "of đồng.")
        )  # fmt: skip
    if request.currency != "VND":
        raise PlatformError(_("Chỉ nhận thanh toán bằng VND. Only VND is accepted."))
    if not request.description.strip() or len(request.description) > 255:
        raise PlatformError(_("Thiếu nội dung thanh toán. The description is missing."))
    if not (_web_address(request.return_url) and _web_address(request.notify_url)):
        raise PlatformError(
            _("Địa chỉ trả về hoặc nhận thông báo không hợp lệ. "
              "The return or notification address is invalid.")
        )  # fmt: skip
    return amount


def _transaction_id() -> str:
    return f"PG{timezone.localtime():%y%m%d}{secrets.token_hex(8).upper()}"


@transaction.atomic
def order_register(*, merchant_id: str, request: OrderRequest) -> tuple[PlatformOrder, bool]:
    """The order, and whether it is new. The order id is the merchant's
    idempotency key: the same order again returns the first one; the same id
    with another amount is a conflict. Raises PlatformError."""
    amount = _order_request_check(request)
    existing = (
        PlatformOrder.objects.select_for_update()
        .filter(merchant_id=merchant_id, order_id=request.order_id)
        .first()
    )
    if existing is not None:
        if existing.amount_vnd != amount:
            raise PlatformError(
                _("Mã đơn hàng đã được dùng với số tiền khác. "
                  "This order id was registered with another amount."),
                code="order_conflict", http_status=409,
            )  # fmt: skip
        return existing, False
    order = PlatformOrder.objects.create(
        transaction_id=_transaction_id(), merchant_id=merchant_id, order_id=request.order_id,
        amount_vnd=amount, description=request.description.strip(),
        reference=request.reference[:64], return_url=request.return_url,
        notify_url=request.notify_url,
        expires_at=timezone.now()
        + datetime.timedelta(minutes=settings.PAYMENT_PLATFORM_ORDER_TTL_MINUTES),
    )  # fmt: skip
    return order, True


def checkout_url(order: PlatformOrder) -> str:
    """The page where the payer's browser pays this order."""
    base = (settings.PAYMENT_PLATFORM_PUBLIC_URL or settings.PAYMENT_PLATFORM_URL).rstrip("/")
    return f"{base}/checkout/{order.transaction_id}"


def order_as_dict(order: PlatformOrder) -> dict[str, Any]:
    """The order as the API reports it to its merchant."""
    return {
        "order_id": order.order_id,
        "transaction_id": order.transaction_id,
        "status": order.status_at(),
        "amount": order.amount_vnd,
        "currency": "VND",
        "checkout_url": checkout_url(order),
        "expires_at": order.expires_at.isoformat(),
        "paid_at": order.decided_at.isoformat()
        if order.decided_at and order.status == OrderStatus.PAID
        else None,
        "method": order.method,
        "failure_code": order.failure_code,
        "failure_reason": order.failure_reason,
        "refund_id": order.refund_id,
        "refunded_at": order.refunded_at.isoformat() if order.refunded_at else None,
    }


def order_decide(*, order: PlatformOrder, decision: str, method: str = "",
                 outcome: str = SUCCESS) -> PlatformOrder:  # fmt: skip
    """The payer pays (with a bank or e-wallet; the demonstration outcome
    decides whether the bank accepts) or cancels. The merchant is notified
    once this commits. Raises PlatformError (unknown choice, decided, expired)."""
    if order.status_at() == OrderStatus.EXPIRED:
        PlatformOrder.objects.filter(pk=order.pk, status=OrderStatus.CREATED).update(
            status=OrderStatus.EXPIRED
        )
        raise PlatformError(
            _("Giao dịch đã hết hạn thanh toán. This payment request has expired."),
            code="expired", http_status=410,
        )  # fmt: skip
    return _order_decide(order=order, decision=decision, method=method, outcome=outcome)


@transaction.atomic
def _order_decide(*, order: PlatformOrder, decision: str, method: str,
                  outcome: str) -> PlatformOrder:  # fmt: skip
    order = PlatformOrder.objects.select_for_update().get(pk=order.pk)
    now = timezone.now()
    if order.failure_code == MERCHANT_CANCELLED:
        raise PlatformError(closed_message(order), code="cancelled", http_status=409)
    if order.status != OrderStatus.CREATED or order.status_at(now) != OrderStatus.CREATED:
        raise PlatformError(
            _("Giao dịch này đã được xử lý. This payment has already been handled."),
            code="decided", http_status=409,
        )  # fmt: skip
    if decision == "cancel":
        order.status = OrderStatus.CANCELLED
        order.failure_code, order.failure_reason = "cancelled", "Người thanh toán đã hủy giao dịch."
    elif decision == "pay":
        if method not in METHOD_CODES:
            raise PlatformError(
                _("Hãy chọn ngân hàng hoặc ví điện tử. Choose a bank or an e-wallet."),
                code="method_required",
            )  # fmt: skip
        if outcome != SUCCESS and outcome not in FAILURES:
            raise PlatformError(_("Kết quả không hợp lệ. Unknown outcome."))
        order.method = method
        if outcome == SUCCESS:
            order.status = OrderStatus.PAID
        else:
            order.status = OrderStatus.FAILED
            order.failure_code, order.failure_reason = outcome, FAILURES[outcome]
    else:
        raise PlatformError(_("Thao tác không hợp lệ. Unknown action."))
    order.decided_at = now
    order.save(update_fields=["status", "method", "failure_code", "failure_reason",
                              "decided_at"])  # fmt: skip
    _notice_enqueue(order)
    return order


def _merchant_order_locked(*, merchant_id: str, order_id: str) -> PlatformOrder:
    """The merchant's order, locked for the caller's transaction. Raises
    PlatformError (404) for an order it does not have."""
    order = (
        PlatformOrder.objects.select_for_update()
        .filter(merchant_id=merchant_id, order_id=order_id)
        .first()
    )
    if order is None:
        raise PlatformError(_("Không có đơn hàng này. Unknown order."), code="unknown_order",
                            http_status=404)  # fmt: skip
    return order


@transaction.atomic
def order_cancel(*, merchant_id: str, order_id: str) -> PlatformOrder:
    """The merchant withdraws an order it no longer wants paid (the fee was
    taken another way): an order awaiting payment is cancelled and can no
    longer be paid; any other is returned as it stands, a paid one with its
    transaction. Safe to repeat. The merchant has the answer: no notification
    is sent. Raises PlatformError (unknown order)."""
    order = _merchant_order_locked(merchant_id=merchant_id, order_id=order_id)
    if order.status == OrderStatus.CREATED:
        if order.status_at() == OrderStatus.EXPIRED:  # past its time: expired, not cancelled
            order.status = OrderStatus.EXPIRED
        else:
            order.status = OrderStatus.CANCELLED
            order.failure_code = MERCHANT_CANCELLED
            order.failure_reason = "Đơn vị chấp nhận thanh toán đã hủy đơn hàng."
            order.decided_at = timezone.now()
        order.save(update_fields=["status", "failure_code", "failure_reason", "decided_at"])
    return order


@transaction.atomic
def order_refund(*, merchant_id: str, order_id: str) -> tuple[PlatformOrder, bool]:
    """The merchant gives a paid order's whole amount back to the payer: the
    order with its refund id, and whether the refund is new. Refunding again
    returns the same refund. Raises PlatformError (unknown order, not paid)."""
    order = _merchant_order_locked(merchant_id=merchant_id, order_id=order_id)
    if order.refund_id:
        return order, False
    if order.status != OrderStatus.PAID:
        raise PlatformError(
            _("Đơn hàng chưa được thanh toán nên không thể hoàn tiền. "
              "The order is not paid, so it cannot be refunded."),
            code="order_not_paid", http_status=409,
        )  # fmt: skip
    order.refund_id = f"RF{timezone.localtime():%y%m%d}{secrets.token_hex(8).upper()}"
    order.refunded_at = timezone.now()
    order.save(update_fields=["refund_id", "refunded_at"])
    return order, True


def closed_message(order: PlatformOrder) -> str:
    """What the payer's page says of an order that can no longer be paid."""
    if order.failure_code == MERCHANT_CANCELLED:
        return _(
            "Đơn vị chấp nhận thanh toán đã hủy yêu cầu này; không thể thanh toán. "
            "The merchant cancelled this payment request; it can no longer be paid."
        )
    return _("Giao dịch này đã kết thúc. This payment request is closed.")


def _notice_enqueue(order: PlatformOrder) -> NoticeDelivery:
    from payments.platform.tasks import notice_deliver_task

    event_id = f"evt_{secrets.token_hex(12)}"
    payload = {
        "event_id": event_id,
        "type": f"payment.{order.status}",
        "merchant_id": order.merchant_id,
        **order_as_dict(order),
        "occurred_at": (order.decided_at or timezone.now()).isoformat(),
    }
    payload.pop("checkout_url")
    delivery = NoticeDelivery.objects.create(order=order, event_id=event_id, payload=payload)
    enqueue_on_commit(notice_deliver_task, delivery.pk)
    return delivery


def return_redirect_url(order: PlatformOrder) -> str:
    """Where the payer's browser goes back to, with the outcome for display
    only: the merchant must not trust it (the notification is what counts)."""
    query = urlencode({"order_id": order.order_id, "transaction_id": order.transaction_id,
                       "status": order.status_at()})  # fmt: skip
    separator = "&" if urlsplit(order.return_url).query else "?"
    return f"{order.return_url}{separator}{query}"


def notice_deliver(*, delivery: NoticeDelivery) -> bool:
    """POST the notification, signed now, to the merchant. True once the
    merchant took it (2xx), or when it refused it for good (4xx: sending the
    same again cannot help, so the platform gives up); False to try again."""
    if not delivery.is_open:
        return True
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: notice_signature(
            secret=settings.PAYMENT_WEBHOOK_SECRET, timestamp=timestamp, body=body
        ),
    }
    status_code, error = None, ""
    try:
        response = requests.post(delivery.order.notify_url, data=body, headers=headers,
                                 timeout=DELIVERY_TIMEOUT, allow_redirects=False)  # fmt: skip
        status_code = response.status_code
        error = "" if response.ok else response.text[:500]
    except requests.RequestException as failure:
        error = str(failure)[:500]
    now = timezone.now()
    attempts = delivery.attempts + 1
    changes: dict[str, Any] = {"attempts": attempts, "last_attempt_at": now,
                               "last_status_code": status_code, "last_error": error}  # fmt: skip
    done = status_code is not None and 200 <= status_code < 300
    refused = status_code is not None and 400 <= status_code < 500 and status_code not in (408, 429)
    if done:
        changes["delivered_at"] = now
    elif refused or attempts >= MAX_DELIVERY_ATTEMPTS:
        changes["abandoned_at"] = now
        logger.warning("Notification %s given up after %s attempts (%s): %s",
                       delivery.event_id, attempts, status_code, error)  # fmt: skip
    NoticeDelivery.objects.filter(pk=delivery.pk, delivered_at__isnull=True).update(**changes)
    for name, value in changes.items():
        setattr(delivery, name, value)
    return not delivery.is_open


def notices_redeliver(*, older_than_seconds: int = 60) -> int:
    """Send again the notifications still owed (a worker or the broker may have
    been down when they were enqueued). Returns how many were enqueued."""
    from payments.platform.tasks import notice_deliver_task

    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    # Never tried (the task was lost), or its own retries have lapsed.
    owed = (
        NoticeDelivery.objects.filter(delivered_at__isnull=True, abandoned_at__isnull=True)
        .filter(Q(attempts=0, created_at__lt=cutoff)
                | Q(last_attempt_at__lt=cutoff - datetime.timedelta(minutes=10)))
        .values_list("pk", flat=True)[:200]
    )  # fmt: skip
    count = 0
    for delivery_id in owed:
        notice_deliver_task.delay(delivery_id)
        count += 1
    return count
