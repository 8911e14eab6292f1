"""The history the reporter follows (tracking page and API, by the tracking
link or their account) holds the moves of the status in plain words and what
was asked of or answered to them, never the administration's own steps: the
assignment naming the official, the escalation naming the leaders it was sent
to. The unit's handlers still see every step, with its note."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from complaints import handling
from complaints.follow_up import complaints_follow_up
from complaints.models import ComplaintStatus
from complaints.reporter_history import STEP_WORDS
from tests.accounts.factories import LeaderFactory, OfficialFactory

pytestmark = pytest.mark.django_db

QUESTION = "Bạn được yêu cầu nộp bản sao giấy tờ nào, vào ngày nào?"


@pytest.fixture
def official(hong_bang_ward):
    return OfficialFactory(agency=hong_bang_ward, full_name="Trần Văn Xử Lý")


@pytest.fixture
def leader(hong_bang_ward):
    return LeaderFactory(agency=hong_bang_ward, full_name="Lê Thị Lãnh Đạo")


@pytest.fixture
def escalated(routed, official, leader):
    """Assigned to the official, a question asked of the reporter, then overdue
    and escalated while the reporter has not answered."""
    handling.complaint_assign(complaint=routed, official=official, by=official)
    handling.complaint_start(complaint=routed, by=official)
    handling.complaint_ask_reporter(complaint=routed, by=official, question=QUESTION)
    routed.refresh_from_db()
    routed.due_date = datetime.date(2026, 11, 2)
    routed.save(update_fields=["due_date"])
    assert complaints_follow_up(today=datetime.date(2026, 11, 3)).escalated_to_unit == 1
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.AWAITING_REPORTER
    note = routed.events.get(action__startswith="escalate").note
    assert official.full_name in note or leader.full_name in note  # what must not leak
    return routed


def _login(client, user):
    client.force_login(user, backend="portal.accounts.backends.VNeIDSessionBackend")


def _names(official, leader) -> tuple[str, str]:
    return official.full_name, leader.full_name


def test_the_tracking_page_shows_the_question_but_no_name_nor_escalation(
    client, escalated, official, leader
):
    page = client.get(reverse("complaints:track", args=[escalated.code]),
                      {"t": escalated.tracking_token})  # fmt: skip

    assert page.status_code == 200
    html = page.content.decode()
    for name in _names(official, leader):
        assert name not in html
    assert "escalate" not in html and "assign" not in html
    # The question is the one asked, not the escalation recorded after it.
    assert QUESTION in html
    assert [step.action for step in page.context["steps"]] == ["start", "ask_reporter"]
    assert str(STEP_WORDS["ask_reporter"]) in html  # the step in plain words


def test_the_tracking_api_lists_only_the_reporter_s_steps(escalated, official, leader):
    answer = APIClient().get(f"/api/complaints/{escalated.code}/",
                             {"t": escalated.tracking_token})  # fmt: skip

    assert answer.status_code == 200
    body = answer.content.decode()
    for name in _names(official, leader):
        assert name not in body
    events = answer.json()["events"]
    assert {event["action"] for event in events} <= {"file", "route", "start", "ask_reporter"}
    asked = next(event for event in events if event["action"] == "ask_reporter")
    assert asked["note"] == QUESTION and asked["words"]


def test_the_reporter_logged_in_sees_no_more(client, escalated, official, leader):
    _login(client, escalated.reporter)
    page = client.get(reverse("complaints:track", args=[escalated.code]))
    api = APIClient()
    api.force_authenticate(escalated.reporter)
    answer = api.get(f"/api/complaints/{escalated.code}/")

    assert page.status_code == 200 and answer.status_code == 200
    for body in (page.content.decode(), answer.content.decode()):
        for name in _names(official, leader):
            assert name not in body


def test_the_unit_s_official_still_sees_every_step_with_its_note(
    client, escalated, official, leader
):
    _login(client, official)
    page = client.get(reverse("complaint-workspace:complaint", args=[escalated.code]))
    api = APIClient()
    api.force_authenticate(official)
    answer = api.get(f"/api/complaints/handling/{escalated.code}/")

    assert page.status_code == 200 and answer.status_code == 200
    escalation = escalated.events.get(action__startswith="escalate")
    assert 'data-action="escalate_unit"' in page.content.decode()
    assert escalation.note in page.content.decode()
    events = {event["action"]: event for event in answer.json()["events"]}
    assert events["assign"]["note"] == official.full_name
    assert events["escalate_unit"]["note"] == escalation.note


def test_another_unit_s_official_gets_no_history_from_the_handling_api(escalated):
    stranger = OfficialFactory()
    api = APIClient()
    api.force_authenticate(stranger)

    assert api.get(f"/api/complaints/handling/{escalated.code}/").status_code == 404
