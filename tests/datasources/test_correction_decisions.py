"""The database owner deciding a correction request on the queue's page: the
decision starts from the right value the most recent report gave, a refused
decision is said in its own request's card (where the focus goes), a request
open longer than the leaders' dashboard allows is marked overdue and can be
listed alone, and a decision is confirmed first: in the page's dialog, or,
sent without it, on a page of its own."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from datasources.models import CorrectionRequest, CorrectionStatus
from datasources.selectors import correction_aged_days
from portal.notifications.models import Notification
from tests.datasources.factories import CorrectionFlagFactory, CorrectionRequestFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PAGE = "/data/corrections/"
RIGHT = "Số 14 Hoàng Văn Thụ, Phường Hồng Bàng"


def _request(owner, *, days_ago: int = 0, **fields) -> CorrectionRequest:
    request = CorrectionRequestFactory(owner_agency=owner.agency, **fields)
    opened = timezone.now() - timedelta(days=days_ago, minutes=1)
    CorrectionRequest.objects.filter(pk=request.pk).update(opened_at=opened)
    return request


def _card(page: str, request) -> str:
    return page.split(f'id="d-{request.pk}"')[1].split("</section>")[0]


def _value_input(card: str) -> str:
    return card.split('name="corrected_value"')[1].split(">")[0]


@pytest.fixture
def owner(client, data_owner):
    client.force_login(data_owner, backend=LOGIN)
    return data_owner


def test_the_decision_starts_from_the_most_recent_proposed_value(
    client, owner, citizen, commune_official
):
    request = _request(owner, proposed_value="Số 13 Hoàng Văn Thụ")
    CorrectionFlagFactory(request=request, flagged_by=citizen, proposed_value="Số 13 Hoàng Văn Thụ")
    CorrectionFlagFactory(request=request, flagged_by=commune_official, proposed_value=RIGHT)
    CorrectionFlagFactory(request=request, flagged_by=citizen, note="Không khớp")  # proposes none

    card = _card(client.get(PAGE).content.decode(), request)

    assert f'value="{RIGHT}"' in _value_input(card)  # still an input: the owner may change it
    assert "disabled" not in _value_input(card) and "readonly" not in _value_input(card)


def test_a_structured_proposed_value_is_offered_as_json(client, owner, citizen):
    request = _request(owner)
    CorrectionFlagFactory(request=request, flagged_by=citizen, proposed_value={"so_nha": "14"})

    card = _card(client.get(PAGE).content.decode(), request)

    assert 'value="{&quot;so_nha&quot;: &quot;14&quot;}"' in _value_input(card)


def test_the_correction_sent_as_offered_is_applied(gateway_live, client, owner, citizen):
    request = _request(owner, subject_personal_id=citizen.personal_id)
    CorrectionFlagFactory(request=request, flagged_by=citizen, proposed_value=RIGHT)
    card = _card(client.get(PAGE).content.decode(), request)
    offered = _value_input(card).split('value="')[1].split('"')[0]

    client.post(f"/data/corrections/{request.pk}/decide/",
                {"decision": "accept", "corrected_value": offered, "confirmed": "1"})  # fmt: skip

    request.refresh_from_db()
    assert (request.status, request.corrected_value) == (CorrectionStatus.ACCEPTED, RIGHT)


def test_a_refused_decision_is_said_in_its_own_card_not_above_the_list(client, owner):
    first, refused, last = (_request(owner, days_ago=3 - n) for n in range(3))

    response = client.post(f"/data/corrections/{refused.pk}/decide/", {"decision": "accept"})

    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("Nhập giá trị đúng.") == 1
    error = _card(page, refused).split('data-testid="decision-error"')
    assert len(error) == 2 and "Nhập giá trị đúng." in error[1]
    # The focus goes to it (static/portal/page.js), and the page comes back at its card.
    assert "data-error-summary" in error[0].rsplit("<div", 1)[1]
    assert f'#d-{refused.pk}"' in _card(page, refused)
    for other in (first, last):
        assert "decision-error" not in _card(page, other)


def test_a_refused_decision_on_the_second_page_comes_back_to_its_page(client, owner):
    requests = [_request(owner, days_ago=40 - n) for n in range(27)]
    last = requests[-1]

    response = client.post(f"/data/corrections/{last.pk}/decide/?page=2", {"decision": "reject"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Nêu lý do từ chối." in _card(page, last)
    assert f"/data/corrections/{last.pk}/decide/?page=2#d-{last.pk}" in page


def test_a_request_decided_meanwhile_is_named_with_its_refusal(client, owner, data_owner):
    request = _request(owner, subject_personal_id="031090001234")
    CorrectionRequest.objects.filter(pk=request.pk).update(
        status=CorrectionStatus.REJECTED, resolved_by=data_owner, resolved_at=timezone.now()
    )

    response = client.post(f"/data/corrections/{request.pk}/decide/",
                           {"decision": "reject", "note": "Đúng"})  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 400
    error = page.split('data-testid="decision-error">')[1].split("</div>")[0]
    assert "Nơi thường trú · 031090001234" in error and "đã được xử lý" in error


def test_a_request_open_longer_than_the_dashboard_allows_is_marked_overdue(client, owner):
    days = correction_aged_days()
    overdue = _request(owner, days_ago=days + 3)
    on_time = _request(owner, days_ago=days - 1)

    page = client.get(PAGE).content.decode()

    mark = _card(page, overdue).split('data-testid="overdue">')[1].split("</span>")[0]
    assert mark == f"Quá hạn xử lý: đã mở {days + 3} ngày"
    assert 'data-testid="overdue"' not in _card(page, on_time)
    assert page.index(f'id="d-{overdue.pk}"') < page.index(f'id="d-{on_time.pk}"')


def test_the_owner_lists_the_overdue_requests_alone(client, owner):
    overdue = _request(owner, days_ago=correction_aged_days() + 1)
    on_time = _request(owner, days_ago=2)

    page = client.get(PAGE, {"overdue": "on"}).content.decode()

    assert f'id="d-{overdue.pk}"' in page and f'id="d-{on_time.pk}"' not in page
    assert 'data-testid="open-count">1<' in page
    # A decision taken there comes back to the same list.
    assert f"/data/corrections/{overdue.pk}/decide/?overdue=on#d-{overdue.pk}" in page


def test_a_decision_is_confirmed_in_the_page_s_dialog_first(client, owner):
    requests = [_request(owner) for _n in range(2)]

    page = client.get(PAGE).content.decode()

    for request in requests:
        form = _card(page, request).split("<form")[1].split(">")[0]
        assert "data-confirm=" in form and "không hoàn tác" in form
    assert page.count('<dialog id="confirm-dialog"') == 1


def test_a_reporter_is_asked_no_confirmation_they_have_no_decision(client, citizen, data_owner):
    request = _request(data_owner, subject_personal_id=citizen.personal_id)
    CorrectionFlagFactory(request=request, flagged_by=citizen)
    client.force_login(citizen, backend=LOGIN)

    page = client.get(PAGE).content.decode()

    assert '<dialog id="confirm-dialog"' not in page and "data-confirm" not in page


def _hidden(page: str) -> dict[str, str]:
    form = page.split('data-testid="confirm-form"')[1].split("</form>")[0]
    fields = {}
    for tag in form.split('<input type="hidden" ')[1:]:
        name = tag.split('name="')[1].split('"')[0]
        fields[name] = html.unescape(tag.split('value="')[1].split('"')[0])
    return fields


def _shown(page: str, testid: str) -> str:
    return html.unescape(page.split(f'data-testid="{testid}">')[1].split("<")[0])


def test_a_decision_sent_unconfirmed_is_asked_on_a_page_of_its_own_first(
    gateway_live, client, owner, citizen
):
    """Without JavaScript the dialog never asks: the server does, nothing
    changed until the page's own form confirms it."""
    request = _request(owner, subject_personal_id=citizen.personal_id)
    CorrectionFlagFactory(request=request, flagged_by=citizen, proposed_value=RIGHT)
    address = f"/data/corrections/{request.pk}/decide/?overdue=on&page=2"
    posted = {"decision": "accept", "corrected_value": RIGHT, "note": 'Theo "hồ sơ gốc"'}

    response = client.post(address, posted)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ghi nhận quyết định này?" in _shown(page, "confirm-question")
    assert (_shown(page, "source"), _shown(page, "field"), _shown(page, "person")) == (
        "CSDL quốc gia về dân cư", "Nơi thường trú", citizen.personal_id,
    )  # fmt: skip
    assert (_shown(page, "decision"), _shown(page, "corrected-value")) == ("Điều chỉnh", RIGHT)
    assert _shown(page, "note") == 'Theo "hồ sơ gốc"'
    request.refresh_from_db()
    assert request.status == CorrectionStatus.OPEN and not Notification.objects.exists()
    # Its form sends the same decision, confirmed, back to the same queue.
    assert f'action="{address.replace("&", "&amp;")}"' in page
    cancel = page.split('data-testid="confirm-cancel"')[0].rsplit("<a", 1)[1]
    assert f'href="{PAGE}?overdue=on#d-{request.pk}"' in cancel

    confirmed = client.post(address, _hidden(page))

    assert confirmed.status_code == 302 and confirmed["Location"] == f"{PAGE}?overdue=on"
    request.refresh_from_db()
    assert (request.status, request.corrected_value) == (CorrectionStatus.ACCEPTED, RIGHT)
    assert request.resolution_note == 'Theo "hồ sơ gốc"'


def test_a_rejection_sent_unconfirmed_is_asked_in_english_too(client, owner):
    request = _request(owner)

    response = client.post(f"/data/corrections/{request.pk}/decide/",
                           {"decision": "reject", "note": "Địa chỉ đúng"},
                           headers={"accept-language": "en"})  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert _shown(page, "confirm-question").startswith("Record this decision?")
    assert (_shown(page, "decision"), _shown(page, "note")) == ("Reject", "Địa chỉ đúng")
    assert 'data-testid="corrected-value"' not in page
    sent = _hidden(page)
    sent.pop("csrfmiddlewaretoken")
    assert sent == {"decision": "reject", "note": "Địa chỉ đúng", "confirmed": "1"}
    request.refresh_from_db()
    assert request.status == CorrectionStatus.OPEN


def test_an_unconfirmed_decision_that_cannot_pass_is_refused_before_any_question(client, owner):
    request = _request(owner)

    invalid = client.post(f"/data/corrections/{request.pk}/decide/", {"decision": "reject"})
    CorrectionRequest.objects.filter(pk=request.pk).update(status=CorrectionStatus.REJECTED)
    decided = client.post(f"/data/corrections/{request.pk}/decide/",
                          {"decision": "reject", "note": "Đúng"})  # fmt: skip

    for response in (invalid, decided):
        assert response.status_code == 400
        assert 'data-testid="confirm-form"' not in response.content.decode()
    assert "Nêu lý do từ chối." in _card(invalid.content.decode(), request)
    assert "đã được xử lý" in decided.content.decode()
