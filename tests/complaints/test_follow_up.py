"""Deadline follow-up across working days and holidays: a reminder the
working day before, escalation to the unit's leaders once overdue, to the
province's, and its service centre's staff, at three times the deadline;
each once."""

import datetime

import pytest
from django.utils import timezone

from complaints.follow_up import complaints_follow_up
from complaints.models import ComplaintCategory, ComplaintStatus
from complaints.services import Report, complaint_file
from portal.accounts.models import AgencyKind
from portal.notifications.models import Notification
from tests.accounts.factories import (
    AgencyFactory,
    CenterStaffFactory,
    LeaderFactory,
    OfficialFactory,
    ProvinceFactory,
)
from tests.complaints.factories import RoutingRuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed_before_tet(citizen, hong_bang_ward, hai_phong, monkeypatch,
                     django_capture_on_commit_callbacks):  # fmt: skip
    """A re-provide complaint (5 working days) filed on Friday 5 February 2027,
    the last working day before the Tết 2027 holidays, routed to Hồng Bàng."""
    RoutingRuleFactory(position=1, target_agency=hong_bang_ward)
    filed = timezone.make_aware(datetime.datetime(2027, 2, 5, 9, 0))
    monkeypatch.setattr("complaints.services.timezone.now", lambda: filed)
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_file(
            report=Report(category=ComplaintCategory.REPROVIDE_DATA,
                          description="Bị yêu cầu nộp bản sao.", unit=hong_bang_ward),
            reporter=citizen,
        )  # fmt: skip
    complaint.refresh_from_db()
    complaint.received_at = filed
    complaint.save(update_fields=["received_at"])
    return complaint


def test_the_deadline_skips_tet(filed_before_tet):
    # Tết 2027 holidays run through Wednesday 10 February... the five working
    # days counted from the next working day after receipt land well after them.
    assert filed_before_tet.status == ComplaintStatus.ROUTED
    assert filed_before_tet.due_date >= datetime.date(2027, 2, 17)


def test_reminder_then_escalations_happen_once_each(filed_before_tet, hong_bang_ward, hai_phong):
    handler = OfficialFactory(agency=hong_bang_ward)
    unit_leader = LeaderFactory(agency=hong_bang_ward)
    province_leader = LeaderFactory(agency=hai_phong)
    due = filed_before_tet.due_date

    assert complaints_follow_up(today=due - datetime.timedelta(days=10)).reminded == 0
    run = complaints_follow_up(today=due)
    assert run.reminded == 1 and run.escalated_to_unit == 0
    assert Notification.objects.filter(user=handler).count() == 1
    assert complaints_follow_up(today=due).reminded == 0  # once

    overdue = complaints_follow_up(today=due + datetime.timedelta(days=1))
    assert overdue.escalated_to_unit == 1
    assert Notification.objects.filter(user=unit_leader).count() == 1
    assert not Notification.objects.filter(user=province_leader).exists()
    assert complaints_follow_up(today=due + datetime.timedelta(days=2)).escalated_to_unit == 0

    much_later = complaints_follow_up(today=due + datetime.timedelta(days=40))
    assert much_later.escalated_to_province == 1
    assert Notification.objects.filter(user=province_leader).count() == 1
    filed_before_tet.refresh_from_db()
    assert filed_before_tet.escalation_level == 2
    assert [e.action for e in filed_before_tet.events.filter(action__startswith="escalate")] == [
        "escalate_unit",
        "escalate_province",
    ]


def test_a_concluded_complaint_is_left_alone(filed_before_tet):
    filed_before_tet.status = ComplaintStatus.CONCLUDED
    filed_before_tet.save()
    run = complaints_follow_up(today=filed_before_tet.due_date + datetime.timedelta(days=60))
    assert (run.reminded, run.escalated_to_unit, run.escalated_to_province) == (0, 0, 0)


def test_a_reopened_complaint_gets_a_new_deadline_and_its_own_follow_up(
    filed_before_tet, hong_bang_ward, hai_phong, monkeypatch
):
    """Concluded late, then sent back by its reporter weeks after the first
    deadline: handled again within the full time counted from the reopening,
    reminded and escalated again from then, not from the first filing."""
    from complaints import handling
    from complaints.deadlines import handling_due
    from complaints.models import ComplaintOutcome

    handler = OfficialFactory(agency=hong_bang_ward)
    unit_leader = LeaderFactory(agency=hong_bang_ward)
    province_leader = LeaderFactory(agency=hai_phong)
    first_due = filed_before_tet.due_date
    handling.complaint_start(complaint=filed_before_tet, by=handler)
    complaints_follow_up(today=first_due + datetime.timedelta(days=1))  # reminded, escalated
    handling.complaint_conclude(complaint=filed_before_tet, by=handler,
                                outcome=ComplaintOutcome.UNSUBSTANTIATED,
                                response="Đã kiểm tra, không có sai phạm.")  # fmt: skip
    # Reopened on Monday 15 March 2027, long after the first deadline.
    reopened = timezone.make_aware(datetime.datetime(2027, 3, 15, 10, 0))
    monkeypatch.setattr("complaints.handling.timezone.now", lambda: reopened)
    handling.complaint_rate(complaint=filed_before_tet, rating=1, by=filed_before_tet.reporter,
                            comment="Chưa hài lòng với kết quả xử lý.")  # fmt: skip
    monkeypatch.undo()

    filed_before_tet.refresh_from_db()
    new_due = filed_before_tet.due_date
    # Five working days after the day of reopening, as for a complaint filed then.
    assert (
        new_due
        == datetime.date(2027, 3, 22)
        == handling_due(category=filed_before_tet.category, received_at=reopened)
    )
    assert filed_before_tet.status == ComplaintStatus.IN_HANDLING
    assert (filed_before_tet.reminded_at, filed_before_tet.escalation_level) == (None, 0)
    told = Notification.objects.filter(user__in=[handler, unit_leader, province_leader]).count()

    # Not overdue on the day before the new deadline: reminded, not escalated.
    run = complaints_follow_up(today=datetime.date(2027, 3, 19))
    assert (run.reminded, run.escalated_to_unit, run.escalated_to_province) == (1, 0, 0)
    # Overdue from the new deadline on: the unit's leaders first, the province's
    # only at three times the time counted from the reopening (after 5 April).
    run = complaints_follow_up(today=datetime.date(2027, 3, 23))
    assert (run.escalated_to_unit, run.escalated_to_province) == (1, 0)
    assert complaints_follow_up(today=datetime.date(2027, 4, 5)).escalated_to_province == 0
    assert complaints_follow_up(today=datetime.date(2027, 4, 6)).escalated_to_province == 1
    assert Notification.objects.filter(
        user__in=[handler, unit_leader, province_leader]
    ).count() == told + 3  # fmt: skip


def test_at_three_times_the_deadline_the_province_s_service_centre_is_told_too(
    filed_before_tet, hong_bang_ward, hai_phong, center_staff
):
    """The province's leaders no longer act on a unit's complaint; its
    service-centre staff, who handle complaints province-wide, can: the same
    notice reaches them. Another province's centre, and the unit's leader
    (told at the first escalation), are not told again."""
    unit_leader = LeaderFactory(agency=hong_bang_ward)
    province_leader = LeaderFactory(agency=hai_phong)
    elsewhere = CenterStaffFactory(agency=AgencyFactory(
        code="01.TTPVHCC", kind=AgencyKind.SERVICE_CENTER, province_code=1,
        parent=ProvinceFactory(code="01", name="UBND thành phố Hà Nội", province_code=1),
    ))  # fmt: skip
    complaints_follow_up(today=filed_before_tet.due_date + datetime.timedelta(days=1))
    told_before = Notification.objects.filter(user=unit_leader).count()

    run = complaints_follow_up(today=filed_before_tet.due_date + datetime.timedelta(days=40))

    assert run.escalated_to_province == 1
    to_leader = Notification.objects.get(user=province_leader)
    to_centre = Notification.objects.get(user=center_staff)
    assert (to_centre.title, to_centre.body, to_centre.url) == (
        to_leader.title, to_leader.body, to_leader.url,
    )  # fmt: skip
    assert f"Phản ánh {filed_before_tet.code} quá hạn gấp ba thời hạn" in to_centre.title
    assert not Notification.objects.filter(user=elsewhere).exists()
    assert Notification.objects.filter(user=unit_leader).count() == told_before
    escalated = filed_before_tet.events.get(action="escalate_province")
    assert province_leader.full_name in escalated.note and center_staff.full_name in escalated.note
