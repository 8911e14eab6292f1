"""What the mock databases remember: the corrections their owners made.
Everything else is synthesised from the personal ID on each request."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordCorrection(models.Model):
    """A value corrected by the database owner; served instead of the synthetic one."""

    source = models.CharField(max_length=64)
    subject = models.CharField(max_length=12)
    field = models.CharField(max_length=64)
    value = models.JSONField(null=True)
    note = models.TextField(blank=True)
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("record correction")
        ordering = ["corrected_at", "id"]
        indexes = [models.Index(fields=["source", "subject"])]

    def __str__(self) -> str:
        return f"{self.source}.{self.field} of {self.subject}"
