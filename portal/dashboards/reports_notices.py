"""Telling a report's recipients it is ready: a message on each one's page
and, for those with an address, an e-mail with its files in the portal's
layout (it replaces the e-mail a notification would send), saying why they
receive it: they lead the unit, or work at the database owner, whose report it
is. What they are told is stored and sent as written, so it is written in
both languages, Vietnamese first ("Vietnamese. English."), as the portal's
other notices; the report's own files stay in Vietnamese.

Each e-mail is stored first (ReportEmail) and sent once by the portal's
outbox: retried while the mail server fails, sent by a sweeper when its task
was lost, once however many times its task is delivered."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.models import Role
from portal.core.enqueue import enqueue_on_commit
from portal.dashboards.reports import (
    CONTENT_TYPES,
    report_file,
    report_file_stem,
    report_recipients,
)
from portal.dashboards.reports_models import Report, ReportEmail, ReportKind
from portal.notifications.emails import Reason, portal_email_build
from portal.notifications.models import Notification
from portal.notifications.outbox import email_once


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


def report_path(report: Report) -> str:
    return f"{reverse('dashboards:reports')}#report-{report.pk}"


def report_notify(report: Report) -> None:
    """A message on each recipient's page; the e-mail with the files, stored
    now for each recipient with an address, leaves after commit."""
    from portal.dashboards.reports_tasks import report_email_send_task

    title = report_notice_title(report)[:255]
    body = _(
        "Báo cáo đã được lập; các tệp PDF, XLSX và CSV được gửi kèm thư điện tử hoặc tải về "
        "tại Cổng. The report is ready; its PDF, XLSX and CSV files come with the e-mail or "
        "can be downloaded from the portal."
    )
    recipients = report_recipients(report)
    Notification.objects.bulk_create(
        [Notification(user=user, title=title, body=body, url=report_path(report))
         for user in recipients]
    )  # fmt: skip
    for user in recipients:
        if user.email:
            email = ReportEmail.objects.create(report=report, user=user)
            enqueue_on_commit(report_email_send_task, email.pk)


def report_email_send(*, report_email_id: int) -> bool:
    """E-mail the report's files to its recipient if still due, once
    (outbox.email_once), and stamp when it was sent: False when nothing was
    sent. A mail server error is raised, for the task to try again."""
    return email_once(
        rows=ReportEmail.objects.select_related("report__agency", "user"), pk=report_email_id,
        build=_report_email, sent_at_field="sent_at",
    )  # fmt: skip


def _report_email(email: ReportEmail) -> EmailMessage | None:
    report, user = email.report, email.user
    if not user.email or not user.is_active:
        return None
    message = portal_email_build(
        to=user.email,
        name=user.full_name,
        subject=report_notice_title(report),
        body=_(
            "Báo cáo đã được lập. Các tệp PDF, XLSX và CSV được đính kèm thư này; báo cáo cũng "
            "có trên trang Báo cáo của Cổng.\n\nThe report is ready. Its PDF, XLSX and CSV "
            "files are attached to this e-mail; the report is also on the portal's Reports page."
        ),
        path=report_path(report),
        reason=Reason.REPORT_STAFF if user.role == Role.DATA_OWNER else Reason.REPORT_LEADER,
        reference=report.agency.name,
    )
    stem = report_file_stem(report)
    for fmt, content_type in CONTENT_TYPES.items():
        stored = report_file(report, fmt)
        if stored:
            with stored.open("rb") as handle:
                message.attach(f"{stem}.{fmt}", handle.read(), content_type)
    return message
