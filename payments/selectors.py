"""Reads of payments, scoped to what the user may see."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet, Sum
from django.utils import timezone

from dossiers.models import Dossier
from dossiers.selectors import dossiers_visible_to
from payments.models import Payment, PaymentStatus
from portal.accounts.models import User


def dossier_fee_settled(*, dossier: Dossier) -> bool:
    """True when the payments confirmed by the platform cover the dossier's fee
    (a dossier without a fee is settled)."""
    if not dossier.fee_vnd:
        return True
    paid = Payment.objects.filter(dossier=dossier, status=PaymentStatus.PAID).aggregate(
        total=Sum("amount_vnd")
    )["total"]
    return (paid or 0) >= dossier.fee_vnd


def dossier_fee_payment(*, dossier_id: int) -> Payment | None:
    """The payment that settled the dossier's fee, with the official who took
    it at the desk: the first one paid, never one paid again afterwards (that
    one is owed back)."""
    return (
        Payment.objects.filter(dossier_id=dossier_id, status=PaymentStatus.PAID, refund_due=False)
        .select_related("recorded_by")
        .order_by("paid_at", "id")
        .first()
    )


def payments_visible_to(*, user: User) -> QuerySet[Payment]:
    """Payments of the dossiers this user may see (a citizen's own, an official's unit's)."""
    return Payment.objects.filter(dossier__in=dossiers_visible_to(user=user)).select_related(
        "dossier", "dossier__procedure"
    )


def dossier_payments(*, dossier: Dossier) -> QuerySet[Payment]:
    """Every attempt to pay the dossier's fee, the newest first, with the
    official who took a fee at the desk."""
    return (
        Payment.objects.filter(dossier=dossier)
        .select_related("recorded_by")
        .order_by("-created_at", "-id")
    )


def payments_awaiting_confirmation(*, older_than_seconds: int) -> QuerySet[Payment]:
    """Registered payments still pending after a while: the platform is asked about them."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return Payment.objects.filter(status=PaymentStatus.PENDING, created_at__lt=cutoff).exclude(
        checkout_url=""
    )


def receipted_payments(*, dossier: Dossier) -> QuerySet[Payment]:
    """The dossier's payments that have a fee receipt: those paid, the first first."""
    return Payment.objects.filter(
        dossier=dossier, status=PaymentStatus.PAID, paid_at__isnull=False
    ).order_by("paid_at", "id")
