"""In a real browser, a live part of a page sent without its valid security
token (its cookie gone, as after a logout and a login elsewhere) is not
silent: an alert at the top of the page says nothing was sent and offers to
reload it, and what was typed stays where it was."""

import re

import pytest
from playwright.sync_api import Page, expect

from dossiers.models import Dossier
from tests.e2e.test_form_autosave_live import form_page  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_refused_token_shows_an_alert_with_a_way_to_reload(page: Page, form_page):  # noqa: F811
    page.context.clear_cookies(name="csrftoken")

    page.locator("#f-reason").press_sequentially("Chuyển nơi ở")

    alert = page.get_by_test_id("csrf-alert")
    expect(alert).to_be_visible()
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text("Trang này đã hết hạn.")
    expect(page.locator("#page-alert")).to_be_in_viewport()
    expect(page.get_by_test_id("autosave-status")).to_contain_text("trang này đã hết hạn")
    expect(page.locator("#f-reason")).to_have_value("Chuyển nơi ở")  # nothing drawn over it

    alert.get_by_role("link", name="Tải lại trang").click()

    expect(page).to_have_url(f"{page.url.split('/dossiers/')[0]}/dossiers/{form_page.pk}/form/")
    expect(page.locator("h1")).to_have_text("Đăng ký thường trú")
    expect(page.get_by_test_id("csrf-alert")).to_have_count(0)
    # What was typed and not sent is put back, and saved this time.
    expect(page.locator("#f-reason")).to_have_value("Chuyển nơi ở")
    expect(page.get_by_test_id("autosave-status")).to_have_text(re.compile(r"^Đã lưu lúc"))
    assert Dossier.objects.get(pk=form_page.pk).form_values["reason"] == "Chuyển nơi ở"


def test_the_refused_token_is_shown_not_logged_as_a_script_error(page: Page, form_page):  # noqa: F811
    logged = []
    page.on("console", lambda message: logged.append(f"{message.type}: {message.text}"))
    page.context.clear_cookies(name="csrftoken")

    page.locator("#f-reason").press_sequentially("Chuyển nơi ở")

    expect(page.get_by_test_id("csrf-alert")).to_be_visible()
    # The browser's own line for a 403 answer is all: the page handled it.
    assert [line for line in logged if "Failed to load resource" not in line] == []
