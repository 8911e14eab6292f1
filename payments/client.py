"""The portal's HTTP client of the national payment platform: the merchant's
credentials (HTTP Basic), connect and read timeouts, bounded retries of
requests that are safe to repeat (a registration carries its idempotency key)."""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from payments.exceptions import PaymentPlatformRefused, PaymentPlatformUnavailable

RETRIED_STATUSES = frozenset({502, 503, 504})
RETRIES = 2
BACKOFF_SECONDS = 0.2


@dataclass(frozen=True)
class PlatformOrder:
    """The platform's view of one order."""

    order_id: str
    transaction_id: str
    status: str  # created, paid, failed, cancelled, expired
    amount_vnd: int
    checkout_url: str = ""
    expires_at: datetime.datetime | None = None
    paid_at: datetime.datetime | None = None
    failure_code: str = ""
    failure_reason: str = ""
    refund_id: str = ""
    refunded_at: datetime.datetime | None = None

    @classmethod
    def from_answer(cls, body: dict[str, Any]) -> PlatformOrder:
        try:
            return cls(
                order_id=str(body["order_id"]),
                transaction_id=str(body["transaction_id"]),
                status=str(body["status"]),
                amount_vnd=int(body["amount"]),
                checkout_url=str(body.get("checkout_url") or ""),
                expires_at=parse_datetime(body.get("expires_at") or ""),
                paid_at=parse_datetime(body.get("paid_at") or ""),
                failure_code=str(body.get("failure_code") or ""),
                failure_reason=str(body.get("failure_reason") or "")[:500],
                refund_id=str(body.get("refund_id") or ""),
                refunded_at=parse_datetime(body.get("refunded_at") or ""),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise PaymentPlatformRefused(_malformed_message()) from error


class PaymentPlatformClient:
    def __init__(self) -> None:
        self.base_url = settings.PAYMENT_PLATFORM_URL.rstrip("/")
        self.auth = (settings.PAYMENT_MERCHANT_ID, settings.PAYMENT_MERCHANT_SECRET)
        self.timeout = (settings.PAYMENT_CONNECT_TIMEOUT, settings.PAYMENT_READ_TIMEOUT)

    def order_register(self, *, order_id: str, amount_vnd: int, description: str,
                       reference: str, return_url: str,
                       notify_url: str) -> PlatformOrder:  # fmt: skip
        """Register an order and get its checkout address. Registering the same
        order id again returns the same order. Raises PaymentPlatformUnavailable
        and PaymentPlatformRefused."""
        body = {
            "order_id": order_id, "amount": amount_vnd, "currency": "VND",
            "description": description, "reference": reference,
            "return_url": return_url, "notify_url": notify_url,
        }  # fmt: skip
        return PlatformOrder.from_answer(self._request("POST", "orders", json=body))

    def order_status(self, *, order_id: str) -> PlatformOrder:
        """Ask the platform where an order stands (server to server). Raises
        PaymentPlatformUnavailable and PaymentPlatformRefused."""
        return PlatformOrder.from_answer(self._request("GET", f"orders/{quote(order_id)}"))

    def order_cancel(self, *, order_id: str) -> PlatformOrder | None:
        """Cancel an order that is not to be paid any more (the fee was taken
        another way): the order as it then stands, cancelled, or paid with its
        transaction when the payer was first; None when the platform has no
        such order. Safe to repeat. Raises PaymentPlatformUnavailable and
        PaymentPlatformRefused."""
        body = self._request("POST", f"orders/{quote(order_id)}/cancel", answers=(404, 409))
        if body.get("error") == "unknown_order":
            return None
        return PlatformOrder.from_answer(body)

    def order_refund(self, *, order_id: str) -> PlatformOrder:
        """Give a paid order's amount back to the payer: the order with its
        refund id. Asking again returns the same refund. Raises
        PaymentPlatformUnavailable and PaymentPlatformRefused (an order not
        paid, or unknown)."""
        order = PlatformOrder.from_answer(self._request("POST", f"orders/{quote(order_id)}/refund"))
        if not order.refund_id:
            raise PaymentPlatformRefused(_malformed_message())
        return order

    def _request(self, method: str, path: str, *, answers: tuple[int, ...] = (),
                 **kwargs: Any) -> dict[str, Any]:  # fmt: skip
        """The JSON answer; `answers` are the 4xx statuses whose body is an
        answer rather than a refusal."""
        if not self.auth[1]:
            raise PaymentPlatformUnavailable(
                _(
                    "Chưa cấu hình tài khoản thanh toán của Cổng. "
                    "The portal's payment merchant account is not configured."
                )
            )
        url = f"{self.base_url}/v1/{path}"
        attempt = 0
        while True:
            try:
                response = requests.request(
                    method, url, auth=self.auth, timeout=self.timeout, **kwargs
                )
            except requests.ReadTimeout as error:
                # The order may exist now: the next attempt repeats the same id.
                raise PaymentPlatformUnavailable(_unavailable_message()) from error
            except requests.RequestException as error:
                failure: Exception | None = error
            else:
                if response.status_code not in RETRIED_STATUSES:
                    return _answer(response, answers)
                failure = None
            if attempt >= RETRIES:
                raise PaymentPlatformUnavailable(_unavailable_message()) from failure
            time.sleep(BACKOFF_SECONDS * (2**attempt) * (1 + random.random() / 4))
            attempt += 1


def _answer(response: requests.Response, answers: tuple[int, ...] = ()) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code in answers and isinstance(body, dict):
        return body
    if response.status_code >= 500:
        raise PaymentPlatformUnavailable(_unavailable_message())
    if response.status_code >= 400 or not isinstance(body, dict):
        raise PaymentPlatformRefused(
            _(
                "Nền tảng thanh toán từ chối yêu cầu (%(status)s). "
                "The payment platform refused the request (%(status)s)."
            )
            % {"status": response.status_code}
        )
    return body


def _unavailable_message() -> str:
    return _(
        "Nền tảng thanh toán tạm thời không trả lời; vui lòng thử lại sau ít phút. "
        "The payment platform is not answering; please try again in a few minutes."
    )


def _malformed_message() -> str:
    return _(
        "Nền tảng thanh toán trả lời không đúng định dạng. "
        "The payment platform's answer could not be read."
    )
