"""Whom an overdue complaint is escalated to. Once overdue: those who may act
on it (`handling.may_handle`): the leaders of the agency it is routed to, or,
with none (or none it does not concern), the province's service-centre staff;
never the leaders above, who only read a unit's complaints, unless no one may
act. At three times the deadline: the leaders who oversee it and the centre.
The complaint's page says whom each step went to."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.follow_up import complaints_follow_up
from complaints.handling import may_handle
from complaints.models import Complaint, ComplaintStatus
from portal.accounts.models import AgencyKind
from portal.notifications.models import Notification
from tests.accounts.factories import AgencyFactory, CenterStaffFactory, LeaderFactory
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 11, 25)  # a Wednesday
OVERDUE = DUE + datetime.timedelta(days=1)
THREE_TIMES_OVERDUE = DUE + datetime.timedelta(days=60)


def _overdue(unit, *, routed_to=None, **fields) -> Complaint:
    """Overdue, its handlers already reminded: only escalations are left to send."""
    return ComplaintFactory(
        unit=unit, responsible_agency=routed_to or unit, status=ComplaintStatus.ROUTED,
        routing_due=False, due_date=DUE, reminded_at=timezone.now(), **fields,
    )  # fmt: skip


def _told(complaint: Complaint) -> set:
    """Those notified of the complaint."""
    url = reverse("complaint-workspace:complaint", kwargs={"code": complaint.code})
    return {n.user for n in Notification.objects.filter(url=url).select_related("user")}


def _escalation(complaint: Complaint, action: str):
    return complaint.events.get(action=action)


def test_a_unit_with_its_own_leader_has_them_told_not_the_leaders_above(
    hong_bang_ward, leader, center_staff
):
    unit_leader = LeaderFactory(agency=hong_bang_ward, full_name="Trần Văn Bình")
    complaint = _overdue(hong_bang_ward)

    run = complaints_follow_up(today=OVERDUE)

    assert run.escalated_to_unit == 1
    assert _told(complaint) == {unit_leader}
    assert may_handle(complaint=complaint, user=unit_leader)
    assert _escalation(complaint, "escalate_unit").note == "Trần Văn Bình"


def test_a_unit_without_a_leader_has_the_service_centre_told_not_the_province_s_leaders(
    hong_bang_ward, leader, center_staff
):
    """The province's leaders would have been told before: they cannot act on a
    commune's complaint; the centre's staff, province-wide, can."""
    complaint = _overdue(hong_bang_ward)

    complaints_follow_up(today=OVERDUE)

    assert _told(complaint) == {center_staff}
    assert not may_handle(complaint=complaint, user=leader)
    assert may_handle(complaint=complaint, user=center_staff)
    assert _escalation(complaint, "escalate_unit").note == center_staff.full_name


def test_a_complaint_routed_to_the_service_centre_has_its_staff_told_not_the_province_s_leaders(
    hong_bang_ward, leader, center_staff
):
    """No rule matched: the centre handles it (routing's fallback), and has no
    leader of its own; the province's above it only read it."""
    complaint = _overdue(hong_bang_ward, routed_to=center_staff.agency)

    complaints_follow_up(today=OVERDUE)

    assert _told(complaint) == {center_staff}
    assert not may_handle(complaint=complaint, user=leader)


def test_a_leader_of_the_service_centre_is_told_as_its_own(hong_bang_ward, leader, center_staff):
    centre_leader = LeaderFactory(agency=center_staff.agency)
    complaint = _overdue(hong_bang_ward, routed_to=center_staff.agency)

    complaints_follow_up(today=OVERDUE)

    assert _told(complaint) == {centre_leader}
    assert may_handle(complaint=complaint, user=centre_leader)


def test_a_unit_leader_the_complaint_concerns_is_passed_over_for_the_centre(
    hong_bang_ward, center_staff
):
    named = LeaderFactory(agency=hong_bang_ward, full_name="Trần Văn Bình")
    complaint = _overdue(hong_bang_ward, official_named="tran van binh")

    complaints_follow_up(today=OVERDUE)

    assert _told(complaint) == {center_staff}
    assert named not in _told(complaint)


def test_another_province_s_centre_is_never_told(hong_bang_ward, center_staff):
    elsewhere = CenterStaffFactory(agency=AgencyFactory(
        code="01.TTPVHCC", kind=AgencyKind.SERVICE_CENTER, province_code=1,
        parent=AgencyFactory(code="01", kind=AgencyKind.PROVINCE_COMMITTEE, province_code=1),
    ))  # fmt: skip
    complaint = _overdue(hong_bang_ward)

    complaints_follow_up(today=OVERDUE)
    complaints_follow_up(today=THREE_TIMES_OVERDUE)

    assert elsewhere not in _told(complaint)


def test_with_no_one_who_may_act_the_leaders_above_are_told_and_the_history_says_so(
    hong_bang_ward, leader
):
    """No leader of the unit, no service-centre staff: the complaint is not left
    untold; those above see to it, and the history says why they were told."""
    complaint = _overdue(hong_bang_ward)

    run = complaints_follow_up(today=OVERDUE)

    assert run.escalated_to_unit == 1
    assert _told(complaint) == {leader}
    assert _escalation(complaint, "escalate_unit_oversight").note == leader.full_name
    assert not complaint.events.filter(action="escalate_unit").exists()


def test_three_times_overdue_goes_to_oversight_and_the_centre_not_again_to_the_unit_leader(
    hong_bang_ward, leader, center_staff
):
    unit_leader = LeaderFactory(agency=hong_bang_ward)
    complaint = _overdue(hong_bang_ward)
    complaints_follow_up(today=OVERDUE)
    Notification.objects.all().delete()

    run = complaints_follow_up(today=THREE_TIMES_OVERDUE)

    assert run.escalated_to_province == 1
    assert _told(complaint) == {leader, center_staff}
    assert unit_leader not in _told(complaint)
    note = _escalation(complaint, "escalate_province").note
    assert leader.full_name in note and center_staff.full_name in note


def test_three_times_overdue_a_complaint_routed_to_the_centre_reaches_the_province_s_leaders(
    hong_bang_ward, leader, center_staff
):
    complaint = _overdue(hong_bang_ward, routed_to=center_staff.agency)
    complaints_follow_up(today=OVERDUE)

    complaints_follow_up(today=THREE_TIMES_OVERDUE)

    assert Notification.objects.filter(user=leader).count() == 1  # oversight, at last
    assert Notification.objects.filter(user=center_staff).count() == 2  # acts, told each time
    assert _escalation(complaint, "escalate_province")


def _notices(complaint: Complaint) -> list[tuple]:
    """Each notification of the complaint: to whom, and what it says."""
    url = reverse("complaint-workspace:complaint", kwargs={"code": complaint.code})
    return list(
        Notification.objects.filter(url=url).order_by("id").values_list("user", "title", "body")
    )


def _three_times_overdue_notice(complaint: Complaint) -> tuple[str, str]:
    code = complaint.code
    title = (f"Phản ánh {code} quá hạn gấp ba thời hạn, đã báo lên cấp giám sát. "
             f"Complaint {code} is three times overdue and raised to oversight.")  # fmt: skip
    body = ("Hạn trả lời là 25/11/2026; đã quá gấp ba thời hạn xử lý mà phản ánh vẫn chưa được "
            "xử lý xong. The answer was due on 25/11/2026; three times the handling time has "
            "passed and the complaint is still not resolved.")  # fmt: skip
    return title, body


def test_without_a_unit_leader_the_centre_hears_at_three_times_overdue_what_it_did_not_know(
    hong_bang_ward, leader, center_staff
):
    """The centre acts on it from the first step: at the second it is told what
    is new — three times overdue, raised to oversight — not the same news again."""
    complaint = _overdue(hong_bang_ward)

    complaints_follow_up(today=OVERDUE)
    complaints_follow_up(today=THREE_TIMES_OVERDUE)

    notices = _notices(complaint)
    assert len(set(notices)) == len(notices)  # no one told the same thing twice
    to_centre = [(title, body) for user, title, body in notices if user == center_staff.pk]
    assert len(to_centre) == 2
    assert to_centre[0][0].startswith(f"Phản ánh {complaint.code} quá hạn xử lý.")
    assert to_centre[1] == _three_times_overdue_notice(complaint)
    # The province's leader, who oversees it, is told once, at the second step.
    assert [(title, body) for user, title, body in notices if user == leader.pk] == [
        _three_times_overdue_notice(complaint)
    ]


def test_with_a_unit_leader_each_is_told_once_of_the_step_that_reached_them(
    hong_bang_ward, leader, center_staff
):
    unit_leader = LeaderFactory(agency=hong_bang_ward)
    complaint = _overdue(hong_bang_ward)

    complaints_follow_up(today=OVERDUE)
    complaints_follow_up(today=THREE_TIMES_OVERDUE)

    told = {user: (title, body) for user, title, body in _notices(complaint)}
    assert len(_notices(complaint)) == len(told) == 3
    assert told[unit_leader.pk][0] == (f"Phản ánh {complaint.code} quá hạn xử lý. "
                                       f"Complaint {complaint.code} is overdue.")  # fmt: skip
    assert told[leader.pk] == told[center_staff.pk] == _three_times_overdue_notice(complaint)


def test_with_no_one_who_may_act_the_leaders_above_hear_of_each_step_in_its_own_words(
    hong_bang_ward, leader
):
    complaint = _overdue(hong_bang_ward)

    complaints_follow_up(today=OVERDUE)
    complaints_follow_up(today=THREE_TIMES_OVERDUE)

    notices = _notices(complaint)
    assert [user for user, _title, _body in notices] == [leader.pk, leader.pk]
    assert len(set(notices)) == 2
    assert notices[1][1:] == _three_times_overdue_notice(complaint)


def test_the_complaint_s_page_says_whom_each_escalation_went_to(
    client, hong_bang_ward, leader, center_staff
):
    complaint = _overdue(hong_bang_ward)
    complaints_follow_up(today=OVERDUE)
    complaints_follow_up(today=THREE_TIMES_OVERDUE)
    client.force_login(center_staff, backend="portal.accounts.backends.VNeIDSessionBackend")

    page = client.get(
        reverse("complaint-workspace:complaint", kwargs={"code": complaint.code})
    ).content.decode()

    first = page.split('data-action="escalate_unit">')[1].split("</li>")[0]
    assert "Quá hạn: đã báo người có thể xử lý" in first
    assert center_staff.full_name in first and leader.full_name not in first
    second = page.split('data-action="escalate_province">')[1].split("</li>")[0]
    assert "lãnh đạo giám sát" in second
    assert leader.full_name in second and center_staff.full_name in second
