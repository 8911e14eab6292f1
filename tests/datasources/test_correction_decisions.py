"""The database owner deciding a correction request on the queue's page: the
decision starts from the right value the most recent report gave, a refused
decision is said in its own request's card (where the focus goes), a request
open longer than the leaders' dashboard allows is marked overdue and can be
listed alone, and a decision is confirmed in the page's dialog first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from datasources.models import CorrectionRequest, CorrectionStatus
from portal.dashboards.breakdowns import CORRECTION_AGED_DAYS
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
    overdue = _request(owner, days_ago=CORRECTION_AGED_DAYS + 3)
    on_time = _request(owner, days_ago=CORRECTION_AGED_DAYS - 1)

    page = client.get(PAGE).content.decode()

    mark = _card(page, overdue).split('data-testid="overdue">')[1].split("</span>")[0]
    assert mark == f"Quá hạn xử lý: đã mở {CORRECTION_AGED_DAYS + 3} ngày"
    assert 'data-testid="overdue"' not in _card(page, on_time)
    assert page.index(f'id="d-{overdue.pk}"') < page.index(f'id="d-{on_time.pk}"')


def test_the_owner_lists_the_overdue_requests_alone(client, owner):
    overdue = _request(owner, days_ago=CORRECTION_AGED_DAYS + 1)
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
