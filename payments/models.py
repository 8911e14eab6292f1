"""Payments of a dossier's fee (lệ phí) through the national payment platform:
one row per attempt, and the platform's notifications that were taken."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    CANCELLED = "cancelled", _("Payment cancelled")
    EXPIRED = "expired", _("Payment expired")


class PaymentMethod(models.TextChoices):
    ONLINE = "online", _("Online, through the payment platform")
    CASH = "cash", _("In cash at the one-stop desk")
    CARD = "card", _("By card on the desk's terminal")


COUNTER_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD)


def order_id_new() -> str:
    """A fresh order number: the day, then enough randomness never to repeat."""
    return f"MCS{timezone.localtime():%y%m%d}{secrets.token_hex(6).upper()}"


class Payment(models.Model):
    """One attempt to pay a dossier's fee (thanh toán trực tuyến). Only the
    platform's signed notification, or its answer to a status query, marks it
    paid; a payment taken at the one-stop desk is recorded paid by the
    official who took it, with the number of the receipt handed over."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="payments",
        verbose_name=_("dossier"),
    )  # fmt: skip
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("payer"),
    )  # fmt: skip
    amount_vnd = models.PositiveIntegerField(_("amount (VND)"))
    status = models.CharField(
        _("status"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PENDING,
        db_index=True,
    )  # fmt: skip
    # The portal's order number, sent to the platform as the idempotency key:
    # registering it again returns the same order, never a second one.
    order_id = models.CharField(_("order number"), max_length=40, unique=True)
    transaction_id = models.CharField(_("platform transaction"), max_length=64, blank=True)
    checkout_url = models.URLField(_("checkout address"), max_length=500, blank=True)
    expires_at = models.DateTimeField(_("payable until"), null=True, blank=True)
    failure_code = models.CharField(_("failure code"), max_length=64, blank=True)
    failure_reason = models.CharField(_("failure reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    method = models.CharField(
        _("paid how"), max_length=16, choices=PaymentMethod.choices, default=PaymentMethod.ONLINE
    )
    # At the desk: the fee receipt's number (biên lai thu phí, lệ phí) and who took the money.
    receipt_number = models.CharField(_("fee receipt number"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    # Paid although the fee had already been paid (an online order paid after
    # the fee was taken at the desk): the money is kept on record and owed back.
    refund_due = models.BooleanField(_("refund due"), default=False)
    # The refund through the platform (hoàn tiền): when, its id there, and who asked for it.
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)
    refund_id = models.CharField(_("platform refund"), max_length=40, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("refunded by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dossier", "status"])]
        constraints = [
            # At most one attempt open at a time: two clicks cannot pay twice.
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(status="pending"),
                name="payment_one_pending_per_dossier",
            ),
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="payment_amount_positive"),
            # A receipt number is handed over once: the same slip cannot pay twice.
            models.UniqueConstraint(
                fields=["receipt_number"], condition=~Q(receipt_number=""),
                name="payment_receipt_number_once",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.order_id} ({self.status})"

    @property
    def is_registered(self) -> bool:
        return bool(self.checkout_url)


class PaymentNotice(models.Model):
    """A notification (webhook) from the platform that was verified and taken.
    Its event id makes a repeated delivery harmless. Append-only."""

    event_id = models.CharField(_("event"), max_length=64, unique=True)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="notices")
    status = models.CharField(_("reported status"), max_length=16)
    signed_at = models.DateTimeField(_("signed"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment notice")
        verbose_name_plural = _("payment notices")
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.status}"
