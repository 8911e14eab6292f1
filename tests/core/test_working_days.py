import datetime
from zoneinfo import ZoneInfo

import pytest

from portal.core.models import CalendarDay, CalendarDayKind
from portal.core.working_days import (
    calendar_changed,
    due_date,
    is_working_day,
    received_on,
    working_days_add,
    working_days_between,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HANOI)


@pytest.mark.django_db
def test_weekends_and_public_holidays_are_not_working_days():
    assert is_working_day(datetime.date(2026, 11, 25))  # a Wednesday
    assert not is_working_day(datetime.date(2026, 11, 28))  # Saturday
    assert not is_working_day(datetime.date(2026, 9, 2))  # National Day
    assert not is_working_day(datetime.date(2026, 2, 17))  # Tết
    assert not is_working_day(datetime.date(2026, 11, 24))  # Vietnam Culture Day


@pytest.mark.django_db
def test_the_day_of_receipt_is_not_counted():
    # Received Monday morning 7/12, 3 working days: due Thursday.
    assert due_date(at(2026, 12, 7, 9, 0), 3) == datetime.date(2026, 12, 10)


@pytest.mark.django_db
def test_a_deadline_skips_the_weekend():
    # Received Thursday 10/12, 3 working days: Friday, Monday, Tuesday.
    assert due_date(at(2026, 12, 10, 9, 0), 3) == datetime.date(2026, 12, 15)


@pytest.mark.django_db
def test_a_deadline_skips_tet():
    # Received Friday 13/02/2026; Tết closes 16–20/02, then the weekend.
    assert due_date(at(2026, 2, 13, 9, 0), 2) == datetime.date(2026, 2, 24)


@pytest.mark.django_db
def test_after_the_cut_off_or_on_a_weekend_a_dossier_counts_as_received_next_working_day():
    assert received_on(at(2026, 12, 7, 16, 30)) == datetime.date(2026, 12, 8)
    assert received_on(at(2026, 12, 12, 10, 0)) == datetime.date(2026, 12, 14)
    # A same-day procedure submitted on Saturday is due on Monday.
    assert due_date(at(2026, 12, 12, 10, 0), 0) == datetime.date(2026, 12, 14)
    assert due_date(at(2026, 12, 7, 9, 0), 0) == datetime.date(2026, 12, 7)


@pytest.mark.django_db
def test_days_the_government_moves_override_the_calendar():
    CalendarDay.objects.create(
        date=datetime.date(2026, 12, 31), kind=CalendarDayKind.DAY_OFF, name="Nghỉ bù"
    )
    CalendarDay.objects.create(
        date=datetime.date(2027, 1, 9), kind=CalendarDayKind.WORKING_DAY, name="Làm bù"
    )
    calendar_changed()
    assert not is_working_day(datetime.date(2026, 12, 31))
    assert is_working_day(datetime.date(2027, 1, 9))  # a Saturday worked in exchange
    assert working_days_add(datetime.date(2026, 12, 30), 1) == datetime.date(2027, 1, 4)


@pytest.mark.django_db
def test_working_days_between_counts_only_working_days():
    assert working_days_between(datetime.date(2026, 12, 4), datetime.date(2026, 12, 11)) == 5
    assert working_days_between(datetime.date(2026, 12, 11), datetime.date(2026, 12, 4)) == 0
