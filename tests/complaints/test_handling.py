"""Handling a complaint: take it, ask the reporter, conclude; violations for
substantiated once-only breaches; ratings that reopen; scoping."""

import pytest
from django.core import mail

from complaints import handling
from complaints.exceptions import ComplaintInvalid, ComplaintTransitionRefused
from complaints.models import (
    ComplaintCategory,
    ComplaintOutcome,
    ComplaintStatus,
    Violation,
)
from portal.notifications.models import Notification
from tests.accounts.factories import OfficialFactory, WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler(hong_bang_ward):
    return OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Hoa")


def _conclude(complaint, handler, outcome=ComplaintOutcome.SUBSTANTIATED, **extra):
    return handling.complaint_conclude(
        complaint=complaint,
        by=handler,
        outcome=outcome,
        response="Đã chấn chỉnh cán bộ tiếp nhận.",
        **extra,
    )


def test_the_full_handling_tells_the_reporter_at_each_step(routed, handler):
    handling.complaint_start(complaint=routed, by=handler)
    assert routed.status == ComplaintStatus.IN_HANDLING and routed.assigned_to == handler

    handling.complaint_ask_reporter(complaint=routed, by=handler, question="Ngày nào bạn đến?")
    assert routed.status == ComplaintStatus.AWAITING_REPORTER
    handling.complaint_reporter_reply(complaint=routed, text="Ngày 20/11.", by=routed.reporter)
    assert routed.status == ComplaintStatus.IN_HANDLING

    _conclude(routed, handler)
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.CONCLUDED and routed.concluded_at
    assert [e.action for e in routed.events.all()] == [
        "start",
        "ask_reporter",
        "reporter_reply",
        "conclude",
    ]
    titles = list(Notification.objects.filter(user=routed.reporter).values_list("title", flat=True))
    assert len(titles) == 3  # taken up, the question, the answer


@pytest.mark.parametrize("category", [ComplaintCategory.REPROVIDE_DATA,
                                      ComplaintCategory.CERTIFIED_COPY])  # fmt: skip
def test_a_substantiated_once_only_complaint_is_a_violation(routed, handler, category):
    routed.category = category
    routed.save()
    handling.complaint_start(complaint=routed, by=handler)
    culprit = OfficialFactory(agency=routed.unit)
    _conclude(routed, handler, official_responsible=culprit)
    violation = Violation.objects.get()
    assert (violation.unit, violation.official, violation.category) == (routed.unit, culprit,
                                                                          category)  # fmt: skip


@pytest.mark.parametrize(
    ("category", "outcome"),
    [(ComplaintCategory.REPROVIDE_DATA, ComplaintOutcome.UNSUBSTANTIATED),
     (ComplaintCategory.LATE_PROCESSING, ComplaintOutcome.SUBSTANTIATED)],
)  # fmt: skip
def test_other_conclusions_are_no_violation(routed, handler, category, outcome):
    routed.category = category
    routed.save()
    handling.complaint_start(complaint=routed, by=handler)
    _conclude(routed, handler, outcome=outcome)
    assert not Violation.objects.exists()


def test_the_official_responsible_must_belong_to_the_unit_concerned(routed, handler):
    handling.complaint_start(complaint=routed, by=handler)
    elsewhere = OfficialFactory(agency=WardFactory())
    with pytest.raises(ComplaintInvalid):
        _conclude(routed, handler, official_responsible=elsewhere)
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.IN_HANDLING and not Violation.objects.exists()


def test_concluding_needs_an_outcome_and_an_answer(routed, handler):
    handling.complaint_start(complaint=routed, by=handler)
    with pytest.raises(ComplaintInvalid):
        handling.complaint_conclude(complaint=routed, by=handler, outcome="maybe", response="x")
    with pytest.raises(ComplaintInvalid):
        handling.complaint_conclude(
            complaint=routed, by=handler, outcome=ComplaintOutcome.SUBSTANTIATED, response="  "
        )
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.IN_HANDLING


def test_an_illegal_move_is_refused_and_changes_nothing(routed, handler):
    with pytest.raises(ComplaintTransitionRefused):
        _conclude(routed, handler)  # not taken up yet
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.ROUTED and not routed.events.exists()


def test_staff_of_another_agency_cannot_handle_it(routed):
    stranger = OfficialFactory(agency=WardFactory())
    with pytest.raises(ComplaintInvalid):
        handling.complaint_start(complaint=routed, by=stranger)
    assert not handling.complaints_handled_by(user=stranger).exists()


def test_a_low_rating_reopens_and_a_good_one_is_kept(routed, handler):
    handling.complaint_start(complaint=routed, by=handler)
    _conclude(routed, handler)
    with pytest.raises(ComplaintInvalid):  # a reason is needed to reopen
        handling.complaint_rate(complaint=routed, rating=1, by=routed.reporter)

    handling.complaint_rate(complaint=routed, rating=1, by=routed.reporter,
                            comment="Vẫn bị yêu cầu nộp bản sao.")  # fmt: skip
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.IN_HANDLING and routed.rating == 1

    _conclude(routed, handler)
    handling.complaint_rate(complaint=routed, rating=5, by=routed.reporter)
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.CONCLUDED and routed.rating == 5


def test_a_reporter_without_an_account_is_asked_by_e_mail(
    routed, handler, django_capture_on_commit_callbacks
):
    routed.reporter, routed.reporter_name, routed.reporter_email = None, "Mai", "mai@example.vn"
    routed.save()
    handling.complaint_start(complaint=routed, by=handler)
    with django_capture_on_commit_callbacks(execute=True):
        handling.complaint_ask_reporter(complaint=routed, by=handler, question="Ngày nào?")
    assert len(mail.outbox) == 1 and "Ngày nào?" in mail.outbox[0].body
