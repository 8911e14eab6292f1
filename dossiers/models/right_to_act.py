"""The applicant's right to act for the subject, read again from its national
source after the draft started: what that source said, or that it could not
be read at submission (the dossier went on; the unit verifies it later)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dossiers.models.dossier import Dossier


class RightCheckOutcome(models.TextChoices):
    NOT_READ = "not_read", _("Not read again at submission: the source could not be read")
    CONFIRMED = "confirmed", _("Confirmed by the source")
    LAPSED = "lapsed", _("No longer holds, according to the source")


class RightToActCheck(models.Model):
    """One reading of a parent's or a legal representative's right to act for
    the dossier's subject, after the submission: the mark left when the source
    could not be read at submission, and each reading by an official of the
    unit since. The latest says where the right stands; the reads themselves
    are in the access log."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="right_checks")
    source = models.CharField(_("data source"), max_length=64)
    outcome = models.CharField(_("outcome"), max_length=16, choices=RightCheckOutcome.choices)
    # Lapsed: why, in both languages, as a refusal's reason the applicant reads.
    reason = models.TextField(_("reason"), blank=True)
    # Who the source was read as: the submitter for the mark, else the official.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("read by"),
    )  # fmt: skip
    verified_at = models.DateTimeField(_("read at"), auto_now_add=True)

    class Meta:
        verbose_name = _("right to act read again")
        verbose_name_plural = _("rights to act read again")
        ordering = ["verified_at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.source} {self.outcome}"


class DraftRightReading(models.Model):
    """Where a draft's right to act stands while its applicant works on it (a
    parent's, a legal representative's, as its national source holds it):
    what the source last said and when, and when it was last asked, answered
    or not. One per draft, gone with it; the reads are in the access log. The
    right was checked as the draft started: without a row, that check stands."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="draft_right")
    source = models.CharField(_("data source"), max_length=64)
    # dossiers.submission_right.Right: holds, or how it lapsed.
    right = models.CharField(_("right"), max_length=24)
    # With "adult": the day the child turned 18.
    of_age = models.DateField(_("of age on"), null=True, blank=True)
    read_at = models.DateTimeField(_("last answered"))
    tried_at = models.DateTimeField(_("last asked"))

    class Meta:
        verbose_name = _("draft's right to act")
        verbose_name_plural = _("drafts' rights to act")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.source} {self.right}"
