"""Celery entry points of the dashboards."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from portal.dashboards.figures import figures_rebuild


@shared_task(name="dashboards.figures_refresh", acks_late=True)
def figures_refresh() -> dict[str, int]:
    """Rebuild today's and yesterday's figures (yesterday's, for records that
    changed after midnight's last run). Idempotent: a repeated or overlapping
    run leaves the same rows."""
    today = timezone.localdate()
    days = (today - datetime.timedelta(days=1), today)
    return {day.isoformat(): figures_rebuild(day=day) for day in days}


# The reports' tasks, found by the worker through this module.
from portal.dashboards.reports_tasks import (  # noqa: E402,F401
    report_email_task,
    report_generate_task,
    reports_monthly,
    reports_weekly,
)
