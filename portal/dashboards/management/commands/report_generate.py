"""`manage.py report_generate --kind weekly --agency 31 --week 2026-11-19`:
generate (or generate again, replacing it) a report for a past period.
`--kind monthly --agency BCA.C06 --month 2026-10` for a data-sharing report."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from portal.accounts.models import Agency
from portal.dashboards.reports import ReportError, report_generate
from portal.dashboards.reports_models import ReportKind

KINDS = {"weekly": ReportKind.WEEKLY, "monthly": ReportKind.MONTHLY_SHARING}


class Command(BaseCommand):
    help = "Generate a weekly or monthly data-sharing report for a period, replacing any stored."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kind", required=True, choices=sorted(KINDS))
        parser.add_argument("--agency", required=True, help="the agency's code (31, BCA.C06)")
        parser.add_argument("--week", help="weekly: a day of the week (Thursday to Wednesday)")
        parser.add_argument("--month", help="monthly: the month, YYYY-MM")
        parser.add_argument(
            "--no-email", action="store_true", help="store it without notifying anyone"
        )

    def handle(self, *args, kind, agency, week=None, month=None, no_email=False, **options):
        agency_code = agency
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None:
            raise CommandError(
                f"Không có cơ quan mã {agency_code}. No agency with code {agency_code}."
            )
        day = self._day(kind, week, month)
        try:
            report = report_generate(kind=KINDS[kind], agency=agency, day=day, send=not no_email)
        except ReportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.get_kind_display()}: {agency.name}, {report.period_start:%d/%m/%Y}–"
            f"{report.period_end:%d/%m/%Y} (#{report.pk})"
        )

    def _day(self, kind: str, week: str | None, month: str | None) -> datetime.date:
        if kind == "weekly":
            if month or not week:
                raise CommandError("Báo cáo tuần cần --week YYYY-MM-DD. A weekly report needs "
                                   "--week YYYY-MM-DD.")  # fmt: skip
            return _parse(week, "%Y-%m-%d", "--week YYYY-MM-DD")
        if week or not month:
            raise CommandError("Báo cáo tháng cần --month YYYY-MM. A monthly report needs "
                               "--month YYYY-MM.")  # fmt: skip
        return _parse(month, "%Y-%m", "--month YYYY-MM")


def _parse(value: str, pattern: str, expected: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, pattern).date()
    except ValueError as error:
        raise CommandError(
            f"Ngày không hợp lệ: {value} ({expected}). Not a valid date: {value} ({expected})."
        ) from error
