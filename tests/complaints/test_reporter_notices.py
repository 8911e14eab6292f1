"""What a complaint's reporter is told, in the portal and by e-mail, is what is
meant for them: each move in plain words, the question asked of them, the
agency's answer. Never the administration's own notes: the official it is
assigned to, the leaders and staff it is escalated to, why it was re-routed,
the official found responsible (complaints.reporter_history keeps the tracking
page to the same)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from complaints import handling
from complaints.follow_up import complaints_follow_up
from complaints.models import ComplaintOutcome, ComplaintStatus, ReporterNotice
from complaints.reporter_history import NOTES_FOR_REPORTER
from complaints.routing import complaint_reroute
from complaints.services import Contact, Report, complaint_file
from portal.notifications.models import Notification
from tests.accounts.factories import LeaderFactory, OfficialFactory
from tests.complaints.factories import RoutingRuleFactory

pytestmark = pytest.mark.django_db

ADDRESS = "an@example.vn"
QUESTION = "Bạn được yêu cầu nộp bản sao giấy tờ nào, vào ngày nào?"
ANSWER = "Bản sao giấy khai sinh, ngày 20/11."
RESPONSE = "Phường đã chấn chỉnh việc yêu cầu nộp lại giấy tờ đã có trong cơ sở dữ liệu."
REROUTE_REASON = "Ông Trịnh Văn Vắng nghỉ phép, chuyển bà Đỗ Thị Thay xử lý"
NOT_SATISFIED = "Tôi vẫn bị yêu cầu nộp bản sao."


@pytest.fixture
def staff(hong_bang_ward, hai_phong, center_staff):
    """Everyone of the administration the complaint passes by, named."""
    return {
        "routed_to": OfficialFactory(agency=hong_bang_ward, full_name="Trần Văn Xử Lý"),
        "assigned": OfficialFactory(agency=hong_bang_ward, full_name="Phạm Thu Giao"),
        "ward_leader": LeaderFactory(agency=hong_bang_ward, full_name="Lê Thị Lãnh Đạo"),
        "province_leader": LeaderFactory(agency=hai_phong, full_name="Vũ Quốc Giám Sát"),
        "desk": center_staff,
        "responsible": OfficialFactory(agency=hong_bang_ward, full_name="Ngô Văn Vi Phạm"),
    }


def _through_every_step(*, hong_bang_ward, staff, capture, reporter=None, contact=None):
    """Filed, routed by a rule to a named official, assigned to another, taken
    up, a question asked, escalated twice while the reporter has not answered,
    answered, re-routed by hand with a reason naming people, concluded with an
    official found responsible, and reopened by the unsatisfied reporter."""
    RoutingRuleFactory(position=1, target_agency=hong_bang_ward, target_official=staff["routed_to"])
    with capture(execute=True):  # routed once filed
        complaint = complaint_file(
            report=Report(category="reprovide_data", unit=hong_bang_ward,
                          description="Bị yêu cầu nộp bản sao giấy khai sinh."),
            reporter=reporter, contact=contact,
        )  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.assigned_to == staff["routed_to"]
    handling.complaint_assign(complaint=complaint, official=staff["assigned"],
                              by=staff["routed_to"])  # fmt: skip
    handling.complaint_start(complaint=complaint, by=staff["assigned"])
    handling.complaint_ask_reporter(complaint=complaint, by=staff["assigned"], question=QUESTION)
    due = datetime.date(2026, 11, 2)
    complaint.due_date = due
    complaint.save(update_fields=["due_date"])
    assert complaints_follow_up(today=due + datetime.timedelta(days=1)).escalated_to_unit == 1
    assert complaints_follow_up(today=due + datetime.timedelta(days=40)).escalated_to_province == 1
    complaint.refresh_from_db()
    handling.complaint_reporter_reply(complaint=complaint, text=ANSWER, by=reporter)
    complaint = complaint_reroute(complaint=complaint, agency=hong_bang_ward,
                                  official=staff["routed_to"], by=staff["assigned"],
                                  reason=REROUTE_REASON)  # fmt: skip
    handling.complaint_conclude(complaint=complaint, by=staff["routed_to"],
                                outcome=ComplaintOutcome.SUBSTANTIATED, response=RESPONSE,
                                official_responsible=staff["responsible"])  # fmt: skip
    complaint.refresh_from_db()
    handling.complaint_rate(complaint=complaint, rating=1, comment=NOT_SATISFIED, by=reporter)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_HANDLING
    return complaint


def _internal(complaint, staff) -> list[str]:
    """What must not reach the reporter: the staff's names and the notes of
    the administration's own steps (the escalations name whom they reached)."""
    notes = [
        event.note
        for event in complaint.events.exclude(action__in=[*NOTES_FOR_REPORTER, "route", "rate"])
        if event.note
    ]
    assert {"assign", "reroute", "escalate_unit", "escalate_province"} <= set(
        complaint.events.values_list("action", flat=True)
    )
    return [*notes, *(user.full_name for user in staff.values())]


def _assert_only_what_is_meant(notices: list[tuple[str, str]], ward_name: str) -> None:
    """Each notice in order: the move in plain words, and as body the agency
    handling it, the question, or the answer; nothing else is sent."""
    expected = [
        ("Đã tiếp nhận phản ánh", "Phản ánh của bạn đã được tiếp nhận"),
        ("đã được chuyển đến đơn vị xử lý", f"Đơn vị xử lý: {ward_name}. Hạn trả lời:"),
        ("đang được xử lý", f"Đơn vị xử lý: {ward_name}. Handled by: {ward_name}."),
        ("cần bạn bổ sung thông tin", QUESTION),
        # Re-routed within the ward, to another of its officials: nothing to tell.
        ("đã có kết quả xử lý", RESPONSE),
    ]
    assert len(notices) == len(expected), notices
    for (title, body), (words, told) in zip(notices, expected, strict=True):
        assert words in title and body.startswith(told), (title, body)
    assert notices[3][1] == QUESTION and notices[4][1] == RESPONSE


def _assert_nothing_internal(texts: list[str], internal: list[str]) -> None:
    for text in texts:
        for secret in internal:
            assert secret not in text, (secret, text)


def test_a_reporter_with_an_account_is_told_nothing_of_the_administration_s_notes(
    citizen, hong_bang_ward, staff, django_capture_on_commit_callbacks
):
    citizen.email = ADDRESS
    citizen.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        complaint = _through_every_step(hong_bang_ward=hong_bang_ward, staff=staff,
                                        capture=django_capture_on_commit_callbacks,
                                        reporter=citizen)  # fmt: skip

    notices = list(Notification.objects.filter(user=citizen).order_by("id")
                   .values_list("title", "body"))  # fmt: skip
    _assert_only_what_is_meant(notices, hong_bang_ward.name)
    e_mails = [m for m in mail.outbox if m.to == [ADDRESS]]
    assert len(e_mails) == len(notices)
    internal = _internal(complaint, staff)
    _assert_nothing_internal([text for notice in notices for text in notice], internal)
    _assert_nothing_internal(
        [part for m in e_mails for part in (m.subject, m.body, m.alternatives[0][0])], internal
    )
    # The staff were told (the escalations reached them): only not the reporter.
    assert Notification.objects.filter(user=staff["ward_leader"]).exists()


def test_a_reporter_without_an_account_is_e_mailed_nothing_of_the_administration_s_notes(
    hong_bang_ward, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = _through_every_step(
            hong_bang_ward=hong_bang_ward, staff=staff,
            capture=django_capture_on_commit_callbacks,
            contact=Contact(name="Trần Thị Mai", email=ADDRESS),
        )  # fmt: skip

    notices = list(ReporterNotice.objects.filter(complaint=complaint).order_by("id")
                   .values_list("title", "body"))  # fmt: skip
    _assert_only_what_is_meant(notices, hong_bang_ward.name)
    e_mails = [m for m in mail.outbox if m.to == [ADDRESS]]
    assert [m.subject for m in e_mails] == [title for title, _body in notices]
    internal = _internal(complaint, staff)
    _assert_nothing_internal(
        [part for m in e_mails for part in (m.subject, m.body, m.alternatives[0][0])], internal
    )
    assert QUESTION in e_mails[3].body and RESPONSE in e_mails[4].body
