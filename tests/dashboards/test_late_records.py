"""The drill-down of dossiers resolved late shows the deadline each missed,
not the appointment an apology slip set after it, with the days late."""

import datetime

from django.urls import reverse

from dossiers.models import ApologySlip
from portal.dashboards.figures import day_bounds, figure_records
from tests.dashboards.factories import decide, dossier

BACKEND = "portal.accounts.backends.VNeIDSessionBackend"
MISSED = datetime.date(2026, 12, 3)  # a Thursday
RESOLVED = datetime.date(2026, 12, 7)  # the Monday after
APPOINTMENT = datetime.date(2026, 12, 9)


def _late_list(client, leader, unit):
    client.force_login(leader, backend=BACKEND)
    period = {"period": "custom", "from": "2026-12-01", "to": "2026-12-07", "unit": unit.code}
    return client.get(reverse("dashboards:records", args=["dossiers_overdue"]), period)


def _rescheduled_and_resolved(unit):
    record = dossier(unit, day=datetime.date(2026, 11, 20))
    decide(record, day=RESOLVED, due=MISSED)
    ApologySlip.objects.create(
        dossier=record, previous_due_date=MISSED, new_due_date=APPOINTMENT,
        reason="Chờ xác minh", issued_by=record.applicant,
    )  # fmt: skip
    record.due_date = APPOINTMENT  # as the slip moves it
    record.save(update_fields=["due_date"])
    return record


def test_a_dossier_resolved_before_its_new_appointment_still_counts_late(hong_bang_ward):
    record = _rescheduled_and_resolved(hong_bang_ward)
    bounds = day_bounds(RESOLVED, RESOLVED)
    assert list(figure_records(figure="dossiers_overdue", bounds=bounds)) == [record]
    assert not figure_records(figure="dossiers_on_time", bounds=bounds).exists()


def test_the_late_list_shows_the_deadline_missed_the_resolution_and_working_days_late(
    client, leader, hong_bang_ward
):
    record = _rescheduled_and_resolved(hong_bang_ward)
    response = _late_list(client, leader, hong_bang_ward)
    assert response.status_code == 200
    [listed] = response.context["page"]
    assert listed.pk == record.pk
    assert (listed.missed_due_date, listed.decided_on) == (MISSED, RESOLVED)
    assert listed.days_late == 2  # Friday 4 and Monday 7; the weekend does not count
    row = response.content.decode().split('data-testid="record"')[1]
    missed_cell = row.split('data-testid="deadline-missed">')[1].split("</td>")[0]
    assert "03/12/2026" in missed_cell
    assert "07/12/2026" in row.split('data-testid="resolved-on">')[1].split("</td>")[0]
    assert row.split('data-testid="days-late">')[1].split("</td>")[0].endswith(">2")


def test_a_dossier_decided_late_without_an_apology_misses_its_own_due_date(
    client, leader, hong_bang_ward
):
    record = dossier(hong_bang_ward, day=datetime.date(2026, 11, 20))
    decide(record, day=RESOLVED, due=datetime.date(2026, 12, 4))
    [listed] = _late_list(client, leader, hong_bang_ward).context["page"]
    assert (listed.missed_due_date, listed.days_late) == (datetime.date(2026, 12, 4), 1)
