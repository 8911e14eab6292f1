"""Rebuild the dashboards' figures for a range of days: after installing the
portal, after importing history, or when records of a past day changed (beat
refreshes only today and yesterday)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.dashboards.figures import figures_rebuild_days

MAX_DAYS = 3660
# Days rebuilt by one set of queries: a month's rows held at once, not years'.
CHUNK_DAYS = 31


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Rebuild the figures per unit and day of the leaders' dashboards for a range of days."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="first", type=_date,
                            help="first day (default: 30 days before --to)")  # fmt: skip
        parser.add_argument("--to", dest="last", type=_date, help="last day (default: today)")

    def handle(self, *args, first=None, last=None, **options) -> None:
        last = last or timezone.localdate()
        first = first or last - datetime.timedelta(days=30)
        if first > last:
            raise CommandError("--from must not be after --to.")
        if (last - first).days >= MAX_DAYS:
            raise CommandError(f"At most {MAX_DAYS} days at once.")
        day, units = first, 0
        while day <= last:
            chunk_last = min(day + datetime.timedelta(days=CHUNK_DAYS - 1), last)
            units += figures_rebuild_days(first=day, last=chunk_last)
            day = chunk_last + datetime.timedelta(days=1)
        self.stdout.write(f"Rebuilt {(last - first).days + 1} day(s), {units} unit-day row(s).")
