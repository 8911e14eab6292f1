"""VNeID login end to end over HTTP: the portal (allauth) and the mock
identity provider talk OpenID Connect through a live server, as in production."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from portal.accounts.models import Agency, AgencyKind, Role, User
from tests.accounts.vneid_browser import with_query

pytestmark = pytest.mark.django_db(transaction=True)

AN = "031090001234"  # Nguyễn Văn An, a citizen among the demo persons
HOA = "031188002468"  # Lê Thị Hoa, official at UBND phường Hồng Bàng


def _home_html(browser) -> str:
    response = browser.get("/accounts/home/")
    assert response.status_code == 200
    return response.text


def test_citizen_first_login_creates_the_account_from_vneid_claims(browser):
    landing = browser.log_in_as(AN)

    assert landing.status_code == 302
    assert urlsplit(landing.headers["Location"]).path == "/accounts/home/"
    user = User.objects.get(personal_id=AN)
    assert user.role == Role.CITIZEN
    assert user.full_name == "Nguyễn Văn An"
    assert user.date_of_birth == date(1990, 3, 14)
    assert user.assurance_level == 2
    assert not user.has_usable_password()
    html = _home_html(browser)
    assert AN in html and "Nguyễn Văn An" in html


def test_second_login_reuses_the_account(browser, vneid_live):
    browser.log_in_as(AN)
    browser.post("/accounts/logout/", {})
    browser.log_in_as(AN)

    assert User.objects.filter(personal_id=AN).count() == 1


def test_official_is_matched_by_personal_id_to_their_role_and_agency(browser):
    hai_phong = Agency.objects.create(
        code="31",
        name="UBND thành phố Hải Phòng",
        kind=AgencyKind.PROVINCE_COMMITTEE,
        province_code=31,
    )
    ward = Agency.objects.create(
        code="11311",
        name="UBND phường Hồng Bàng",
        parent=hai_phong,
        kind=AgencyKind.COMMUNE_COMMITTEE,
        province_code=31,
        ward_code=11311,
    )
    User.objects.create(
        username=HOA,
        personal_id=HOA,
        role=Role.OFFICIAL,
        agency=ward,
        full_name="Lê Thị Hoa (chưa cập nhật)",
    )

    browser.log_in_as(HOA)

    official = User.objects.get(personal_id=HOA)
    assert official.role == Role.OFFICIAL
    assert official.agency == ward
    assert official.full_name == "Lê Thị Hoa"  # VNeID is the authority on the name
    assert User.objects.filter(personal_id=HOA).count() == 1
    assert "UBND phường Hồng Bàng" in _home_html(browser)


def test_login_returns_to_the_page_the_user_came_from(browser):
    landing = browser.log_in_as(AN, next_url="/accounts/home/?tab=data")

    assert landing.headers["Location"].endswith("/accounts/home/?tab=data")


def test_cancelled_login_returns_to_where_the_user_was_with_a_message(browser):
    to_provider = browser.start_login(next_url="/accounts/home/?from=cancel")
    _, signed = browser.open_provider(to_provider.headers["Location"])

    back = browser.decide(signed, decision="cancel")
    assert parse_qs(urlsplit(back.headers["Location"]).query)["error"] == ["access_denied"]
    answer = browser.follow(back)

    assert answer.status_code == 302
    assert answer.headers["Location"].endswith("/accounts/home/?from=cancel")
    login_page = browser.get("/accounts/login/")
    assert "hủy đăng nhập VNeID" in login_page.text  # the message, in Vietnamese
    assert not User.objects.filter(personal_id=AN).exists()


def test_refused_consent_counts_as_a_cancelled_login(browser):
    to_provider = browser.start_login()
    _, signed = browser.open_provider(to_provider.headers["Location"])
    browser.decide(signed, personal_id=AN, decision="continue")

    answer = browser.follow(browser.decide(signed, personal_id=AN, decision="deny"))

    assert urlsplit(answer.headers["Location"]).path == "/accounts/login/"
    assert not User.objects.filter(personal_id=AN).exists()


def test_tampered_state_is_refused_with_a_clear_message(browser):
    to_provider = browser.start_login()
    _, signed = browser.open_provider(to_provider.headers["Location"])
    browser.decide(signed, personal_id=AN, decision="continue")
    back = browser.decide(signed, personal_id=AN, decision="allow")

    answer = browser.get(with_query(back.headers["Location"], state="forged-state-value"))

    assert answer.status_code == 400
    assert "không được nhận ra" in answer.text
    assert not User.objects.filter(personal_id=AN).exists()
    assert browser.get("/accounts/home/").status_code == 302  # still anonymous


def test_tampered_nonce_is_refused(browser):
    to_provider = browser.start_login()
    forged = with_query(to_provider.headers["Location"], nonce="attacker-chosen-nonce")
    _, signed = browser.open_provider(forged)
    browser.decide(signed, personal_id=AN, decision="continue")
    back = browser.decide(signed, personal_id=AN, decision="allow")

    answer = browser.follow(back)

    assert answer.status_code == 400
    assert "không thể xác minh" in answer.text
    assert not User.objects.filter(personal_id=AN).exists()


def test_a_replayed_callback_does_not_log_in_again(browser, vneid_live):
    to_provider = browser.start_login()
    _, signed = browser.open_provider(to_provider.headers["Location"])
    browser.decide(signed, personal_id=AN, decision="continue")
    callback = browser.decide(signed, personal_id=AN, decision="allow").headers["Location"]
    assert browser.get(callback).status_code == 302
    browser.post("/accounts/logout/", {})

    replay = browser.get(callback)

    assert replay.status_code == 400
    assert browser.get("/accounts/home/").status_code == 302


def test_provider_unreachable_is_reported_not_crashed(browser, settings):
    to_provider = browser.start_login()
    _, signed = browser.open_provider(to_provider.headers["Location"])
    browser.decide(signed, personal_id=AN, decision="continue")
    back = browser.decide(signed, personal_id=AN, decision="allow")
    settings.VNEID_ISSUER = "http://127.0.0.1:9/vneid"  # nothing listens there

    answer = browser.follow(back)

    assert answer.status_code == 503
    assert "VNeID" in answer.text


def test_provider_down_when_the_login_starts_is_reported_not_crashed(browser, settings):
    settings.VNEID_ISSUER = "http://127.0.0.1:9/vneid"

    browser.get("/accounts/login/")
    answer = browser.post("/accounts/vneid/login/", {"next": "/accounts/home/"})

    assert answer.status_code == 503
    assert "/accounts/home/" in answer.text  # the way back to where the user was
