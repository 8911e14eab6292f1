"""A complaint's conclusion cannot be undone (the reporter is told, the answer
goes to disclosure): sent from the complaint page without the confirmation its
dialog adds (a browser without JavaScript), it is answered with a page that
asks the same question, the fields carried; nothing changes until that page's
form is sent. A conclusion that would be refused is refused first, not asked."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from complaints.models import ComplaintOutcome, ComplaintStatus, Violation
from portal.notifications.models import Notification
from tests.accounts.factories import OfficialFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
QUESTION_VI = "Kết thúc phản ánh và gửi câu trả lời này?"


@pytest.fixture
def handler(client, hong_bang_ward):
    official = OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Hoa")
    client.force_login(official, backend=LOGIN)
    return official


@pytest.fixture
def in_handling(client, routed, handler):
    client.post(reverse("complaint-workspace:act", kwargs={"code": routed.code}),
                {"action": "start"})  # fmt: skip
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.IN_HANDLING
    return routed


def _act(client, complaint, data):
    return client.post(reverse("complaint-workspace:act", kwargs={"code": complaint.code}), data)


def _confirm_form_fields(page: str) -> list[tuple[str, str]]:
    """The hidden fields of the confirmation page's form, but its security token."""
    form = page.split('data-testid="confirm-form"', 1)[1].split("</form>", 1)[0]
    return [(name, html.unescape(value)) for name, value in HIDDEN.findall(form)
            if name != "csrfmiddlewaretoken"]  # fmt: skip


def test_the_complaint_page_asks_its_question_in_the_dialog(client, in_handling):
    page = client.get(reverse("complaint-workspace:complaint", kwargs={"code": in_handling.code}))
    conclude_form = page.content.decode().split('value="conclude"')[0].rsplit("<form", 1)[1]
    assert f'data-confirm="{QUESTION_VI}' in conclude_form


def test_a_conclusion_sent_unconfirmed_asks_on_a_page_whose_form_concludes(
    client, in_handling, handler
):
    answer = "Đơn vị đã kiểm tra & xin lỗi công dân.\nCán bộ đã được nhắc nhở."
    sent = {"action": "conclude", "outcome": "substantiated", "response": answer,
            "official_responsible": str(handler.pk)}  # fmt: skip
    notifications = Notification.objects.count()

    asked = _act(client, in_handling, sent)

    assert asked.status_code == 200
    assert asked.templates[0].name == "complaints/workspace/confirm_conclusion.html"
    page = asked.content.decode()
    assert QUESTION_VI in page and "công khai, không kèm thông tin cá nhân" in page
    assert f"Xác nhận: phản ánh {in_handling.code}" in page
    assert f'data-testid="complaint-code">{in_handling.code}<' in page
    assert 'data-testid="outcome">Phản ánh đúng<' in page
    assert 'data-testid="official-responsible">Trần Thị Hoa<' in page
    assert "xin lỗi công dân.<br>Cán bộ đã được nhắc nhở." in html.unescape(page)
    cancel = reverse("complaint-workspace:complaint", kwargs={"code": in_handling.code})
    assert f'href="{cancel}" data-testid="confirm-cancel"' in page
    in_handling.refresh_from_db()
    assert in_handling.status == ComplaintStatus.IN_HANDLING and in_handling.outcome == ""
    assert not in_handling.events.filter(action="conclude").exists()
    assert not Violation.objects.exists()
    assert Notification.objects.count() == notifications  # the reporter is told nothing yet
    # The page's form sends the conclusion again: every field sent, confirmed.
    again = _confirm_form_fields(page)
    assert sorted(again) == sorted([*sent.items(), ("confirmed", "1")])

    done = _act(client, in_handling, dict(again))

    assert done.status_code == 302
    assert done.url == reverse("complaint-workspace:complaint", kwargs={"code": in_handling.code})
    in_handling.refresh_from_db()
    assert in_handling.status == ComplaintStatus.CONCLUDED
    assert in_handling.outcome == ComplaintOutcome.SUBSTANTIATED
    assert in_handling.response == answer
    assert Violation.objects.get(complaint=in_handling).official == handler
    assert Notification.objects.count() == notifications + 1


def test_the_confirmation_page_asks_in_english_for_an_english_reader(client, in_handling):
    client.cookies.load({"django_language": "en"})

    page = _act(client, in_handling, {"action": "conclude", "outcome": "unsubstantiated",
                                      "response": "Không có căn cứ."}).content.decode()  # fmt: skip

    assert "Conclude the complaint and send this answer? The reporter is told at once" in page
    assert f"Confirm: complaint {in_handling.code}" in page
    assert 'data-testid="outcome">Not substantiated<' in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"outcome": "", "response": "Đã xử lý."}, "outcome"),
        ({"outcome": "substantiated", "response": "   "}, "response"),
        ({"outcome": "substantiated", "response": "Đã xử lý.", "official_responsible": "abc"},
         "official_responsible"),
    ],
)  # fmt: skip
def test_an_invalid_conclusion_comes_back_with_its_error_not_a_question(
    client, in_handling, data, field
):
    response = _act(client, in_handling, {"action": "conclude", **data})

    assert response.status_code == 400
    page = response.content.decode()
    assert f'data-testid="error-{field}"' in page
    assert 'data-testid="confirm-form"' not in page
    in_handling.refresh_from_db()
    assert in_handling.status == ComplaintStatus.IN_HANDLING


def test_an_official_responsible_of_another_unit_is_refused_before_the_question(
    client, in_handling, le_chan_ward
):
    elsewhere = OfficialFactory(agency=le_chan_ward)

    response = _act(client, in_handling, {"action": "conclude", "outcome": "substantiated",
                                          "response": "Đã xử lý.",
                                          "official_responsible": str(elsewhere.pk)})  # fmt: skip

    assert response.status_code == 400
    assert 'data-testid="error-official_responsible"' in response.content.decode()
    assert 'data-testid="confirm-form"' not in response.content.decode()


def test_a_conclusion_not_possible_now_is_refused_at_once_not_asked(client, routed, handler):
    response = _act(client, routed, {"action": "conclude", "outcome": "substantiated",
                                     "response": "Đã xử lý."})  # fmt: skip

    assert response.status_code == 409
    assert 'data-testid="confirm-form"' not in response.content.decode()
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.ROUTED


def test_a_step_that_can_be_undone_is_not_asked(client, in_handling, handler):
    response = _act(client, in_handling, {"action": "ask_reporter", "question": "Ngày nào?"})

    assert response.status_code == 302
    in_handling.refresh_from_db()
    assert in_handling.status == ComplaintStatus.AWAITING_REPORTER
