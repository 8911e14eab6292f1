"""A citizen and an official log in through the mock VNeID in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from portal.accounts.models import Agency, AgencyKind, Role, User

pytestmark = pytest.mark.django_db(transaction=True)

AN = "031090001234"
HOA = "031188002468"


def _log_in_through_vneid(page: Page, base_url: str, personal_id: str) -> None:
    page.goto(f"{base_url}/accounts/home/")  # a private page sends the visitor to log in
    page.locator("form[action^='/accounts/vneid/login/'] button[type=submit]").click()
    expect(page.locator(".vneid-logo")).to_be_visible()
    page.locator(f"label[for='person-{personal_id}']").click()
    page.locator("button[value=continue]").click()
    page.locator("button[value=allow]").click()


def test_citizen_logs_in_through_vneid_and_sees_their_identity(page: Page, live_server):
    _log_in_through_vneid(page, live_server.url, AN)

    expect(page.get_by_test_id("personal-id")).to_have_text(AN)
    expect(page.get_by_test_id("current-user")).to_contain_text("Nguyễn Văn An")
    assert User.objects.get(personal_id=AN).role == Role.CITIZEN


def test_official_logs_in_through_vneid_and_lands_in_their_unit(page: Page, live_server):
    province = Agency.objects.create(
        code="31",
        name="UBND thành phố Hải Phòng",
        kind=AgencyKind.PROVINCE_COMMITTEE,
        province_code=31,
    )
    ward = Agency.objects.create(
        code="11311",
        name="UBND phường Hồng Bàng",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        parent=province,
        province_code=31,
        ward_code=11311,
    )
    Agency.objects.create(
        code="11383",
        name="UBND phường Lê Chân",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        parent=province,
        province_code=31,
        ward_code=11383,
    )
    User.objects.create(username=HOA, personal_id=HOA, role=Role.OFFICIAL, agency=ward)

    _log_in_through_vneid(page, live_server.url, HOA)

    expect(page.get_by_test_id("staff-agency")).to_contain_text("UBND phường Hồng Bàng")
    expect(page.get_by_test_id("visible-units")).not_to_contain_text("Lê Chân")


def test_cancelling_at_vneid_returns_to_the_portal_with_a_message(page: Page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("form[action^='/accounts/vneid/login/'] button[type=submit]").click()
    page.locator("button[value=cancel]").click()

    expect(page.locator("main [role=status]")).to_contain_text("VNeID")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert not User.objects.filter(personal_id=AN).exists()
