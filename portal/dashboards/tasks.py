"""Celery entry points of the dashboards."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from portal.dashboards.figures import figures_rebuild, figures_rebuild_days

# A record may change a past day's figures after that day: a dossier's data
# gap recorded later makes its day's dossier no longer paperless, a reopened
# complaint is no longer concluded. Every night the last weeks are recounted,
# more than the longest report (a month) looks back.
SETTLE_DAYS = 45


@shared_task(name="dashboards.figures_refresh", acks_late=True)
def figures_refresh() -> dict[str, int]:
    """Rebuild today's and yesterday's figures (yesterday's, for records that
    changed after midnight's last run). Idempotent: a repeated or overlapping
    run leaves the same rows."""
    today = timezone.localdate()
    days = (today - datetime.timedelta(days=1), today)
    return {day.isoformat(): figures_rebuild(day=day) for day in days}


@shared_task(name="dashboards.figures_settle", acks_late=True)
def figures_settle() -> dict[str, int | str]:
    """Recount the last SETTLE_DAYS days (yesterday included), in one pass per
    source. Idempotent."""
    last = timezone.localdate() - datetime.timedelta(days=1)
    first = last - datetime.timedelta(days=SETTLE_DAYS - 1)
    return {"first": first.isoformat(), "last": last.isoformat(),
            "rows": figures_rebuild_days(first=first, last=last)}  # fmt: skip


# The reports' tasks, found by the worker through this module.
from portal.dashboards.reports_tasks import (  # noqa: E402,F401
    report_email_task,
    report_generate_task,
    reports_monthly,
    reports_weekly,
)
