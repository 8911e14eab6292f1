"""Payment pages and the platform's notification endpoint. Thin: parse, call a
service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from dossiers.models import Dossier, DossierStatus
from dossiers.selectors import dossier_fees_visible_to, dossier_pages_visible_to
from payments.exceptions import NoticeRejected, PaymentError
from payments.fee_receipts import fee_receipt_pdf
from payments.models import Payment, PaymentStatus
from payments.notices import payment_notice_receive
from payments.notifications import failure_text
from payments.online import payment_refresh, payment_start
from payments.refunds import payment_refund, refund_permitted
from payments.selectors import dossier_payments, payments_visible_to, receipted_payments
from payments.signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER
from portal.accounts.models import STAFF_ROLE_VALUES

RETRYABLE = frozenset({PaymentStatus.FAILED, PaymentStatus.CANCELLED, PaymentStatus.EXPIRED})
POLL_INTERVAL_SECONDS = 2


def _fee_context(request: HttpRequest, dossier: Dossier) -> dict:
    payments = list(dossier_payments(dossier=dossier))
    # The receipts are papers of the dossier: for those who may open its pages only.
    pages = dossier_pages_visible_to(user=request.user)
    return {
        "dossier": dossier,
        "payments": [(payment, failure_text(payment)) for payment in payments],
        "open_payment": next((p for p in payments if p.status == PaymentStatus.PENDING), None),
        "can_pay": dossier.status == DossierStatus.FINANCIAL_OBLIGATION
        and dossier.applicant_id == request.user.pk,
        "can_refund": any(p.refund_due and not p.refunded_at for p in payments)
        and refund_permitted(dossier=dossier, user=request.user),
        # Staff also read how each fee was paid, its receipt number and who took it at the desk.
        "staff_view": request.user.role in STAFF_ROLE_VALUES,
        "receipts_shown": pages.filter(pk=dossier.pk).exists(),
    }


@login_required
def dossier_fee(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier's fee, the attempts to pay it, and the button to pay."""
    dossier = get_object_or_404(dossier_fees_visible_to(user=request.user), pk=pk)
    return render(request, "payments/dossier_fee.html", _fee_context(request, dossier))


@login_required
@require_POST
def payment_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Pay (or try again): off to the platform's checkout page."""
    dossier = get_object_or_404(dossier_fees_visible_to(user=request.user), pk=pk)
    try:
        payment = payment_start(dossier=dossier, by=request.user)
    except PaymentError as error:
        dossier.refresh_from_db()
        context = {**_fee_context(request, dossier), "error": error.message}
        return render(request, "payments/dossier_fee.html", context, status=error.http_status)
    if payment.status == PaymentStatus.PENDING:
        return HttpResponseRedirect(payment.checkout_url)
    return redirect("payments:return", order_id=payment.order_id)


@login_required
@require_POST
def payment_refund_view(request: HttpRequest, pk: int, payment_id: int) -> HttpResponse:
    """Refund a payment made for a fee already paid; back to the dossier's payments."""
    dossier = get_object_or_404(dossier_fees_visible_to(user=request.user), pk=pk)
    payment = get_object_or_404(dossier_payments(dossier=dossier), pk=payment_id)
    try:
        payment = payment_refund(payment=payment, by=request.user)
    except PaymentError as error:
        context = {**_fee_context(request, dossier), "error": error.message}
        return render(request, "payments/dossier_fee.html", context, status=error.http_status)
    messages.success(request, _("Payment %(order)s was refunded (refund %(refund)s).")
                     % {"order": payment.order_id, "refund": payment.refund_id})  # fmt: skip
    return redirect("payments:dossier", pk=dossier.pk)


@require_GET
@login_required
def fee_receipt(request: HttpRequest, pk: int, payment_id: int | None = None) -> HttpResponse:
    """The fee receipt (PDF) of a paid payment of the dossier; without `payment_id`,
    of the one that settled its fee. For the applicant and the unit's officials:
    any other dossier, or a payment not paid, is a 404."""
    dossier = get_object_or_404(
        dossier_pages_visible_to(user=request.user), pk=pk, code__isnull=False
    )
    paid = receipted_payments(dossier=dossier)
    payment = (
        get_object_or_404(paid, pk=payment_id)
        if payment_id is not None
        else paid.filter(refund_due=False).first()
    )
    if payment is None:
        raise Http404("No fee paid.")
    response = HttpResponse(fee_receipt_pdf(payment=payment), content_type="application/pdf")
    name = f"bien-lai-{dossier.code}-{payment.order_id}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@never_cache
@login_required
def payment_return(request: HttpRequest, order_id: str) -> HttpResponse:
    """Where the platform sends the browser back. What it says in the address
    is not trusted: a payment still pending here is asked about at the platform."""
    payment: Payment = get_object_or_404(payments_visible_to(user=request.user),
                                         order_id=order_id)  # fmt: skip
    platform_error = ""
    if payment.status == PaymentStatus.PENDING:
        try:
            payment = payment_refresh(payment=payment)
        except PaymentError as error:
            platform_error = error.message
    dossier = payment.dossier
    dossier.refresh_from_db()
    context = {
        "payment": payment,
        "dossier": dossier,
        "reason": failure_text(payment),
        "platform_error": platform_error,
        "can_retry": payment.status in RETRYABLE
        and dossier.status == DossierStatus.FINANCIAL_OBLIGATION
        and dossier.applicant_id == request.user.pk,
        "poll_seconds": POLL_INTERVAL_SECONDS,
    }
    template = "payments/return_panel.html" if request.htmx else "payments/return.html"
    return render(request, template, context)


@csrf_exempt  # the platform calls it server to server; the HMAC signature authenticates it
def payment_webhook(request: HttpRequest) -> JsonResponse:
    """The platform's signed notification of a payment's outcome."""
    if request.method != "POST":
        return JsonResponse(
            {"error": "method_not_allowed", "detail": _("Chỉ nhận POST. Only POST is allowed.")},
            status=405,
        )
    try:
        payment, taken = payment_notice_receive(
            body=request.body,
            timestamp=request.headers.get(TIMESTAMP_HEADER, ""),
            signature=request.headers.get(SIGNATURE_HEADER, ""),
        )
    except NoticeRejected as error:
        return JsonResponse({"error": error.code, "detail": error.message},
                            status=error.http_status)  # fmt: skip
    return JsonResponse({"result": "accepted" if taken else "duplicate",
                         "order_id": payment.order_id, "status": payment.status})  # fmt: skip
