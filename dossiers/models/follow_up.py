"""What follows a submission: supplement requests, apology slips, results
and the applicant's rating."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dossiers.models.dossier import Dossier


class SupplementRequest(models.Model):
    """The one request to complete a dossier (yêu cầu bổ sung, hoàn thiện hồ
    sơ), listing every missing item at once, as one-stop rules expect. Never a
    component replaced by data, except a recorded data gap."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    components = models.ManyToManyField(
        "procedures.DossierComponent", related_name="+", verbose_name=_("components asked for")
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Brought to the one-stop desk instead of answered online: the official who
    # received it, and the items whose paper was seen there, no copy kept.
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("received at the desk by"),
    )  # fmt: skip
    papers_seen = models.ManyToManyField(
        "procedures.DossierComponent", blank=True, related_name="+",
        verbose_name=_("papers seen at the desk"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.created_at:%d/%m/%Y}"


class ApologySlip(models.Model):
    """The apology and new appointment an overdue dossier needs before it can
    move on (phiếu xin lỗi và hẹn lại ngày trả kết quả)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="apologies")
    previous_due_date = models.DateField(_("previous due date"))
    new_due_date = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("issued by"),
    )  # fmt: skip
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("apology slip")
        verbose_name_plural = _("apology slips")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.new_due_date}"


def result_storage_name(instance: ResultDocument, filename: str) -> str:
    return f"results/{instance.dossier_id}/{uuid.uuid4().hex}.pdf"


class ResultDocument(models.Model):
    """The electronic result of a dossier (kết quả giải quyết), kept in the
    subject's document store for reuse."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="results")
    subject_personal_id = models.CharField(max_length=12, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    # The procedure's result document type when issued: the components it may stand for.
    document_type = models.CharField(_("document type"), max_length=64, blank=True)
    file = models.FileField(upload_to=result_storage_name, max_length=200)
    sha256 = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("issued by"),
    )  # fmt: skip
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)

    class Meta:
        verbose_name = _("result document")
        verbose_name_plural = _("result documents")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def paper_type(self) -> str:
        """The paper this result is: as recorded when it was issued or, for a
        result issued before results recorded it, what its procedure's result
        is now (the catalog names it)."""
        return self.document_type or self.dossier.procedure.result_document_type


# The five levels as the national satisfaction survey words them.
RATING_WORDS = {
    1: _("Very dissatisfied"),
    2: _("Dissatisfied"),
    3: _("Neither satisfied nor dissatisfied"),
    4: _("Satisfied"),
    5: _("Very satisfied"),
}


class SatisfactionRating(models.Model):
    """How satisfied the applicant was, asked once the result is out (the
    satisfaction group of Decision 766/QĐ-TTg)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"))
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_from_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.rating}"

    @property
    def words(self) -> str:
        """The rating as the applicant chose it, in the page's language."""
        return str(RATING_WORDS.get(self.rating, self.rating))
