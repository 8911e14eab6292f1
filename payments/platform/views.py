"""The mock payment platform over HTTP: the merchant API (HTTP Basic with the
merchant's credentials) and the payer's checkout page. Thin: parse, call, answer."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from payments.platform import services
from payments.platform.behaviour import simulate
from payments.platform.methods import METHODS, OUTCOMES, SUCCESS
from payments.platform.models import OrderStatus, PlatformOrder


def _merchant(request: HttpRequest) -> str | None:
    """The authenticated merchant's id, or None."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        merchant_id, _sep, secret = (
            base64.b64decode(header[6:], validate=True).decode().partition(":")
        )
    except (binascii.Error, UnicodeDecodeError):
        return None
    expected = settings.PAYMENT_PLATFORM_MERCHANTS.get(merchant_id, "")
    if expected and hmac.compare_digest(secret.encode(), expected.encode()):
        return merchant_id
    return None


def _error(code: str, detail: str, status: int) -> JsonResponse:
    return JsonResponse({"error": code, "detail": detail}, status=status)


def _unauthorized() -> JsonResponse:
    response = _error(
        "unauthorized",
        _("Sai thông tin xác thực đơn vị chấp nhận thanh toán. Invalid merchant credentials."),
        401,
    )
    response["WWW-Authenticate"] = 'Basic realm="payment-platform"'
    return response


def _unavailable() -> JsonResponse:
    response = _error(
        "unavailable",
        _("Nền tảng thanh toán tạm thời gián đoạn. The payment platform is temporarily down."),
        503,
    )
    response["Retry-After"] = "1"
    return response


def _merchant_api(*, post: bool):
    """A server-to-server endpoint: POST only when `post`, the merchant's
    credentials, then the simulated outage; the view gets the merchant's id."""

    def decorate(view):
        @csrf_exempt  # authenticated by the merchant's credentials, not a session
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs) -> JsonResponse:
            if post and request.method != "POST":
                return _error("method_not_allowed", _("Chỉ nhận POST. Only POST is allowed."), 405)
            merchant_id = _merchant(request)
            if merchant_id is None:
                return _unauthorized()
            if simulate():
                return _unavailable()
            return view(request, merchant_id, *args, **kwargs)

        return checked

    return decorate


@_merchant_api(post=True)
def orders(request: HttpRequest, merchant_id: str) -> JsonResponse:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return _error("bad_request", _("JSON không hợp lệ. Invalid JSON."), 400)
    order_request = services.OrderRequest(
        order_id=str(body.get("order_id") or ""), amount=body.get("amount"),
        currency=str(body.get("currency") or "VND"),
        description=str(body.get("description") or ""),
        reference=str(body.get("reference") or ""),
        return_url=str(body.get("return_url") or ""),
        notify_url=str(body.get("notify_url") or ""),
    )  # fmt: skip
    try:
        order, created = services.order_register(merchant_id=merchant_id, request=order_request)
    except services.PlatformError as error:
        return _error(error.code, error.message, error.http_status)
    return JsonResponse(services.order_as_dict(order), status=201 if created else 200)


@require_GET
@_merchant_api(post=False)
def order(request: HttpRequest, merchant_id: str, order_id: str) -> JsonResponse:
    found = PlatformOrder.objects.filter(merchant_id=merchant_id, order_id=order_id).first()
    if found is None:
        return _error("unknown_order", _("Không có đơn hàng này. Unknown order."), 404)
    return JsonResponse(services.order_as_dict(found))


@_merchant_api(post=True)
def order_cancel(request: HttpRequest, merchant_id: str, order_id: str) -> JsonResponse:
    """Cancel an unpaid order: 200 with the order as it then stands, 409 with
    the order when it is already paid, 404 for an unknown order."""
    try:
        found = services.order_cancel(merchant_id=merchant_id, order_id=order_id)
    except services.PlatformError as error:
        return _error(error.code, error.message, error.http_status)
    if found.status == OrderStatus.PAID:
        detail = _("Đơn hàng đã được thanh toán, không thể hủy. The order is already paid and "
                   "cannot be cancelled.")  # fmt: skip
        return JsonResponse({"error": "order_paid", "detail": detail,
                             **services.order_as_dict(found)}, status=409)  # fmt: skip
    return JsonResponse(services.order_as_dict(found))


@_merchant_api(post=True)
def order_refund(request: HttpRequest, merchant_id: str, order_id: str) -> JsonResponse:
    """Refund a paid order: 201 with the order and its refund id, 200 with the
    same refund when asked again, 409 for an order not paid, 404 for an unknown one."""
    try:
        found, created = services.order_refund(merchant_id=merchant_id, order_id=order_id)
    except services.PlatformError as error:
        return _error(error.code, error.message, error.http_status)
    return JsonResponse(services.order_as_dict(found), status=201 if created else 200)


def _message(request: HttpRequest, *, order: PlatformOrder | None, message: str,
             status: int) -> HttpResponse:  # fmt: skip
    back = services.return_redirect_url(order) if order is not None else ""
    return render(request, "payments/platform/message.html",
                  {"order": order, "message": message, "back": back}, status=status)  # fmt: skip


def _checkout_page(request: HttpRequest, order: PlatformOrder, *, error: str = "",
                   status: int = 200) -> HttpResponse:  # fmt: skip
    return render(request, "payments/platform/checkout.html", {
        "order": order,
        "banks": [m for m in METHODS if m.kind == "bank"],
        "wallets": [m for m in METHODS if m.kind == "wallet"],
        "outcomes": OUTCOMES,
        "chosen_method": request.POST.get("method", ""),
        "chosen_outcome": request.POST.get("outcome", SUCCESS),
        "error": error,
    }, status=status)  # fmt: skip


# The checkout address is the payer's capability (an unguessable transaction
# reference), and the platform runs on its own origin without the portal's
# cookies: no CSRF token, as on the real platform's hosted page.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest, transaction_id: str) -> HttpResponse:
    order = PlatformOrder.objects.filter(transaction_id=transaction_id).first()
    if order is None:
        return _message(
            request, order=None, status=404,
            message=_("Không tìm thấy giao dịch. No such payment request."),
        )  # fmt: skip
    if request.method == "GET":
        if order.status_at() != OrderStatus.CREATED:
            return _message(
                request, order=order, status=409 if order.status_at() != "expired" else 410,
                message=services.closed_message(order),
            )  # fmt: skip
        return _checkout_page(request, order)
    try:
        order = services.order_decide(
            order=order, decision=request.POST.get("decision", ""),
            method=request.POST.get("method", ""),
            outcome=request.POST.get("outcome", SUCCESS),
        )  # fmt: skip
    except services.PlatformError as error:
        if error.http_status == 400:
            return _checkout_page(request, order, error=error.message, status=400)
        order.refresh_from_db()
        return _message(request, order=order, message=error.message, status=error.http_status)
    return HttpResponseRedirect(services.return_redirect_url(order))
