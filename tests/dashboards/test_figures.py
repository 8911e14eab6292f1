"""Each figure against the fixture of tests/dashboards/factories.py, counted by hand."""

import datetime

import pytest

from portal.dashboards.figures import figures_rebuild, figures_rebuild_days
from portal.dashboards.models import COUNTERS, UnitDayFigures
from portal.dashboards.tasks import SETTLE_DAYS, figures_refresh, figures_settle
from tests.dashboards.factories import DAY, at, clock, two_wards_history

ZERO = dict.fromkeys(COUNTERS, 0)
# Ward A, on DAY: d1 online, data → paperless, approved on time with its
# e-result; d2 at the desk, a data gap in its evidence, not resolved after its
# due date; d3 online, uploads only, approved after an apology slip; d6 online,
# a data gap the official recorded. A draft, and a dossier of the day before,
# do not count. Applicants rated d1 5 of 5 (satisfied) and d3 3 (neither).
WARD_A = ZERO | {
    "dossiers_received": 4, "dossiers_online": 3, "dossiers_with_replacements": 3,
    "dossiers_paperless": 1, "dossiers_on_time": 1, "dossiers_overdue": 2,
    "dossiers_approved": 2, "results_digitised": 1,
    "reprovide_refused": 2, "data_gaps": 1,
    "complaints_received": 2, "complaints_substantiated": 1, "violations": 1,
    "complaints_concluded": 2, "complaints_concluded_on_time": 1, "complaints_disclosed": 1,
    "ratings_count": 2, "ratings_satisfied": 1,
    "payments_paid": 2, "payments_online": 1,
    "dossier_ratings_count": 2, "dossier_ratings_satisfied": 1,
}  # fmt: skip
# Ward B: d7, online, no replaced component, approved on its due date, no
# e-result, rated 4 of 5 by its applicant.
WARD_B = ZERO | {
    "dossiers_received": 1,
    "dossiers_online": 1,
    "dossiers_on_time": 1,
    "dossiers_approved": 1,
    "dossier_ratings_count": 1,
    "dossier_ratings_satisfied": 1,
}


def _row(unit, day=DAY) -> dict:
    row = UnitDayFigures.objects.get(agency=unit, day=day)
    return {name: getattr(row, name) for name in COUNTERS}


@pytest.fixture
def history(hong_bang_ward, le_chan_ward):
    return two_wards_history(hong_bang_ward, le_chan_ward)


def test_each_figure_of_a_day_matches_the_records_counted_by_hand(
    history, hong_bang_ward, le_chan_ward, hai_phong
):
    assert figures_rebuild(day=DAY) == 2
    assert _row(hong_bang_ward) == WARD_A
    assert _row(le_chan_ward) == WARD_B
    # The province did nothing itself: its figures are its subtree's, summed when read.
    assert not UnitDayFigures.objects.filter(agency=hai_phong).exists()


def test_the_day_before_holds_only_its_own_records(history, hong_bang_ward, le_chan_ward):
    figures_rebuild(day=DAY - datetime.timedelta(days=1))
    assert _row(hong_bang_ward, DAY - datetime.timedelta(days=1)) == ZERO | {
        "dossiers_received": 1, "dossiers_online": 1, "complaints_received": 1,
        "dossier_ratings_count": 1,
    }  # fmt: skip
    assert _row(le_chan_ward, DAY - datetime.timedelta(days=1)) == ZERO | {"reprovide_refused": 1}


def test_rebuilding_a_day_again_changes_nothing_and_follows_the_records(history, hong_bang_ward):
    figures_rebuild(day=DAY)
    figures_rebuild(day=DAY)
    assert UnitDayFigures.objects.filter(day=DAY).count() == 2
    assert _row(hong_bang_ward) == WARD_A
    # A complaint moved to another unit leaves the figures of the first.
    history["c2"].unit = history["d7"].agency
    history["c2"].save(update_fields=["unit"])
    figures_rebuild(day=DAY)
    assert _row(hong_bang_ward)["complaints_received"] == 1


def test_a_unit_with_nothing_left_that_day_keeps_no_row(history, le_chan_ward):
    figures_rebuild(day=DAY)
    history["d7"].events.all().delete()
    history["d7"].delete()
    figures_rebuild(day=DAY)
    assert not UnitDayFigures.objects.filter(agency=le_chan_ward, day=DAY).exists()


def test_the_beat_task_rebuilds_today_and_yesterday_idempotently(history, hong_bang_ward):
    with clock(at(DAY + datetime.timedelta(days=1), 0)):
        result = figures_refresh.delay().get()
        assert figures_refresh.delay().get() == result
    assert result == {DAY.isoformat(): 2, (DAY + datetime.timedelta(days=1)).isoformat(): 0}
    assert _row(hong_bang_ward) == WARD_A
    assert UnitDayFigures.objects.count() == 2


def test_the_refresh_is_on_the_beat_schedule_every_ten_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["dashboards-figures-refresh"]
    assert entry == {"task": "dashboards.figures_refresh", "schedule": 600.0}


def test_the_night_recounts_past_days_a_later_change_altered(history, hong_bang_ward):
    """d1 was paperless on DAY; a data gap recorded for it a week later makes
    DAY's figures change, and the night's recount catches it."""
    from dossiers.models import DataGap

    figures_rebuild(day=DAY)
    d1 = history["d1"]
    DataGap.objects.create(dossier=d1, component=d1.evidence.get().component, source="population",
                           evidence="Sai địa chỉ thường trú", recorded_by=d1.applicant)  # fmt: skip
    with clock(at(DAY + datetime.timedelta(days=7), 1)):
        figures_refresh.delay().get()  # today and yesterday only: DAY keeps its count
        assert _row(hong_bang_ward)["dossiers_paperless"] == 1
        result = figures_settle.delay().get()
    assert _row(hong_bang_ward)["dossiers_paperless"] == 0
    assert _row(hong_bang_ward) == WARD_A | {"dossiers_paperless": 0}
    first = DAY + datetime.timedelta(days=7 - SETTLE_DAYS)
    assert (
        result["first"] == first.isoformat()
        and result["last"] == (DAY + datetime.timedelta(days=6)).isoformat()
    )


def test_the_night_recount_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["dashboards-figures-settle"]
    assert entry["task"] == "dashboards.figures_settle"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({1}, {30})


def test_the_command_rebuilds_a_range_of_past_days(history, hong_bang_ward):
    from django.core.management import call_command

    before = DAY - datetime.timedelta(days=1)
    call_command("figures_rebuild", "--from", before.isoformat(), "--to", DAY.isoformat())
    assert _row(hong_bang_ward) == WARD_A
    assert _row(hong_bang_ward, before)["dossiers_received"] == 1


def test_a_range_of_days_is_rebuilt_at_once_as_day_by_day(history, hong_bang_ward, le_chan_ward):
    before = DAY - datetime.timedelta(days=1)
    assert figures_rebuild_days(first=before, last=DAY) == 4
    assert _row(hong_bang_ward) == WARD_A and _row(le_chan_ward) == WARD_B
    assert _row(hong_bang_ward, before)["dossiers_received"] == 1
    assert _row(le_chan_ward, before) == ZERO | {"reprovide_refused": 1}
