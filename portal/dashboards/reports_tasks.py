"""Celery entry points of the reports: beat's weekly and monthly runs, one
task per report, and the e-mail of a report's files. Tasks take ids and dates."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from portal.accounts.models import Agency
from portal.dashboards.figures import figures_rebuild_days
from portal.dashboards.reports import last_ended_period, report_agencies, report_generate
from portal.dashboards.reports_models import Report, ReportKind
from portal.dashboards.reports_notices import report_email_send


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
def report_generate_task(kind: str, agency_id: int, day: str) -> int | None:
    """Generate one report; idempotent (a repeat replaces the same report)."""
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        return None
    report = report_generate(kind=kind, agency=agency, day=datetime.date.fromisoformat(day))
    return report.pk


@shared_task(name="dashboards.report_email", acks_late=True)
def report_email_task(report_id: int) -> int:
    report = Report.objects.select_related("agency").filter(pk=report_id).first()
    return report_email_send(report=report) if report else 0
