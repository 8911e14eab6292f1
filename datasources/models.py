"""Correction requests (yêu cầu điều chỉnh dữ liệu): a value a source holds is
wrong; one request per (subject, source, field) goes to the database owner."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Corrected")
    REJECTED = "rejected", _("Rejected")


class CorrectionRequest(models.Model):
    source = models.CharField(_("source"), max_length=64, db_index=True)
    subject_personal_id = models.CharField(_("subject's personal ID"), max_length=12)
    field = models.CharField(_("field"), max_length=64)
    owner_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="correction_requests",
        verbose_name=_("database owner"),
    )  # fmt: skip
    # What the source said when the request was opened, and what is believed right.
    recorded_value = models.JSONField(_("value in the source"), null=True, blank=True)
    proposed_value = models.JSONField(_("proposed value"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CorrectionStatus.choices,
        default=CorrectionStatus.OPEN, db_index=True,
    )  # fmt: skip
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("resolved by"),
    )  # fmt: skip
    corrected_value = models.JSONField(_("corrected value"), null=True, blank=True)
    resolution_note = models.TextField(_("reason or note"), blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["opened_at"]
        constraints = [
            # The citizen is never asked twice: one open request per value.
            models.UniqueConstraint(
                fields=["subject_personal_id", "source", "field"],
                condition=Q(status="open"),
                name="correction_one_open_per_value",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}.{self.field} of {self.subject_personal_id} ({self.status})"


class CorrectionFlag(models.Model):
    """One person saying a value is wrong; later flags join the open request."""

    request = models.ForeignKey(CorrectionRequest, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="correction_flags"
    )
    purpose_type = models.CharField(max_length=32)
    purpose_id = models.CharField(max_length=64)
    note = models.TextField(blank=True)
    # What this report says is right, if it says: the owner's decision (the
    # queue, the API) starts from the most recent one; the request keeps the
    # first, for reports made before each kept its own.
    proposed_value = models.JSONField(_("proposed value"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("correction flag")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"flag on {self.request_id} by {self.flagged_by_id}"
