"""In a real browser, under the enforced Content-Security-Policy, the pages of
each role (tests/e2e/walk.py, which the contrast and focus check walks too)
work and the browser reports nothing: no console message, no script error,
no `securitypolicyviolation` event. What the pages used to do in inline code
(confirming a decision, a refused upload shown in place, the trend chart, the
coverage bars) still happens, and swapping a live part of a page in writes no style
attribute, even over fields a browser's autofill or an extension styled."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.waiting import wait_until
from tests.e2e.walk import WALK, checkout_url, log_in_as, vneid_log_in, walk_world

pytestmark = pytest.mark.django_db(transaction=True)

# Runs in every document before its own scripts; the browser tells the test.
REPORT_VIOLATIONS_JS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"}`
    + ` (${event.sourceFile || location.pathname}:${event.lineNumber})`
  );
});
"""

# What a browser's autofill or an extension may leave on the fields: a style
# attribute (written through the CSSOM, which the policy allows). A live part of
# the page swapped in must not copy it onto the new fields: the policy refuses it.
LEAVE_STYLE_ATTRIBUTES_JS = """selector => document.querySelectorAll(selector).forEach(element => {
  element.style.setProperty("outline-color", "inherit");
  element.style.removeProperty("outline-color");
})"""


class BrowserReports:
    """Everything the browser reported while the pages were walked."""

    def __init__(self, page: Page) -> None:
        self.reports: list[str] = []
        page.on("console", lambda message: self.reports.append(
            f"console {message.type} on {page.url}: {message.text}"))  # fmt: skip
        page.on("pageerror", lambda error: self.reports.append(f"error on {page.url}: {error}"))
        page.expose_function("reportViolation", lambda text: self.reports.append(
            f"violation on {page.url}: {text}"))  # fmt: skip
        page.add_init_script(REPORT_VIOLATIONS_JS)

    def expected(self, text: str) -> None:
        """A report the test caused on purpose (the browser logs a refused request)."""
        found = [report for report in self.reports if text in report]
        assert found, f"expected a report of {text!r}, got {self.reports}"
        self.reports.remove(found[0])

    def assert_none(self, where: str) -> None:
        assert not self.reports, f"{where}:\n  " + "\n  ".join(self.reports)


@pytest.fixture
def reports(page: Page) -> BrowserReports:
    return BrowserReports(page)


def _open(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response and response.status == 200, f"{url}: {response and response.status}"
    assert "'self'" in response.headers.get("content-security-policy", ""), url
    page.wait_for_load_state("load")


def test_the_pages_of_every_role_work_under_the_policy_and_report_nothing(
    page: Page, reports: BrowserReports, live_server, client, settings, tmp_path,
    hai_phong, hong_bang_ward,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    world = walk_world(hai_phong=hai_phong, ward=hong_bang_ward)

    # Each role's pages (the citizen logs in through the mock VNeID pages first).
    for walker, (who, paths) in WALK.items():
        if who == "citizen":
            vneid_log_in(page, base, lambda where: None)
        elif who:
            log_in_as(page, live_server, client, world[who])
        else:
            page.context.clear_cookies()
        for path in paths:
            _open(page, base + path.format(**world))
        reports.assert_none(walker)

    # The citizen's e-form, with its live upload panel: a refused file's
    # reason is swapped in next to its field, a good one is listed.
    log_in_as(page, live_server, client, world["citizen"])
    _open(page, f"{base}/dossiers/{world['draft']}/form/")
    wait_until(page, "window.htmx !== undefined")
    page.evaluate("window.samePage = true")
    page.evaluate(LEAVE_STYLE_ATTRIBUTES_JS, "#dossier-form [id], #components-panel [id]")
    assert page.locator('#components-panel input[type="file"][style]').count()
    card = page.locator('[data-component="hop-dong-thue-nha"]')
    card.locator('input[type="file"]').set_input_files(
        files=[{"name": "hop-dong.pdf", "mimeType": "application/pdf",
                "buffer": b"MZ\x90\x00" + bytes(64)}]
    )  # fmt: skip
    card.get_by_role("button").last.click()
    expect(page.get_by_test_id("upload-error")).to_contain_text("hop-dong.pdf")
    assert page.evaluate("window.samePage") is True
    reports.expected("status of 415")
    # Typing saves by itself; a refused value's reason is swapped in next to its field.
    with page.expect_response(lambda response: response.url.endswith("/form/autosave/")):
        page.locator("#f-phone").fill("12ab")
    expect(page.locator("#f-phone")).to_have_attribute("aria-invalid", "true")
    reports.expected("status of 400")
    reports.assert_none("the citizen's e-form and upload panel")

    # An official's queue, filtered in place; a dossier whose signature asks first.
    log_in_as(page, live_server, client, world["official"])
    _open(page, f"{base}/workspace/")
    wait_until(page, "window.htmx !== undefined")
    page.evaluate(LEAVE_STYLE_ATTRIBUTES_JS, "main [id]")
    with page.expect_response(lambda response: "/workspace/?" in response.url):
        page.locator("select[name=status]").select_option("all")
    expect(page.locator("#queue-results")).to_contain_text("11311-261124-0001")
    _open(page, f"{base}/workspace/{world['in_processing']}/")
    reports.assert_none("the official's queue and dossier")
    log_in_as(page, live_server, client, world["ward_leader"])
    _open(page, f"{base}/workspace/{world['awaiting_signature']}/")
    page.evaluate(LEAVE_STYLE_ATTRIBUTES_JS, "main [id]")
    page.locator("form:has(input[name=action][value=approve]) button[type=submit]").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("Ký duyệt hồ sơ này?")
    dialog.locator("[data-dialog-cancel]").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("h1")).to_contain_text("11311-261124-0005")  # not sent
    reports.assert_none("the ward leader's dossier awaiting signature")

    # The leader's dashboard draws its trend chart.
    log_in_as(page, live_server, client, world["leader"])
    _open(page, f"{base}/dashboards/")
    expect(page.locator("[data-chart]")).to_be_visible()
    reports.assert_none("the leader's dashboard")

    # Service-centre staff: the coverage page's bars are as wide as their share.
    log_in_as(page, live_server, client, world["staff"])
    _open(page, f"{base}/staff/catalog/coverage/")
    bar = page.locator(".progress-bar[data-share]").first
    share = bar.get_attribute("data-share")
    assert bar.evaluate("element => element.style.width") == f"{share}%"
    reports.assert_none("the coverage page")


def test_the_payment_platform_checkout_works_under_the_policy(
    page: Page, reports: BrowserReports, live_server, settings
):
    _open(page, checkout_url(live_server, settings))
    expect(page.locator(".paygov-logo")).to_be_visible()
    assert page.locator("main").evaluate("e => getComputedStyle(e).maxWidth") == "672px"
    page.locator("button[value=cancel]").click()
    page.wait_for_url(f"{live_server.url}/**")

    reports.assert_none("the payment platform")


def test_the_api_documentation_draws_its_operations_under_the_policy(
    page: Page, reports: BrowserReports, live_server
):
    # Swagger UI, its styles and its start-up script all come from the portal.
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    _open(page, f"{live_server.url}/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator("body").evaluate("e => getComputedStyle(e).margin") == "0px"

    # Trying an operation calls the API and shows its answer, highlighted.
    operation = page.locator("#operations-procedures-procedures_list")
    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    with page.expect_response(
        lambda response: response.url.split("?")[0].endswith("/api/procedures/")
    ):
        operation.get_by_role("button", name="Execute").click()
    answer = operation.locator(".live-responses-table tbody .response-col_status")
    expect(answer).to_have_text("200")
    expect(operation.locator(".live-responses-table .highlight-code").first).to_be_visible()

    assert all(url.startswith(live_server.url) for url in requested), requested
    reports.assert_none("the API documentation")


def test_inline_code_a_page_did_not_send_is_refused_and_reported(
    page: Page, reports: BrowserReports, live_server
):
    _open(page, f"{live_server.url}/")
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true";
      document.body.append(script);
    }""")

    page.wait_for_timeout(200)
    assert page.evaluate("window.injected") is None
    assert any("script-src" in report for report in reports.reports), reports.reports
