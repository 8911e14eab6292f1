"""Append-only records: who accessed whose personal data and why, and the
compliance events leaders inspect. Rows are written once and never changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} is append-only: rows cannot be updated.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} is append-only: rows cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.model.__name__} is append-only: rows cannot be updated.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} is append-only: rows cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} is append-only: rows cannot be deleted.")


class AccessOutcome(models.TextChoices):
    OK = "ok", _("Returned")
    CACHED = "cached", _("Returned from cache")
    NOT_FOUND = "not_found", _("No record")
    DENIED = "denied", _("Denied")
    REFUSED = "refused", _("Refused: bad request")
    FAILED = "failed", _("Source failed")


class AccessLog(AppendOnlyModel):
    """One access to a person's data (nhật ký khai thác dữ liệu)."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    subject_personal_id = models.CharField(_("subject personal ID"), max_length=12, db_index=True)
    source = models.CharField(_("source"), max_length=64)
    fields = models.JSONField(_("fields"), default=list)
    purpose_type = models.CharField(_("purpose type"), max_length=32, blank=True)
    purpose_id = models.CharField(_("purpose reference"), max_length=64, blank=True)
    purpose_label = models.CharField(_("purpose"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=AccessOutcome.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    # How long the source took to answer (from the cache: almost nothing);
    # empty when no source was read (denied, refused) and for older entries.
    elapsed_ms = models.PositiveIntegerField(_("time taken (ms)"), null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_personal_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.source} {self.subject_personal_id} {self.outcome}"


class ComplianceEventKind(models.TextChoices):
    REPROVIDE_REFUSED = "reprovide_refused", _("Re-provide request refused")
    DATA_GAP_RECORDED = "data_gap_recorded", _("Data gap recorded")
    LOOKUP_DENIED = "lookup_denied", _("Lookup denied")
    LOCKED_VALUE_CHANGED = "locked_value_changed", _("Locked value change refused")


class ComplianceEvent(AppendOnlyModel):
    """A fact about the once-only rule that leaders count and inspect."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=ComplianceEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    reference = models.CharField(_("reference"), max_length=64, blank=True, db_index=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("compliance event")
        verbose_name_plural = _("compliance events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"


class PaymentAction(models.TextChoices):
    TAKEN_AT_DESK = "taken_at_desk", _("Fee taken at the one-stop desk")
    ONLINE_CANCELLED_AT_DESK = "online_cancelled_at_desk", _("Online order cancelled at the desk")
    PAID_ONLINE = "paid_online", _("Paid online")
    REFUND_DUE = "refund_due", _("Paid a fee already paid: refund due")
    REFUNDED = "refunded", _("Refunded")


# What the payment platform settles on its own word, with no official behind it.
PLATFORM_PAYMENT_ACTIONS = (PaymentAction.PAID_ONLINE, PaymentAction.REFUND_DUE)


class PaymentLog(AppendOnlyModel):
    """One money action on a dossier's fee (nhật ký thu, hoàn phí, lệ phí): what
    was done, to which payment of which dossier, for how much, and by whom: an
    official or staff member, or the payment platform (no actor)."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=32, choices=PaymentAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("actor"),
    )  # fmt: skip
    # The actor's agency then: staff move between units, the record must not.
    actor_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("agency"),
    )  # fmt: skip
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="+", verbose_name=_("dossier"),
    )  # fmt: skip
    payment = models.ForeignKey(
        "payments.Payment", on_delete=models.PROTECT, related_name="+", verbose_name=_("payment"),
    )  # fmt: skip
    amount_vnd = models.PositiveIntegerField(_("amount (VND)"))
    # The references that prove it: the fee receipt's number, the platform's
    # transaction or refund id, how it was paid.
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("payment log entry")
        verbose_name_plural = _("payment log")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The platform's settlements name no one; every other action names its official.
            models.CheckConstraint(
                condition=models.Q(action__in=PLATFORM_PAYMENT_ACTIONS, actor__isnull=True)
                | (~models.Q(action__in=PLATFORM_PAYMENT_ACTIONS) & models.Q(actor__isnull=False)),
                name="paymentlog_actor_matches_action",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_vnd__gt=0), name="paymentlog_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.payment_id} {self.amount_vnd}"
