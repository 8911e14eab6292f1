"""The reports beat would have made over the demo's history: Hải Phòng's
weekly report of each of the last weeks (Thursday), and the monthly
data-sharing report (the 1st) of each month since the history began, of every
database owner whose staff use the portal. Each PDF takes a moment to lay out:
the seeding stays quick by making those the demo's people read, not all.

Made by the report service itself, synchronously (no worker is needed while
seeding), then dated when beat would have made them; without the notices and
e-mails that went with them, long past. A period already reported (by an
earlier seeding, beat, or a leader) is left as it is."""

from __future__ import annotations

import datetime

from django.db.models import Min
from django.utils import timezone

from dossiers.models import Dossier
from portal.accounts.models import Agency, Role, User
from portal.dashboards.demo_history import HAI_PHONG, HISTORY_APPLICANT
from portal.dashboards.reports import (
    last_ended_period,
    period_of,
    report_agencies,
    report_generate,
)
from portal.dashboards.reports_models import Report, ReportKind

WEEKS_REPORTED = 4
# When beat makes them (CELERY_BEAT_SCHEDULE): Thursday 07:00, the 1st at 07:30.
MADE_AT = {ReportKind.WEEKLY: datetime.time(7, 0), ReportKind.MONTHLY_SHARING: datetime.time(7, 30)}


def _periods(kind: str, first: datetime.date, today: datetime.date) -> list[datetime.date]:
    """The first day of each period of `kind` from the one containing `first`
    to the last one ended before today."""
    starts, (start, _end) = [], period_of(kind, first)
    last_start, _last_end = last_ended_period(kind, today)
    while start <= last_start:
        starts.append(start)
        start = period_of(kind, period_of(kind, start)[1] + datetime.timedelta(days=1))[0]
    return starts


def demo_reports_ensure(*, today: datetime.date | None = None) -> int:
    """Make the reports of the ended periods the history covers that are not
    made yet; nothing without the history. Returns how many were made."""
    today = today or timezone.localdate()
    began = Dossier.objects.filter(applicant__username=HISTORY_APPLICANT).aggregate(
        first=Min("submitted_at")
    )["first"]
    province = Agency.objects.filter(code=HAI_PHONG).first()
    if began is None or province is None:
        return 0
    read = set(User.objects.filter(role=Role.DATA_OWNER, is_active=True).values_list(
        "agency_id", flat=True))  # fmt: skip
    owners = [a for a in report_agencies(ReportKind.MONTHLY_SHARING) if a.pk in read]
    weeks = _periods(ReportKind.WEEKLY, timezone.localdate(began), today)[-WEEKS_REPORTED:]
    months = _periods(ReportKind.MONTHLY_SHARING, timezone.localdate(began), today)
    plan = [(ReportKind.WEEKLY, [province], weeks), (ReportKind.MONTHLY_SHARING, owners, months)]
    made = 0
    for kind, agencies, starts in plan:
        stored = set(
            Report.objects.filter(kind=kind, agency__in=agencies, period_start__in=starts)
            .values_list("agency_id", "period_start")
        )  # fmt: skip
        for start in starts:
            for agency in agencies:
                if (agency.pk, start) in stored:
                    continue
                report = report_generate(kind=kind, agency=agency, day=start, send=False)
                # Beat makes a period's report the morning after it ends.
                made_on = report.period_end + datetime.timedelta(days=1)
                Report.objects.filter(pk=report.pk).update(
                    generated_at=timezone.make_aware(
                        datetime.datetime.combine(made_on, MADE_AT[kind])
                    )
                )
                made += 1
    return made
