"""Reads of the reports, scoped to the reader's agencies."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.accounts.models import Agency, Role, User
from portal.accounts.selectors import agencies_visible_to
from portal.dashboards.reports_models import Report

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
