"""Reports kept for leaders (báo cáo tuần / tháng): a snapshot of the figures
of one unit or database owner over one period, and the files made from it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.notifications.models import StoredEmail


class ReportKind(models.TextChoices):
    # Plan 145/KH-UBND of Hải Phòng: every Thursday, the week just ended, per unit tree.
    WEEKLY = "weekly", _("Weekly report")
    # Each database owner reports on the sharing of its data every month.
    MONTHLY_SHARING = "monthly_sharing", _("Monthly data-sharing report")


def report_file_name(report: Report, filename: str) -> str:
    return f"reports/{report.kind}/{report.agency.code}/{filename}"


class Report(models.Model):
    """One report of a kind, for one agency and one period: generating it
    again replaces its snapshot and its files (reports.report_generate)."""

    kind = models.CharField(_("kind"), max_length=32, choices=ReportKind.choices)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    generated_at = models.DateTimeField(_("generated"))
    # The figures as they were when generated: the files are made from this only.
    data = models.JSONField(_("figures"), default=dict)
    pdf_file = models.FileField(upload_to=report_file_name, max_length=200, blank=True)
    xlsx_file = models.FileField(upload_to=report_file_name, max_length=200, blank=True)
    csv_file = models.FileField(upload_to=report_file_name, max_length=200, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_start", "kind", "agency__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "agency", "period_start"], name="report_per_kind_unit_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.agency_id} {self.period_start}"


class ReportEmail(StoredEmail):
    """A report's files to be e-mailed to one of its recipients, stored when
    the report is made, before it is e-mailed: a lost task or a mail server
    that is down cannot lose it, and a task delivered twice sends it once
    (portal.notifications.outbox)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="emails", verbose_name=_("report")
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )

    class Meta:
        verbose_name = _("report e-mail")
        verbose_name_plural = _("report e-mails")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} → {self.user_id}"
