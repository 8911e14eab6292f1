"""In a real browser, a field of the e-form asked only when another holds a
value (the intended spouse, on a marital status certificate asked to marry) is
hidden until that value is chosen, then shown and required; chosen otherwise,
it is hidden again and no longer required."""

import pytest
from playwright.sync_api import Page, expect

from tests.dossiers.test_marital_status_certificate import (
    NOW,
    SPOUSE_FIELDS,
    _dossier,
    procedure,  # noqa: F401 (fixture)
)
from tests.e2e.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


def test_the_spouse_is_asked_once_marrying_is_chosen(
    page: Page,
    live_server,
    client,
    citizen,
    hong_bang_ward,
    procedure,  # noqa: F811
):
    dossier = _dossier(procedure, citizen, hong_bang_ward, marital_status="single",
                       values={}, preview_confirmed_at=NOW)  # fmt: skip
    client.force_login(citizen, backend=LOGIN)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/form/")
    spouse = page.locator("#f-intended_spouse_full_name")
    detail = page.locator("#f-purpose_detail")

    expect(spouse).to_be_hidden()
    expect(detail).to_be_hidden()

    page.locator("#f-purpose").select_option("Kết hôn")
    for name in SPOUSE_FIELDS:
        expect(page.locator(f"#f-{name}")).to_be_visible()
    wait_until(page, "document.getElementById('f-intended_spouse_full_name').required")
    expect(detail).to_be_hidden()

    page.locator("#f-purpose").select_option("Mục đích khác")
    expect(spouse).to_be_hidden()
    assert not page.evaluate("document.getElementById('f-intended_spouse_full_name').required")
    expect(detail).to_be_visible()
    wait_until(page, "document.getElementById('f-purpose_detail').required")
