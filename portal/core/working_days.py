"""Deadlines in Vietnamese working days: weekends and public holidays (the
`holidays` package, Tết included) do not count, nor the days the government
moves (CalendarDay), and a Saturday worked in exchange does."""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.core.cache import cache
from django.utils import timezone

from portal.core.models import CalendarDay, CalendarDayKind

# A dossier received after this hour counts as received on the next working
# day: the one-stop desk's afternoon cut-off for same-day results.
SAME_DAY_CUTOFF = datetime.time(15, 0)
_EXCEPTIONS_CACHE_KEY = "working-days:exceptions"


@lru_cache(maxsize=64)
def _statutory_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def _exceptions() -> dict[datetime.date, str]:
    exceptions = cache.get(_EXCEPTIONS_CACHE_KEY)
    if exceptions is None:
        exceptions = dict(CalendarDay.objects.values_list("date", "kind"))
        cache.set(_EXCEPTIONS_CACHE_KEY, exceptions, 300)
    return exceptions


def calendar_changed() -> None:
    """Forget the cached exceptions (after CalendarDay rows change)."""
    cache.delete(_EXCEPTIONS_CACHE_KEY)


class _Calendar:
    """The calendar as one computation sees it: the exceptions are read from
    the shared cache once, not once per day counted."""

    def __init__(self) -> None:
        self.exceptions = _exceptions()

    def is_working_day(self, day: datetime.date) -> bool:
        exception = self.exceptions.get(day)
        if exception is not None:
            return exception == CalendarDayKind.WORKING_DAY
        return day.weekday() < 5 and day not in _statutory_holidays(day.year)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        day += datetime.timedelta(days=1)
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def working_days_add(self, start: datetime.date, days: int) -> datetime.date:
        day = start
        for _ in range(days):
            day = self.next_working_day(day)
        return day

    def received_on(self, received_at: datetime.datetime) -> datetime.date:
        local = timezone.localtime(received_at)
        day = local.date()
        if self.is_working_day(day) and local.time() < SAME_DAY_CUTOFF:
            return day
        return self.next_working_day(day)


def is_working_day(day: datetime.date) -> bool:
    return _Calendar().is_working_day(day)


def next_working_day(day: datetime.date) -> datetime.date:
    """The first working day strictly after this day."""
    return _Calendar().next_working_day(day)


def working_days_add(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself not counted)."""
    return _Calendar().working_days_add(start, days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    calendar = _Calendar()
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def received_on(received_at: datetime.datetime) -> datetime.date:
    """The working day something counts as received: the same day when that is
    a working day and before the cut-off, otherwise the next working day."""
    return _Calendar().received_on(received_at)


def due_date(received_at: datetime.datetime, working_days: int) -> datetime.date:
    """When a result is due for something received at this moment with this
    processing time. As the Civil Code counts periods (art. 147), the day of
    receipt is not counted; a same-day procedure (0 days) is due that day."""
    calendar = _Calendar()
    return calendar.working_days_add(calendar.received_on(received_at), working_days)
