"""Reads of the reports, scoped to the reader's agencies."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from portal.accounts.models import Agency, Role, User
from portal.accounts.selectors import agencies_visible_to
from portal.dashboards.reports_models import Report, ReportKind

# Who opens the reports page: leaders, administrators, and database-owner
# staff for their own agency's data-sharing reports.
REPORT_READERS = frozenset({Role.LEADER, Role.ADMINISTRATOR, Role.DATA_OWNER})
# Who may generate a report again.
REPORT_MAKERS = frozenset({Role.LEADER, Role.ADMINISTRATOR})


def reports_visible_to(*, user: User) -> QuerySet[Report]:
    if not user.is_authenticated or user.role not in REPORT_READERS:
        return Report.objects.none()
    return Report.objects.filter(agency__in=agencies_visible_to(user=user)).select_related("agency")


def report_units(*, user: User) -> QuerySet[Agency]:
    """The units this user may generate a report for."""
    if not user.is_authenticated or user.role not in REPORT_MAKERS:
        return Agency.objects.none()
    return agencies_visible_to(user=user).order_by("path")


def report_generated_at(
    *, kind: str, agency: Agency, period_start: datetime.date
) -> datetime.datetime | None:
    """When the stored report of this kind, unit and period was made; None if there is none."""
    return (
        Report.objects.filter(kind=kind, agency=agency, period_start=period_start)
        .values_list("generated_at", flat=True)
        .first()
    )


@dataclass(frozen=True)
class RequestedReport:
    """A report the reader asked for from the page: `report` is None while the
    worker is still preparing it."""

    kind: str
    unit: str
    first: datetime.date
    last: datetime.date
    report: Report | None

    @property
    def kind_label(self) -> str:
        return ReportKind(self.kind).label


def reports_requested(*, user: User, requested: list[dict]) -> list[RequestedReport]:
    """The reports asked for (kind, agency id, period start, asked at), each with
    the report once it was generated after it was asked for, in one query."""
    if not requested:
        return []
    wanted = Q()
    for item in requested:
        wanted |= Q(kind=item["kind"], agency_id=item["agency"], period_start=item["first"],
                    generated_at__gte=datetime.datetime.fromisoformat(item["at"]))  # fmt: skip
    done = {
        (report.kind, report.agency_id, report.period_start.isoformat()): report
        for report in reports_visible_to(user=user).filter(wanted)
    }
    return [
        RequestedReport(
            kind=item["kind"],
            unit=item["unit"],
            first=datetime.date.fromisoformat(item["first"]),
            last=datetime.date.fromisoformat(item["last"]),
            report=done.get((item["kind"], item["agency"], item["first"])),
        )  # fmt: skip
        for item in requested
    ]
