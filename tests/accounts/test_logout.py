"""A logout, by the header's button or by the logout page itself, leaves a
sign in the session that each page shows while the user stays logged out:
the browser tab then forgets the typing a form kept in it. A session that
ended by itself (not a logout) leaves none, so that logging in again puts
that typing back; logging in again drops the sign."""

from __future__ import annotations

import pytest

from portal.accounts.adapters import LOGGED_OUT
from portal.accounts.models import Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

AN = "031090001234"  # Nguyễn Văn An, a citizen among the demo persons
SIGN = "data-logged-out"


def _body(html: str) -> str:
    return html.split("<body", 1)[1].split(">", 1)[0]


def test_the_pages_after_a_logout_say_so_until_the_next_login(browser, live_server):
    browser.log_in_as(AN)
    page = browser.get("/accounts/logout/")  # the logout page's own form
    assert page.status_code == 200 and SIGN not in _body(page.text)

    logout = browser.post("/accounts/logout/", {})
    after = browser.follow(logout)

    assert logout.status_code == 302 and after.url == f"{live_server.url}/"
    assert after.status_code == 200 and SIGN in _body(after.text)
    assert SIGN in _body(browser.get("/procedures/replacement-lists/").text)  # every page

    browser.log_in_as(AN)

    home = browser.get("/accounts/home/")
    assert home.status_code == 200 and SIGN not in _body(home.text)
    browser.session.cookies.clear()  # the session ends by itself: no sign
    assert SIGN not in _body(browser.get("/").text)


def test_a_session_that_ended_by_itself_leaves_no_sign(client, citizen):
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    client.cookies.clear()  # expired: the browser no longer sends it

    page = client.get("/")

    assert page.status_code == 200 and SIGN not in _body(page.content.decode())
    assert LOGGED_OUT not in client.session


@pytest.mark.django_db
def test_the_administration_s_logout_leaves_the_same_sign(client):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin, backend="portal.accounts.backends.AdministratorPasswordBackend")
    admin_page = client.get("/admin/").content.decode()
    assert 'action="/admin/logout/"' in admin_page  # the administration's own button

    logout = client.post("/admin/logout/")
    after = client.get(logout.url)

    assert logout.status_code == 302 and after.status_code == 200
    assert SIGN in _body(after.content.decode())
    assert client.get("/admin/").status_code == 302  # logged out indeed
