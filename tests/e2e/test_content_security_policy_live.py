"""In a real browser, under the enforced Content-Security-Policy, the key pages
of each role work and the browser reports nothing: no console message, no
script error, no `securitypolicyviolation` event. What the pages used to do in
inline code (confirming a decision, a refused upload shown in place, the trend
chart, the coverage bars) still happens."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from dossiers.models import DossierStatus
from portal.accounts.models import User
from tests.accounts.factories import CenterStaffFactory, LeaderFactory, OfficialFactory
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.dossiers.test_form_autosave import ADDRESS, FIELDS
from tests.procedures.factories import (
    DossierComponentFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    published_list_with_entries,
)

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
AN = "031090001234"

# Runs in every document before its own scripts; the browser tells the test.
REPORT_VIOLATIONS_JS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"}`
    + ` (${event.sourceFile || location.pathname}:${event.lineNumber})`
  );
});
"""


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


def _log_in_as(page: Page, live_server, client, user) -> None:
    page.context.clear_cookies()
    client.force_login(user, backend=LOGIN)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip


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
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"])  # fmt: skip
    form = FormDefinitionFactory(code="to-khai-cu-tru", fields=FIELDS)
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1, form=form,
                            name="Tờ khai thay đổi thông tin cư trú")  # fmt: skip
    DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha", position=2,
                            name="Hợp đồng thuê nhà")  # fmt: skip
    published_list_with_entries(agency=hong_bang_ward, entries=2)

    # Anyone: the home page, the catalog, a procedure, a list's counter poster.
    for path in ("/", "/procedures/", f"/procedures/{procedure.code}/",
                 f"/procedures/replacement-lists/{hong_bang_ward.code}/poster/"):  # fmt: skip
        _open(page, base + path)
    reports.assert_none("public pages")

    # A citizen logs in through the (mock) VNeID pages and back.
    page.goto(f"{base}/accounts/home/")
    page.locator("form[action^='/accounts/vneid/login/'] button[type=submit]").click()
    expect(page.locator(".vneid-logo")).to_be_visible()
    page.locator(f"label[for='person-{AN}']").click()
    page.locator("button[value=continue]").click()
    page.locator("button[value=allow]").click()
    expect(page.get_by_test_id("personal-id")).to_have_text(AN)
    reports.assert_none("VNeID login")

    # The citizen's e-form, with its live upload panel: a refused file's
    # reason is swapped in next to its field, a good one is listed.
    citizen = User.objects.get(personal_id=AN)
    dossier = DossierFactory(procedure=procedure, form=form, agency=hong_bang_ward,
                             applicant=citizen, preview_confirmed_at=timezone.now())  # fmt: skip
    PrefillSourceFactory(dossier=dossier, found={"permanent_address": ADDRESS})
    _open(page, f"{base}/dossiers/{dossier.pk}/form/")
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("window.samePage = true")
    card = page.locator('[data-component="hop-dong-thue-nha"]')
    card.locator('input[type="file"]').set_input_files(
        files=[{"name": "hop-dong.pdf", "mimeType": "application/pdf",
                "buffer": b"MZ\x90\x00" + bytes(64)}]
    )  # fmt: skip
    card.get_by_role("button").last.click()
    expect(page.get_by_test_id("upload-error")).to_contain_text("hop-dong.pdf")
    assert page.evaluate("window.samePage") is True
    reports.expected("status of 415")
    reports.assert_none("the citizen's e-form and upload panel")

    # An official's queue, filtered in place, and a dossier whose approval asks first.
    official = OfficialFactory(agency=hong_bang_ward, full_name="Lê Thị Hoa")
    in_processing = DossierFactory(
        procedure=procedure, agency=hong_bang_ward, applicant=citizen,
        status=DossierStatus.IN_PROCESSING, code="11311-261124-0001", assigned_to=official,
        submitted_at=timezone.now(), due_date=datetime.date.today() + datetime.timedelta(days=9),
    )  # fmt: skip
    _log_in_as(page, live_server, client, official)
    _open(page, f"{base}/workspace/")
    page.wait_for_function("window.htmx !== undefined")
    with page.expect_response(lambda response: "/workspace/?" in response.url):
        page.locator("select[name=status]").select_option("all")
    expect(page.locator("#queue-results")).to_contain_text("11311-261124-0001")
    _open(page, f"{base}/workspace/{in_processing.pk}/")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.locator("form:has(input[name=action][value=approve]) button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("11311-261124-0001")  # not sent
    assert questions and "Phê duyệt hồ sơ này?" in questions[0]
    reports.assert_none("the official's queue and dossier")

    # The leader's dashboard draws its trend chart.
    _log_in_as(page, live_server, client, LeaderFactory(agency=hai_phong))
    _open(page, f"{base}/dashboards/")
    expect(page.locator("[data-chart]")).to_be_visible()
    reports.assert_none("the leader's dashboard")

    # Service-centre staff: the coverage page's bars are as wide as their share.
    _log_in_as(page, live_server, client, CenterStaffFactory(agency=hai_phong))
    _open(page, f"{base}/staff/catalog/coverage/")
    bar = page.locator(".progress-bar[data-share]").first
    share = bar.get_attribute("data-share")
    assert bar.evaluate("element => element.style.width") == f"{share}%"
    reports.assert_none("the coverage page")


def test_the_payment_platform_checkout_works_under_the_policy(
    page: Page, reports: BrowserReports, live_server, settings
):
    from payments.platform.services import OrderRequest, checkout_url, order_register

    settings.PAYMENT_PLATFORM_URL = f"{live_server.url}/payment-platform"
    settings.PAYMENT_PLATFORM_PUBLIC_URL = ""
    order, _ = order_register(
        merchant_id=django_settings.PAYMENT_MERCHANT_ID,
        request=OrderRequest(order_id="LP-0001", amount=15000, currency="VND",
                             description="Lệ phí đăng ký thường trú", reference="11311-0001",
                             return_url=f"{live_server.url}/", notify_url=f"{live_server.url}/n/"),
    )  # fmt: skip

    _open(page, checkout_url(order))
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
