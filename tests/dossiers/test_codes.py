"""Dossier codes never collide, even when a unit receives many dossiers at once."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from dossiers.codes import dossier_code_issue

DAY = datetime.date(2026, 11, 25)


@pytest.mark.django_db
def test_codes_are_numbered_per_unit_and_day(hong_bang_ward, le_chan_ward):
    assert dossier_code_issue(agency=hong_bang_ward, day=DAY) == "11311-261125-0001"
    assert dossier_code_issue(agency=hong_bang_ward, day=DAY) == "11311-261125-0002"
    assert dossier_code_issue(agency=le_chan_ward, day=DAY) == "11383-261125-0001"
    next_day = DAY + datetime.timedelta(days=1)
    assert dossier_code_issue(agency=hong_bang_ward, day=next_day) == "11311-261126-0001"


@pytest.mark.django_db
def test_a_rolled_back_submission_gives_its_number_back(hong_bang_ward):
    with pytest.raises(RuntimeError), transaction.atomic():
        dossier_code_issue(agency=hong_bang_ward, day=DAY)
        raise RuntimeError("submission failed after the code was issued")
    assert dossier_code_issue(agency=hong_bang_ward, day=DAY) == "11311-261125-0001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_codes(hong_bang_ward):
    workers, codes, errors = 8, [], []
    start = threading.Barrier(workers)

    def submit():
        try:
            start.wait(timeout=10)
            codes.append(dossier_code_issue(agency=hong_bang_ward, day=DAY))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(codes) == [f"11311-261125-{n:04d}" for n in range(1, workers + 1)]
