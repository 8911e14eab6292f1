"""Dossiers (hồ sơ) and the data prefilled into them, with its provenance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import personal_id_validator


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Newly submitted")
    RECEIVED = "received", _("Received")
    REFUSED_AT_RECEPTION = "refused_at_reception", _("Refused at reception")
    IN_PROCESSING = "in_processing", _("In processing")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    FINANCIAL_OBLIGATION = "financial_obligation", _("Financial obligation requested")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    PROCESSING_STOPPED = "processing_stopped", _("Processing stopped")
    RESULT_READY = "result_ready", _("Processed, result ready")
    RESULT_RETURNED = "result_returned", _("Result returned")
    NOT_RESOLVED = "not_resolved", _("Not resolved")


class ActingBasis(models.TextChoices):
    SELF = "self", _("For oneself")
    PARENT = "parent", _("As parent of a child")
    AUTHORISATION = "authorisation", _("Under an authorisation")
    LEGAL_REPRESENTATIVE = "legal_representative", _("As a business's legal representative")


class Dossier(models.Model):
    """One application for one procedure (hồ sơ). The applicant submits it;
    the subject is whose procedure it is (the same person, a child, a principal)."""

    procedure_code = models.CharField(_("procedure code"), max_length=32)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="dossiers",
        verbose_name=_("receiving unit"),
    )  # fmt: skip
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dossiers",
        verbose_name=_("applicant"),
    )  # fmt: skip
    subject_personal_id = models.CharField(
        _("subject's personal ID"), max_length=12, validators=[personal_id_validator]
    )
    acting_basis = models.CharField(
        _("acting as"), max_length=32, choices=ActingBasis.choices, default=ActingBasis.SELF
    )
    status = models.CharField(
        _("status"), max_length=32, choices=DossierStatus.choices, default=DossierStatus.DRAFT,
        db_index=True,
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self) -> str:
        return f"{self.procedure_code} #{self.pk}"

    @property
    def reference(self) -> str:
        return f"#{self.pk}"


class PrefillStatus(models.TextChoices):
    PENDING = "pending", _("Fetching")
    OK = "ok", _("Data found")
    NOT_FOUND = "not_found", _("No record")
    UNAVAILABLE = "unavailable", _("Source unavailable")


class PrefillSnapshot(models.Model):
    """What the sources said for a dossier, when it was prefilled."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="prefill")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("prefill snapshot")

    def __str__(self) -> str:
        return f"prefill of {self.dossier}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class PrefillSource(models.Model):
    """One source's part of a prefill: its status, and each value with its provenance."""

    snapshot = models.ForeignKey(PrefillSnapshot, on_delete=models.CASCADE, related_name="sources")
    source = models.CharField(max_length=64)
    fields = models.JSONField(default=list)
    status = models.CharField(
        max_length=16, choices=PrefillStatus.choices, default=PrefillStatus.PENDING
    )
    values = models.JSONField(default=dict, blank=True)
    record_id = models.CharField(max_length=64, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    source_updated_at = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    elapsed_ms = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("prefilled source")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "source"], name="prefill_source_once")
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.source}: {self.status}"
