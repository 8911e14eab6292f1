"""How long a login lasts, and that each one is a session of its own: a new
session key at login (no fixation), none left on the server after logout, the
cookie gone with the browser, and staff logged out after a while unused, as
the one-stop desk's computers are shared."""

from __future__ import annotations

import time
from datetime import timedelta
from hashlib import sha256

import pytest
import requests
from axes.models import AccessLog
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal.accounts.sessions import LAST_SEEN, LOGGED_IN_AT
from tests.accounts.factories import CitizenFactory

AN = "031090001234"  # Nguyễn Văn An, a citizen among the demo persons
LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


def _with_cookie(base_url: str, session_key: str) -> requests.Session:
    other = requests.Session()
    other.cookies.set("sessionid", session_key)
    return other


@pytest.mark.django_db(transaction=True)
def test_a_vneid_login_starts_a_new_session_and_the_one_before_opens_nothing(browser):
    to_provider = browser.start_login()  # the session that keeps the login's state
    before = browser.session.cookies["sessionid"]
    _, signed = browser.open_provider(to_provider.headers["Location"])
    browser.decide(signed, personal_id=AN, decision="continue")
    assert (
        browser.follow(browser.decide(signed, personal_id=AN, decision="allow")).status_code == 302
    )

    after = browser.session.cookies["sessionid"]
    assert after != before
    home = f"{browser.base_url}/accounts/home/"
    planted = _with_cookie(browser.base_url, before).get(home, allow_redirects=False, timeout=10)
    assert planted.status_code == 302  # a session key planted before the login stays anonymous
    assert browser.get("/accounts/home/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_logout_ends_the_session_on_the_server_too(browser):
    browser.log_in_as(AN)
    key = browser.session.cookies["sessionid"]

    browser.post("/accounts/logout/", {})

    home = f"{browser.base_url}/accounts/home/"
    replayed = _with_cookie(browser.base_url, key).get(home, allow_redirects=False, timeout=10)
    assert replayed.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_login_cookie_ends_with_the_browser(browser):
    browser.log_in_as(AN)

    cookie = next(c for c in browser.session.cookies if c.name == "sessionid")
    assert cookie.expires is None  # a browser-session cookie: nothing kept on a shared computer


def _idle(client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time()) - seconds
    session.save()


@pytest.mark.django_db
def test_an_official_idle_past_the_limit_is_logged_out_at_the_next_request(
    client, commune_official, settings
):
    settings.STAFF_IDLE_MINUTES = 30
    client.force_login(commune_official, backend=LOGIN)
    assert client.get("/accounts/home/").status_code == 200
    _idle(client, 31 * 60)

    response = client.get("/workspace/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/workspace/")
    page = client.get(response["Location"]).content.decode()
    assert "Phiên làm việc đã kết thúc sau 30 phút không sử dụng" in page
    assert client.get("/accounts/home/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("ended_by", ["idling", "age"])
def test_a_session_ended_for_idling_or_age_notes_its_logout_in_the_login_log(
    client, commune_official, settings, ended_by
):
    settings.STAFF_IDLE_MINUTES = 30
    client.force_login(commune_official, backend=LOGIN)
    settings.AXES_ENABLED = True  # after the login: the test client's login is no request
    login = AccessLog.objects.create(
        username=commune_official.username, ip_address="203.0.113.7", user_agent="test",
        session_hash=sha256(client.session.session_key.encode()).hexdigest(),
    )  # fmt: skip
    if ended_by == "idling":
        _idle(client, 31 * 60)
    else:
        _stored_as_before_the_login_time_was_noted(client, logged_in_hours_ago=9)

    assert client.get("/workspace/").status_code == 302

    login.refresh_from_db()
    assert login.logout_time is not None


@pytest.mark.django_db
def test_an_official_at_work_stays_logged_in(client, commune_official, settings):
    settings.STAFF_IDLE_MINUTES = 30
    client.force_login(commune_official, backend=LOGIN)
    client.get("/accounts/home/")
    _idle(client, 29 * 60)

    assert client.get("/workspace/").status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN] < 5  # the idle time starts again


@pytest.mark.django_db
def test_a_citizen_is_not_logged_out_for_idling(client, settings):
    settings.STAFF_IDLE_MINUTES = 30
    client.force_login(CitizenFactory(), backend=LOGIN)
    _idle(client, 3 * 60 * 60)

    assert client.get("/accounts/home/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_official_s_vneid_login_starts_the_idle_clock_and_a_while_unused_ends_it(
    browser, hong_bang_ward, settings
):
    from django.contrib.sessions.backends.db import SessionStore

    from portal.accounts.models import Role, User

    hoa = "031188002468"  # Lê Thị Hoa, official at UBND phường Hồng Bàng
    User.objects.create(username=hoa, personal_id=hoa, role=Role.OFFICIAL, agency=hong_bang_ward)
    settings.STAFF_IDLE_MINUTES = 30
    browser.log_in_as(hoa)
    store = SessionStore(browser.session.cookies["sessionid"])
    assert int(time.time()) - store[LAST_SEEN] < 60  # noted at the login itself

    store[LAST_SEEN] -= 31 * 60
    store.save()

    assert browser.get("/accounts/home/").status_code == 302


def _stored_as_before_the_login_time_was_noted(client, *, logged_in_hours_ago: int) -> None:
    """The session as the portal stored it before: no login time in it, and the
    two-week expiry Django gives by default, counted from its last save."""
    session = client.session
    del session[LOGGED_IN_AT]
    session.save()
    saved_at = timezone.now() - timedelta(hours=logged_in_hours_ago)
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=saved_at + timedelta(weeks=2)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["citizen", "commune_official"])
def test_a_session_stored_with_a_two_week_expiry_ends_at_its_next_request(
    client, person, request, settings
):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    client.force_login(request.getfixturevalue(person), backend=LOGIN)
    _stored_as_before_the_login_time_was_noted(client, logged_in_hours_ago=9)

    response = client.get("/accounts/home/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/home/")
    page = client.get(response["Location"]).content.decode()
    assert "Phiên đăng nhập đã hết hạn: mỗi lần đăng nhập dùng được tối đa 8 giờ" in page
    assert not Session.objects.filter(expire_date__gt=timezone.now() + timedelta(days=1)).exists()
    assert client.get("/accounts/home/").status_code == 302


@pytest.mark.django_db
def test_a_login_kept_busy_past_the_limit_ends_at_its_next_request(
    client, commune_official, settings
):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    client.force_login(commune_official, backend=LOGIN)
    session = client.session
    session[LOGGED_IN_AT] -= 8 * 3600 + 60  # each minute's request saved it, and so extended it
    session.save()

    assert client.get("/workspace/").status_code == 302
    assert client.get("/accounts/home/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["citizen", "commune_official"])
def test_a_login_within_the_limit_goes_on(client, person, request, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    client.force_login(request.getfixturevalue(person), backend=LOGIN)
    assert int(time.time()) - client.session[LOGGED_IN_AT] < 5  # noted at the login
    session = client.session
    session[LOGGED_IN_AT] -= 7 * 3600
    session.save()

    assert client.get("/accounts/home/").status_code == 200
    assert client.get("/accounts/home/").status_code == 200


def _without_last_seen(client, *, logged_in_minutes_ago: int) -> None:
    """A staff session in which no request was noted: begun while the idle
    limit was off, or while the account was a citizen's."""
    session = client.session
    session.pop(LAST_SEEN, None)
    session[LOGGED_IN_AT] = int(time.time()) - logged_in_minutes_ago * 60
    session.save()


@pytest.mark.django_db
def test_an_official_s_session_with_no_request_noted_counts_idle_from_its_login(
    client, commune_official, settings
):
    settings.STAFF_IDLE_MINUTES = 30
    client.force_login(commune_official, backend=LOGIN)
    _without_last_seen(client, logged_in_minutes_ago=2 * 60)

    response = client.get("/workspace/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/workspace/")
    assert client.get("/accounts/home/").status_code == 302


@pytest.mark.django_db
def test_an_official_s_session_with_no_request_noted_starts_noting_them(
    client, commune_official, settings
):
    settings.STAFF_IDLE_MINUTES = 30
    client.force_login(commune_official, backend=LOGIN)
    _without_last_seen(client, logged_in_minutes_ago=10)

    assert client.get("/workspace/").status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN] < 5
    _idle(client, 31 * 60)
    assert client.get("/workspace/").status_code == 302
