"""What the mock payment platform keeps: the merchants' orders and the
notifications it owes them."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    CREATED = "created", _("Awaiting payment")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    CANCELLED = "cancelled", _("Payment cancelled")
    EXPIRED = "expired", _("Payment expired")


class PlatformOrder(models.Model):
    """An order a merchant registered: what the payer is asked to pay, where
    the browser goes back to, and where the notification is sent."""

    # The platform's transaction reference; its checkout address carries it.
    transaction_id = models.CharField(max_length=40, unique=True)
    merchant_id = models.CharField(max_length=64)
    order_id = models.CharField(max_length=64)
    amount_vnd = models.PositiveBigIntegerField()
    description = models.CharField(max_length=255)
    reference = models.CharField(max_length=64, blank=True)  # the merchant's dossier code
    return_url = models.URLField(max_length=500)
    notify_url = models.URLField(max_length=500)
    status = models.CharField(max_length=16, choices=OrderStatus.choices,
                              default=OrderStatus.CREATED)  # fmt: skip
    method = models.CharField(max_length=32, blank=True)
    failure_code = models.CharField(max_length=64, blank=True)
    failure_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    # A paid order the merchant gave back to the payer: refunded once, whole.
    refund_id = models.CharField(max_length=40, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("platform order")
        verbose_name_plural = _("platform orders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["merchant_id", "order_id"], name="order_per_merchant")
        ]

    def __str__(self) -> str:
        return f"{self.transaction_id} {self.merchant_id}/{self.order_id}"

    def status_at(self, now: datetime.datetime | None = None) -> str:
        """The status as the platform reports it: an unpaid order past its time is expired."""
        if self.status == OrderStatus.CREATED and (now or timezone.now()) >= self.expires_at:
            return OrderStatus.EXPIRED
        return self.status


class NoticeDelivery(models.Model):
    """A notification the platform owes a merchant, sent (and signed afresh)
    until the merchant takes it or the platform gives up."""

    order = models.ForeignKey(PlatformOrder, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.CharField(max_length=64, unique=True)
    payload = models.JSONField()
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    abandoned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification delivery")
        verbose_name_plural = _("notification deliveries")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.order.notify_url}"

    @property
    def is_open(self) -> bool:
        return self.delivered_at is None and self.abandoned_at is None
