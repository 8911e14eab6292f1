"""Telling a report's recipients it is ready: a message on each one's page
and, for those with an address, an e-mail with its files (it replaces the
plain e-mail a notification would send). What they are told is stored and
sent as written, so it is written in both languages, Vietnamese first
("Vietnamese. English."), as the portal's other notices; the report's own
files stay in Vietnamese."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.dashboards.reports import (
    CONTENT_TYPES,
    report_file,
    report_file_stem,
    report_recipients,
)
from portal.dashboards.reports_models import Report, ReportKind
from portal.notifications.models import Notification


def report_notice_title(report: Report) -> str:
    """The report's name in Vietnamese then English, as its notice and e-mail give it."""
    names = {
        "agency": report.agency.name,
        "start": f"{report.period_start:%d/%m/%Y}",
        "end": f"{report.period_end:%d/%m/%Y}",
        "month": f"{report.period_start:%m/%Y}",
    }
    if report.kind == ReportKind.WEEKLY:
        return _(
            "Báo cáo tuần từ %(start)s đến %(end)s – %(agency)s. "
            "Weekly report from %(start)s to %(end)s – %(agency)s."
        ) % names  # fmt: skip
    return _(
        "Báo cáo chia sẻ dữ liệu tháng %(month)s – %(agency)s. "
        "Data-sharing report for %(month)s – %(agency)s."
    ) % names  # fmt: skip


def report_notify(report: Report) -> None:
    """A message on each recipient's page; the e-mail with the files leaves after commit."""
    from portal.dashboards.reports_tasks import report_email_task

    url = f"{reverse('dashboards:reports')}#report-{report.pk}"
    title = report_notice_title(report)[:255]
    body = _(
        "Báo cáo đã được lập; các tệp PDF, XLSX và CSV được gửi kèm thư điện tử hoặc tải về "
        "tại Cổng. The report is ready; its PDF, XLSX and CSV files come with the e-mail or "
        "can be downloaded from the portal."
    )
    recipients = report_recipients(report)
    Notification.objects.bulk_create(
        [Notification(user=user, title=title, body=body, url=url) for user in recipients]
    )
    if any(user.email for user in recipients):
        transaction.on_commit(lambda: report_email_task.delay(report.pk))


def report_email_send(*, report: Report) -> int:
    """E-mail the report's files to each recipient with an address. Returns how many were sent."""
    stem = report_file_stem(report)
    attachments = []
    for fmt, content_type in CONTENT_TYPES.items():
        stored = report_file(report, fmt)
        if stored:
            with stored.open("rb") as handle:
                attachments.append((f"{stem}.{fmt}", handle.read(), content_type))
    link = f"{settings.PORTAL_BASE_URL}{reverse('dashboards:reports')}"
    subject = report_notice_title(report)
    sent = 0
    for user in report_recipients(report):
        if not user.email:
            continue
        message = EmailMessage(
            subject=subject,
            body=_(
                "Kính gửi %(name)s,\n\nBáo cáo đã được lập. Các tệp PDF, XLSX và CSV được đính "
                "kèm; báo cáo cũng có tại %(link)s\n\nDear %(name)s,\n\nThe report is ready. "
                "Its PDF, XLSX and CSV files are attached; the report is also at %(link)s\n"
            )
            % {"name": user.full_name or user.username, "link": link},  # fmt: skip
            to=[user.email],
        )
        for attachment in attachments:
            message.attach(*attachment)
        sent += message.send()
    return sent
