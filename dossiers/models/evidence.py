"""How each component of a dossier is satisfied: by data, by an upload, or by
an upload where the source holds no record (a data gap)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dossiers.models.dossier import Dossier


class ComponentEvidenceKind(models.TextChoices):
    DATA = "data", _("Replaced by electronic data")
    UPLOAD = "upload", _("Uploaded")
    DATA_GAP = "data_gap", _("Uploaded: the source holds no record")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ComponentEvidence(models.Model):
    """How one component of a dossier is satisfied: by data from a source (with
    the record and fetch time), by an upload, or by an upload because the
    source returned nothing for this person (a data gap, not a re-request)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence")
    component = models.ForeignKey(
        "procedures.DossierComponent", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("satisfied by"), max_length=16, choices=ComponentEvidenceKind.choices)
    source = models.CharField(_("data source"), max_length=64, blank=True)
    record_id = models.CharField(_("record"), max_length=64, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("component evidence")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "component"], name="evidence_per_component")
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.component_id} {self.kind}"


def attachment_storage_name(instance: Attachment, filename: str) -> str:
    # A random name: the applicant's file name is kept apart and never reaches the disk.
    return f"dossiers/{instance.dossier_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file the applicant uploaded for a component, served only to those who
    may see the dossier."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    component = models.ForeignKey(
        "procedures.DossierComponent", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=attachment_storage_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class DataGap(models.Model):
    """The lawful exception to the once-only rule: the source returned nothing
    or wrong data for this subject, recorded by the official with the
    evidence. It opens a correction request to the database owner at once,
    and is counted apart on the dashboards."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="data_gaps")
    component = models.ForeignKey(
        "procedures.DossierComponent", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("data source"), max_length=64)
    evidence = models.TextField(_("evidence"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    correction_request = models.ForeignKey(
        "datasources.CorrectionRequest", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("data gap")
        verbose_name_plural = _("data gaps")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "component"], name="data_gap_once")
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.component_id} ({self.source})"


class VerificationOutcome(models.TextChoices):
    FOUND = "found", _("The source holds the data")
    NOT_FOUND = "not_found", _("The source holds nothing for the person")


class ComponentVerification(models.Model):
    """A component the dossier's sources had not answered for at submission,
    verified from its source by an official of the unit (xác minh từ nguồn):
    what the source said then, its record and fetch time, who read it and
    when. The read itself is in the access log; a source that did not answer
    leaves nothing here."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="verifications")
    component = models.ForeignKey(
        "procedures.DossierComponent", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("data source"), max_length=64)
    fields = models.JSONField(default=list)
    outcome = models.CharField(_("outcome"), max_length=16, choices=VerificationOutcome.choices)
    record_id = models.CharField(_("record"), max_length=64, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("verified by"),
    )  # fmt: skip
    verified_at = models.DateTimeField(_("verified at"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification from the source")
        verbose_name_plural = _("verifications from the source")
        ordering = ["verified_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "component"], name="verification_per_component"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.component_id} {self.source} {self.outcome}"

    @property
    def found(self) -> bool:
        return self.outcome == VerificationOutcome.FOUND
