"""Celery entry points of the reports: beat's weekly and monthly runs, one
task per report, the e-mail of a report's files to each recipient and the
sweeper of those a lost task or a mail server that was down left unsent.
Tasks take ids and dates."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from portal.accounts.models import Agency
from portal.dashboards.figures import figures_rebuild_days
from portal.dashboards.reports import (
    last_ended_period,
    report_agencies,
    report_generate_once,
    report_recipients,
)
from portal.dashboards.reports_models import Report, ReportEmail, ReportKind
from portal.dashboards.reports_notices import report_email_send
from portal.notifications.emails import MAIL_SERVER_ERRORS
from portal.notifications.outbox import emails_due_sweep
from portal.notifications.tasks import MAIL_RETRY

logger = logging.getLogger(__name__)


def _fan_out(kind: str) -> dict:
    first, last = last_ended_period(kind, timezone.localdate())
    # The period recounted first: its last day may have changed after the
    # ten-minute refresh last ran, and earlier days after the night's recount.
    figures_rebuild_days(first=first, last=last)
    agencies = report_agencies(kind)
    for agency in agencies:
        report_generate_task.delay(kind, agency.pk, first.isoformat())
    return {"period_start": first.isoformat(), "reports": len(agencies)}


@shared_task(name="dashboards.reports_weekly", acks_late=True)
def reports_weekly() -> dict:
    """Thursday: the week that ended last night, for every unit tree with leaders."""
    return _fan_out(ReportKind.WEEKLY)


@shared_task(name="dashboards.reports_monthly", acks_late=True)
def reports_monthly() -> dict:
    """First of the month: last month's data-sharing report of every database owner."""
    return _fan_out(ReportKind.MONTHLY_SHARING)


@shared_task(name="dashboards.report_generate", acks_late=True)
def report_generate_task(
    kind: str, agency_id: int, day: str, replacing: str | None = None
) -> int | None:
    """Generate one report if not made yet, or, with `replacing` (the
    generation a leader asked to make again), in place of that one. Idempotent:
    a repeat finds it made and does nothing (None)."""
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        return None
    report = report_generate_once(
        kind=kind, agency=agency, day=datetime.date.fromisoformat(day),
        replacing=datetime.datetime.fromisoformat(replacing) if replacing else None,
    )  # fmt: skip
    return report.pk if report else None


@shared_task(name="dashboards.report_email_send", acks_late=True, **MAIL_RETRY)
def report_email_send_task(report_email_id: int) -> bool:
    return report_email_send(report_email_id=report_email_id)


@shared_task(name="dashboards.report_emails_pending", acks_late=True)
def report_emails_pending_task() -> int:
    """Send the reports' e-mails still due a few minutes on (their task never
    reached a worker, or the mail server failed it each time); older than two
    days they are given up, the report stays on its page."""
    return emails_due_sweep(
        rows=ReportEmail.objects.all(),
        send=lambda pk: report_email_send(report_email_id=pk),
    )


@shared_task(name="dashboards.report_email", acks_late=True)
def report_email_task(report_id: int) -> int:
    """A report's e-mails queued before they were stored: stored now, one per
    recipient with an address, and left to the sweeper if the mail server is down."""
    report = Report.objects.select_related("agency").filter(pk=report_id).first()
    if report is None:
        return 0
    sent = 0
    for user in report_recipients(report):
        if not user.email:
            continue
        email = ReportEmail.objects.create(report=report, user=user)
        try:
            sent += report_email_send(report_email_id=email.pk)
        except MAIL_SERVER_ERRORS:
            logger.warning("Mail server unavailable: report e-mail %s left to the sweeper",
                           email.pk, exc_info=True)  # fmt: skip
    return sent
