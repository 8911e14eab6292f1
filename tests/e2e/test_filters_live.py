"""The filters that update a list in place (the public catalog's, the official's
queue): a select moved through with the arrow keys sends one request once the
reader stops, not one per option passed, and the list then shows the choice;
the focus stays on the select. So does the queue's search box while typed in."""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from dossiers.models import DossierStatus
from tests.accounts.factories import OfficialFactory
from tests.dossiers.factories import DossierFactory
from tests.e2e.waiting import wait_until
from tests.e2e.walk import log_in_as
from tests.procedures.factories import ProcedureFactory, SectorFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Longer than the filters' wait (350 ms) and a loaded machine's slack.
QUIET_MS = 1500


def _arrow_down_three_times(page: Page, select: str, path: str) -> list[str]:
    """Press ArrowDown three times quickly on `select` and return the list
    requests sent to `path` until the page has been quiet for a while."""
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url)
            if path in request.url and request.headers.get("hx-request") else None)  # fmt: skip
    wait_until(page, "window.htmx !== undefined")
    page.locator(select).focus()
    with page.expect_response(lambda response: path in response.url):
        for _ in range(3):
            page.keyboard.press("ArrowDown")
    page.wait_for_timeout(QUIET_MS)
    return sent


def test_arrowing_through_the_catalog_s_sectors_sends_one_request_for_the_last(
    page: Page, live_server
):
    # The select lists the sectors in Vietnamese order, after "All sectors".
    for code, name, procedure in (
        ("cu-tru", "Cư trú", "Đăng ký thường trú"), ("dat-dai", "Đất đai", "Đăng ký đất đai"),
        ("ho-tich", "Hộ tịch", "Đăng ký khai sinh"), ("thue", "Thuế", "Đăng ký thuế"),
    ):  # fmt: skip
        ProcedureFactory(name=procedure, sector=SectorFactory(code=code, name=name))
    page.goto(f"{live_server.url}/procedures/")
    expect(page.get_by_test_id("catalog-results")).to_contain_text("Đăng ký thuế")

    sent = _arrow_down_three_times(page, "#id_sector", "/procedures/?")

    assert len(sent) == 1, sent
    assert "sector=ho-tich" in sent[0]
    results = page.get_by_test_id("catalog-results")
    expect(results).to_contain_text("Đăng ký khai sinh")
    expect(results).not_to_contain_text("Đăng ký thường trú")
    expect(results).not_to_contain_text("Đăng ký đất đai")
    expect(page.locator("#id_sector")).to_be_focused()


def test_back_from_a_procedure_finds_the_catalog_page_as_it_was_filtered(page: Page, live_server):
    for code, name, procedure in (
        ("ho-tich", "Hộ tịch", "Đăng ký khai sinh"), ("thue", "Thuế", "Đăng ký thuế"),
    ):  # fmt: skip
        ProcedureFactory(name=procedure, sector=SectorFactory(code=code, name=name))
    page.goto(f"{live_server.url}/procedures/")
    wait_until(page, "window.htmx !== undefined")
    with page.expect_response(lambda response: "/procedures/?" in response.url):
        page.locator("#id_sector").select_option("thue")
    expect(page.get_by_test_id("catalog-results")).not_to_contain_text("Đăng ký khai sinh")
    shown = page.url

    page.get_by_role("link", name="Đăng ký thuế").click()
    expect(page).not_to_have_url(shown)
    page.go_back()

    # The page whole, not the list the browser kept for the filter under that address.
    expect(page).to_have_url(shown)
    expect(page.locator("h1")).to_have_text("Thủ tục hành chính")
    expect(page.get_by_test_id("catalog-results")).to_contain_text("Đăng ký thuế")
    expect(page.get_by_test_id("catalog-results")).not_to_contain_text("Đăng ký khai sinh")


def test_arrowing_through_the_queue_s_statuses_sends_one_request_for_the_last(
    page: Page, live_server, client, hong_bang_ward
):
    official = OfficialFactory(agency=hong_bang_ward)
    procedure = ProcedureFactory(agency_kinds=["commune_committee"])
    for number, status in ((1, DossierStatus.SUBMITTED), (2, DossierStatus.RECEIVED),
                           (3, DossierStatus.IN_PROCESSING)):  # fmt: skip
        DossierFactory(procedure=procedure, agency=hong_bang_ward, status=status,
                       code=f"11311-261124-{number:04d}", submitted_at=timezone.now(),
                       due_date=datetime.date.today() + datetime.timedelta(days=5))  # fmt: skip
    log_in_as(page, live_server, client, official)
    page.goto(f"{live_server.url}/workspace/")
    expect(page.locator("#queue-results")).to_contain_text("11311-261124-0001")

    # From "Still to handle": all statuses, newly submitted, then received.
    sent = _arrow_down_three_times(page, "select[name=status]", "/workspace/?")

    assert len(sent) == 1, sent
    assert f"status={DossierStatus.RECEIVED}" in sent[0]
    results = page.locator("#queue-results")
    expect(results).to_contain_text("11311-261124-0002")
    expect(results).not_to_contain_text("11311-261124-0001")
    expect(results).not_to_contain_text("11311-261124-0003")
    expect(page.locator("select[name=status]")).to_be_focused()


def test_typing_in_the_queue_s_search_box_updates_the_list_once_and_keeps_the_focus(
    page: Page, live_server, client, hong_bang_ward
):
    official = OfficialFactory(agency=hong_bang_ward)
    procedure = ProcedureFactory(agency_kinds=["commune_committee"])
    for number, name in ((1, "Nguyễn Văn An"), (2, "Trần Thị Bình")):
        DossierFactory(procedure=procedure, agency=hong_bang_ward, applicant__full_name=name,
                       status=DossierStatus.SUBMITTED, code=f"11311-261124-{number:04d}",
                       submitted_at=timezone.now(),
                       due_date=datetime.date.today() + datetime.timedelta(days=5))  # fmt: skip
    log_in_as(page, live_server, client, official)
    page.goto(f"{live_server.url}/workspace/")
    expect(page.locator("#queue-results")).to_contain_text("11311-261124-0001")
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url)
            if "/workspace/?" in request.url and request.headers.get("hx-request")
            else None)  # fmt: skip
    wait_until(page, "window.htmx !== undefined")

    box = page.get_by_label("Tìm theo mã hồ sơ, số định danh hoặc tên người nộp")
    box.focus()
    with page.expect_response(lambda response: "/workspace/?" in response.url):
        page.keyboard.type("tran thi", delay=60)  # quicker than the box's wait (400 ms)
    page.wait_for_timeout(QUIET_MS)

    assert len(sent) == 1, sent
    assert parse_qs(urlsplit(sent[0]).query)["q"] == ["tran thi"]
    results = page.locator("#queue-results")
    expect(results).to_contain_text("11311-261124-0002")
    expect(results).not_to_contain_text("11311-261124-0001")
    expect(box).to_be_focused()
    expect(box).to_have_value("tran thi")


def _two_applicants_queue(page: Page, live_server, client, agency):
    official = OfficialFactory(agency=agency)
    procedure = ProcedureFactory(agency_kinds=["commune_committee"])
    for number, name in ((1, "Nguyễn Văn An"), (2, "Trần Thị Bình")):
        DossierFactory(procedure=procedure, agency=agency, applicant__full_name=name,
                       status=DossierStatus.SUBMITTED, code=f"11311-261124-{number:04d}",
                       submitted_at=timezone.now(),
                       due_date=datetime.date.today() + datetime.timedelta(days=5))  # fmt: skip
    log_in_as(page, live_server, client, official)
    page.goto(f"{live_server.url}/workspace/")
    wait_until(page, "window.htmx !== undefined")
    box = page.get_by_label("Tìm theo mã hồ sơ, số định danh hoặc tên người nộp")
    with page.expect_response(lambda response: "/workspace/?" in response.url):
        box.fill("tran thi")
    expect(page.locator("#queue-results")).not_to_contain_text("11311-261124-0001")
    return box


def test_the_queue_s_search_is_in_the_address_and_comes_back_with_it(
    page: Page, live_server, client, hong_bang_ward
):
    box = _two_applicants_queue(page, live_server, client, hong_bang_ward)

    # The address says what the list shows: it can be shared, reloaded or gone back to.
    expect(page).to_have_url(re.compile(r"/workspace/\?q=tran(\+|%20)thi"))
    shown = page.url
    page.get_by_role("link", name="11311-261124-0002").click()
    expect(page).to_have_url(re.compile(r"/workspace/\d+/"))
    page.go_back()
    expect(page).to_have_url(shown)
    expect(page.locator("h1")).to_have_text("Hồ sơ cần xử lý")  # the page, not the list alone
    expect(page.locator("#queue-results")).to_contain_text("11311-261124-0002")
    expect(page.locator("#queue-results")).not_to_contain_text("11311-261124-0001")
    expect(box).to_have_value("tran thi")
    page.reload()
    expect(page.locator("h1")).to_have_text("Hồ sơ cần xử lý")
    expect(page.locator("#queue-results")).not_to_contain_text("11311-261124-0001")
    expect(box).to_have_value("tran thi")


def test_going_back_past_a_search_htmx_no_longer_holds_draws_the_whole_queue(
    page: Page, live_server, client, hong_bang_ward
):
    _two_applicants_queue(page, live_server, client, hong_bang_ward)

    # htmx keeps a few pages' snapshots; past them it asks the server for the page.
    page.evaluate("sessionStorage.removeItem('htmx-history-cache')")
    page.go_back()

    expect(page).to_have_url(f"{live_server.url}/workspace/")
    expect(page.locator("h1")).to_have_text("Hồ sơ cần xử lý")
    expect(page.locator("#queue-results")).to_contain_text("11311-261124-0001")
    expect(page.locator("#queue-results")).to_contain_text("11311-261124-0002")
