"""An official the impartiality rule keeps from a complaint is not offered to
take it up (the step would be refused): the page says why instead, and, when
no one else of the unit may handle it, who takes it up."""

import pytest
from django.test import Client
from django.utils import translation

from complaints.handling import may_handle
from complaints.impartiality import take_up_excluded
from complaints.models import ComplaintStatus
from complaints.selectors import province_desk_staff
from tests.accounts.factories import LeaderFactory, OfficialFactory
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
TAKE_UP = 'name="action" value="start"'


@pytest.fixture
def hoa(hong_bang_ward):
    return OfficialFactory(full_name="Lê Thị Hoa", agency=hong_bang_ward)


@pytest.fixture
def naming_hoa(hong_bang_ward):
    return ComplaintFactory(
        unit=hong_bang_ward, responsible_agency=hong_bang_ward, status=ComplaintStatus.ROUTED,
        routing_due=False, official_named="Lê Thị Hoa",
    )  # fmt: skip


def _page(user, complaint, language="vi"):
    client = Client(headers={"accept-language": language})
    client.force_login(user, backend=LOGIN)
    response = client.get(f"/workspace/complaints/{complaint.code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_named_official_is_not_offered_to_take_it_up_and_is_told_why(
    hong_bang_ward, hoa, naming_hoa
):
    colleague = OfficialFactory(full_name="Trần Văn Bảo", agency=hong_bang_ward)
    page = _page(hoa, naming_hoa)
    assert TAKE_UP not in page
    assert 'data-testid="take-up-excluded"' in page
    assert "một cán bộ khác của đơn vị nhận xử lý" in page
    english = _page(hoa, naming_hoa, "en")
    assert "another official of the unit takes it up" in english
    # The colleague it does not concern is offered the step, with no note.
    theirs = _page(colleague, naming_hoa)
    assert TAKE_UP in theirs and 'data-testid="take-up-excluded"' not in theirs


def test_with_no_other_official_it_waits_for_the_unit_s_leader(hong_bang_ward, hoa, naming_hoa):
    LeaderFactory(full_name="Vũ Văn Long", agency=hong_bang_ward)
    with translation.override("en"):
        note = take_up_excluded(complaint=naming_hoa, user=hoa)
    assert "waits for the unit's leader" in note
    page = _page(hoa, naming_hoa)
    assert TAKE_UP not in page and "chờ lãnh đạo đơn vị" in page


def test_with_no_one_else_in_the_unit_the_province_s_service_centre_takes_it_up(
    hoa, naming_hoa, center_staff, leader
):
    """Not the leaders above the unit, who read its complaints but no longer
    handle them: the service centre's staff, who handle them province-wide."""
    with translation.override("en"):
        note = take_up_excluded(complaint=naming_hoa, user=hoa)
    assert "escalation" not in note and "leaders" not in note
    assert "province's public administration service centre" in note
    page = _page(hoa, naming_hoa)
    assert TAKE_UP not in page
    excluded = page.split('data-testid="take-up-excluded"')[1].split("</")[0]
    assert "Trung tâm Phục vụ hành chính công" in excluded and "lãnh đạo" not in excluded
    # As the note says: the centre's staff may take it up, the city's leader may not.
    assert may_handle(complaint=naming_hoa, user=center_staff)
    assert not may_handle(complaint=naming_hoa, user=leader)
    assert list(province_desk_staff(complaint=naming_hoa)) == [center_staff]
    assert TAKE_UP in _page(center_staff, naming_hoa)


def test_an_official_it_does_not_concern_has_no_note(hong_bang_ward, naming_hoa):
    other = OfficialFactory(full_name="Trần Văn Bảo", agency=hong_bang_ward)
    assert take_up_excluded(complaint=naming_hoa, user=other) == ""


def test_once_a_colleague_has_it_the_official_it_concerns_may_neither_ask_nor_conclude(
    hong_bang_ward, hoa, naming_hoa
):
    colleague = OfficialFactory(full_name="Trần Văn Bảo", agency=hong_bang_ward)
    naming_hoa.status, naming_hoa.assigned_to = ComplaintStatus.IN_HANDLING, colleague
    naming_hoa.save()
    client = Client()
    client.force_login(hoa, backend=LOGIN)

    page = _page(hoa, naming_hoa)
    for step in ("ask_reporter", "conclude", "assign", "correction"):
        assert f'name="action" value="{step}"' not in page, step
    assert 'name="action" value="conclude"' in _page(colleague, naming_hoa)
    concluded = client.post(f"/workspace/complaints/{naming_hoa.code}/act/", {
        "action": "conclude", "outcome": "substantiated", "response": "Đã xử lý.",
        "confirmed": "1",
    })  # fmt: skip
    asked = client.post(f"/workspace/complaints/{naming_hoa.code}/act/",
                        {"action": "ask_reporter", "question": "Xin bổ sung?"})  # fmt: skip

    assert concluded.status_code == 400 and asked.status_code == 400
    assert "Lê Thị Hoa" in concluded.content.decode()
    naming_hoa.refresh_from_db()
    assert naming_hoa.status == ComplaintStatus.IN_HANDLING and not naming_hoa.events.exists()


def test_with_no_one_to_assign_the_assign_form_gives_way_to_a_note(
    hong_bang_ward, hoa, naming_hoa, center_staff
):
    page = _page(center_staff, naming_hoa)  # the province's desk; Hoa, whom it names, alone

    assert 'name="action" value="assign"' not in page
    assert 'data-testid="no-assignee"' in page
    OfficialFactory(full_name="Trần Văn Bảo", agency=hong_bang_ward)
    page = _page(center_staff, naming_hoa)
    assert 'name="action" value="assign"' in page and "Trần Văn Bảo" in page
    assert 'data-testid="no-assignee"' not in page
