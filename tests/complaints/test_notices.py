"""What a complaint's reporter, its handlers and the leaders it is escalated
to are told is stored, and e-mailed, in both languages, Vietnamese first
("Vietnamese. English."), like the portal's other notices: whichever language
the request that sent it was in. What a handler typed goes as typed."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from complaints import handling
from complaints.follow_up import complaints_follow_up
from complaints.models import ComplaintOutcome, ComplaintStatus
from complaints.services import Contact, Report, complaint_file, tracking_path
from portal.notifications.models import Notification
from tests.accounts.factories import LeaderFactory, OfficialFactory
from tests.complaints.factories import ComplaintFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db


def _vietnamese_then_english(text: str, vietnamese: str, english: str) -> None:
    assert vietnamese in text and english in text, text
    assert text.index(vietnamese) < text.index(english), text


def _report(unit) -> Report:
    return Report(category="reprovide_data", description="Bị yêu cầu nộp bản sao căn cước.",
                  unit=unit)  # fmt: skip


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_reporter_is_told_of_receipt_and_routing_in_both_languages(
    citizen, hong_bang_ward, language, django_capture_on_commit_callbacks
):
    RoutingRuleFactory(position=1, target_agency=hong_bang_ward)
    citizen.email = "an@example.vn"
    citizen.save(update_fields=["email"])
    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_file(report=_report(hong_bang_ward), reporter=citizen)
    complaint.refresh_from_db()
    due = f"{complaint.due_date:%d/%m/%Y}"

    received, routed = Notification.objects.filter(user=citizen).order_by("id")
    _vietnamese_then_english(received.title, f"Đã tiếp nhận phản ánh {complaint.code}.",
                             f"Complaint {complaint.code} received.")  # fmt: skip
    _vietnamese_then_english(received.body, f"sẽ được xử lý trước ngày {due}.",
                             f"will be handled by {due}.")  # fmt: skip
    _vietnamese_then_english(routed.title, "đã được chuyển đến đơn vị xử lý",
                             f"Complaint {complaint.code} was sent to the unit")  # fmt: skip
    _vietnamese_then_english(routed.body, f"Đơn vị xử lý: {hong_bang_ward.name}.",
                             f"Handled by: {hong_bang_ward.name}.")  # fmt: skip
    _vietnamese_then_english(routed.body, f"Hạn trả lời: {due}.", f"Answer due: {due}.")
    assert [m.subject for m in mail.outbox] == [received.title, routed.title]


def test_a_reporter_without_an_account_gets_the_same_words_by_e_mail(
    hong_bang_ward, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_file(report=_report(hong_bang_ward),
                                   contact=Contact(name="Mai", email="mai@example.vn"))  # fmt: skip

    received = mail.outbox[0]
    _vietnamese_then_english(received.subject, "Đã tiếp nhận phản ánh", "received.")
    _vietnamese_then_english(received.body, "Phản ánh của bạn đã được tiếp nhận",
                             "Your complaint was received")  # fmt: skip
    assert complaint.tracking_token in received.body


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_handling_step_is_told_in_both_languages_and_the_handler_s_words_as_typed(
    hong_bang_ward, language
):
    complaint = ComplaintFactory(unit=hong_bang_ward, responsible_agency=hong_bang_ward,
                                 status=ComplaintStatus.ROUTED, routing_due=False)  # fmt: skip
    handler = OfficialFactory(agency=hong_bang_ward)
    with translation.override(language):
        handling.complaint_start(complaint=complaint, by=handler)
        handling.complaint_ask_reporter(complaint=complaint, by=handler, question="Ngày nào?")
        handling.complaint_reporter_reply(complaint=complaint, text="20/11.",
                                          by=complaint.reporter)  # fmt: skip
        handling.complaint_conclude(complaint=complaint, by=handler,
                                    outcome=ComplaintOutcome.SUBSTANTIATED,
                                    response="Đã chấn chỉnh cán bộ.")  # fmt: skip

    started, asked, answered = Notification.objects.filter(user=complaint.reporter).order_by("id")
    code = complaint.code
    _vietnamese_then_english(started.title, f"Phản ánh {code} đang được xử lý.",
                             f"Complaint {code} is being handled.")  # fmt: skip
    _vietnamese_then_english(started.body, f"Đơn vị xử lý: {hong_bang_ward.name}.",
                             f"Handled by: {hong_bang_ward.name}.")  # fmt: skip
    _vietnamese_then_english(asked.title, "cần bạn bổ sung thông tin.",
                             f"Complaint {code}: more information is needed from you.")  # fmt: skip
    assert asked.body == "Ngày nào?"
    _vietnamese_then_english(answered.title, f"Phản ánh {code} đã có kết quả xử lý.",
                             f"Complaint {code} has been answered.")  # fmt: skip
    assert answered.body == "Đã chấn chỉnh cán bộ."


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_handler_s_reminder_and_the_leaders_escalation_are_in_both_languages(
    hong_bang_ward, language
):
    today = datetime.date(2026, 11, 25)  # a Wednesday
    complaint = ComplaintFactory(
        unit=hong_bang_ward, responsible_agency=hong_bang_ward, status=ComplaintStatus.ROUTED,
        routing_due=False, due_date=today, received_at=timezone.now(),
    )  # fmt: skip
    handler = OfficialFactory(agency=hong_bang_ward)
    leader = LeaderFactory(agency=hong_bang_ward)
    with translation.override(language):
        complaints_follow_up(today=today)
        complaints_follow_up(today=today + datetime.timedelta(days=1))

    reminder = Notification.objects.get(user=handler)
    _vietnamese_then_english(reminder.title, f"Phản ánh {complaint.code} sắp đến hạn.",
                             f"Complaint {complaint.code} is nearly due.")  # fmt: skip
    _vietnamese_then_english(reminder.body, "Hạn trả lời: 25/11/2026.",
                             "Answer due: 25/11/2026.")  # fmt: skip
    escalated = Notification.objects.get(user=leader)
    _vietnamese_then_english(escalated.title, f"Phản ánh {complaint.code} quá hạn xử lý.",
                             f"Complaint {complaint.code} is overdue.")  # fmt: skip
    _vietnamese_then_english(
        escalated.body, "phản ánh chưa được xử lý xong.",
        "The answer was due on 25/11/2026; the complaint is not yet resolved.",
    )  # fmt: skip


def test_the_answer_notification_links_to_the_complaint_s_tracking_page(hong_bang_ward):
    complaint = ComplaintFactory(unit=hong_bang_ward, responsible_agency=hong_bang_ward,
                                 status=ComplaintStatus.ROUTED, routing_due=False)  # fmt: skip
    handler = OfficialFactory(agency=hong_bang_ward)
    handling.complaint_start(complaint=complaint, by=handler)
    handling.complaint_conclude(complaint=complaint, by=handler,
                                outcome=ComplaintOutcome.SUBSTANTIATED,
                                response="Đã chấn chỉnh cán bộ.")  # fmt: skip

    answered = Notification.objects.filter(user=complaint.reporter).order_by("-id").first()
    assert "has been answered" in answered.title
    assert answered.url == tracking_path(complaint)
    assert answered.url.startswith(f"/complaints/{complaint.code}/?t=")
