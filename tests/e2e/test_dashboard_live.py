"""A leader's dashboard in a real browser: the trend is drawn by the chart
library the portal serves, the table stays for screen readers, a number opens
the records behind it, and without JavaScript the table is what shows."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from portal.dashboards.figures import figures_rebuild
from tests.accounts.factories import LeaderFactory, ProvinceFactory, WardFactory
from tests.dashboards.factories import DAY, two_wards_history

pytestmark = pytest.mark.django_db(transaction=True)

QUERY = f"period=custom&from={DAY.isoformat()}&to={DAY.isoformat()}"


@pytest.fixture
def leader_session(db):
    province = ProvinceFactory()
    hong_bang = WardFactory(code="11311", name="UBND phường Hồng Bàng", parent=province)
    le_chan = WardFactory(code="11383", name="UBND phường Lê Chân", parent=province)
    two_wards_history(hong_bang, le_chan)
    figures_rebuild(day=DAY)
    leader = LeaderFactory(agency=province, full_name="Vũ Thị Lan")
    client = Client()
    client.force_login(leader, backend="portal.accounts.backends.VNeIDSessionBackend")
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _open(page: Page, base_url: str, session: str) -> None:
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
    )
    page.goto(f"{base_url}/dashboards/?{QUERY}")


def test_the_trend_is_drawn_and_a_number_opens_its_records(page: Page, live_server, leader_session):
    _open(page, live_server.url, leader_session)
    expect(page.locator("#trend-chart")).to_be_visible()
    assert page.evaluate("() => Boolean(window.Chart && Chart.getChart('trend-chart'))")
    expect(page.get_by_test_id("trend-table")).to_be_attached()
    expect(page.get_by_test_id("unit-index")).to_contain_text("56,93")

    row = page.get_by_test_id("dossier-figures").locator("tr", has_text="Hồng Bàng")
    row.get_by_role("link", name="2", exact=True).first.click()  # resolved late
    expect(page.get_by_test_id("records").locator("tbody tr")).to_have_count(2)


def test_without_javascript_the_table_shows_and_the_chart_stays_hidden(
    chromium, live_server, leader_session
):
    context = chromium.new_context(locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    try:
        _open(page, live_server.url, leader_session)
        expect(page.get_by_test_id("trend-table")).to_be_visible()
        expect(page.locator("#trend-chart")).to_be_hidden()
    finally:
        context.close()
