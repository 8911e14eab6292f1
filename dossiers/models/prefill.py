"""The data prefilled into a dossier from the sources, with its provenance,
and what a source said when an official read it again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dossiers.models.dossier import Dossier


class PrefillStatus(models.TextChoices):
    PENDING = "pending", _("Fetching")
    OK = "ok", _("Data found")
    NOT_FOUND = "not_found", _("No record")
    UNAVAILABLE = "unavailable", _("Source unavailable")


# What a part says when its source was asked and did not answer in time (the
# worker down, the task lost): unavailable, as a source that is down, so the
# rules for those apply. Stored as the sources' own details are, in both languages.
NO_ANSWER_DETAIL = "Nguồn dữ liệu chưa phản hồi. The data source did not answer."


class PrefillSnapshot(models.Model):
    """What the sources said for a dossier, when it was prefilled."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="prefill")
    # When the sources were last asked: at the start, and again at each retry.
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

    @property
    def no_answer(self) -> bool:
        """Unavailable because it never answered in time, not because it said it was down."""
        return self.status == PrefillStatus.UNAVAILABLE and self.detail == NO_ANSWER_DETAIL


class SourceRefetch(models.Model):
    """A source read again by an official for a submitted dossier (đọc lại
    nguồn dữ liệu): what the snapshot kept and what the source said then, each
    with its record and fetch time. Kept so that the comparison can be shown
    again without reading the person's data a second time."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="refetches")
    source = models.CharField(_("data source"), max_length=64)
    fields = models.JSONField(default=list)
    status = models.CharField(_("outcome"), max_length=16)  # the re-read's FetchStatus
    snapshot_values = models.JSONField(default=dict, blank=True)
    snapshot_record_id = models.CharField(max_length=64, blank=True)
    snapshot_fetched_at = models.DateTimeField(null=True, blank=True)
    current_values = models.JSONField(default=dict, blank=True)
    current_record_id = models.CharField(max_length=64, blank=True)
    current_fetched_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("re-read by"),
    )  # fmt: skip
    read_at = models.DateTimeField(_("re-read at"), auto_now_add=True)

    class Meta:
        verbose_name = _("source re-read")
        verbose_name_plural = _("source re-reads")
        ordering = ["-read_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.source} ({self.read_at:%d/%m/%Y %H:%M})"
