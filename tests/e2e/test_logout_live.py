"""In a real browser, the typing a form kept in the tab (not yet saved) is
forgotten at a logout made on the logout page itself, not only by the
header's button; a session that ended by itself forgets nothing, so that
logging in again puts it back."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_form_autosave_live import _kept, form_page  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_logout_page_forgets_the_typing_kept_in_the_tab(page: Page, form_page, live_server):  # noqa: F811
    page.locator("#f-phone").press_sequentially("12ab")  # refused: not saved, so kept
    expect(page.locator("#f-phone")).to_have_attribute("aria-invalid", "true")
    assert _kept(page, form_page) == {"phone": "12ab"}

    page.goto(f"{live_server.url}/accounts/logout/")
    page.locator("main").get_by_role("button").click()

    expect(page).to_have_url(f"{live_server.url}/")
    page.wait_for_load_state()
    assert _kept(page, form_page) is None


def test_a_session_that_ended_by_itself_forgets_nothing(page: Page, form_page, live_server):  # noqa: F811
    page.context.clear_cookies(name="sessionid")  # the session ended
    page.locator("#f-reason").press_sequentially("Chuyển nơi ở")
    expect(page.get_by_test_id("autosave-status")).to_contain_text("Phiên đăng nhập đã hết")

    page.goto(f"{live_server.url}/")  # another page, logged out but by no logout
    expect(page.locator("h1")).to_have_count(1)
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    assert _kept(page, form_page) == {"reason": "Chuyển nơi ở"}
