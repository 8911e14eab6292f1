"""On a phone (390 px wide) in a real browser: a long locked value is read
whole on the form, and "My dossiers" shows what to do (pay the fee) without
scrolling sideways; on a desktop the list stays a table. The poster, the
payment checkout (a bank chosen anywhere in its box), the transparency page
and the dashboard's chart (its legend on two lines) fit the screen too."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from dossiers.models import DossierStatus
from tests.core import test_query_counts as listed
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.e2e.waiting import wait_until
from tests.e2e.walk import checkout_url
from tests.procedures.factories import FormDefinitionFactory, eform_fields

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng, tổ dân phố số 3"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def signed_in_page(page: Page, live_server, client, citizen) -> Page:
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip
    return page


def _fits_the_screen(page: Page, locator, width: int = PHONE["width"]) -> None:
    box = locator.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_long_locked_value_is_read_whole_on_a_phone(
    signed_in_page: Page, live_server, citizen, hong_bang_ward
):
    page = signed_in_page
    dossier = DossierFactory(
        applicant=citizen, agency=hong_bang_ward,
        form=FormDefinitionFactory(fields=eform_fields("permanent_address", "phone")),
        preview_confirmed_at=timezone.now(),
    )  # fmt: skip
    PrefillSourceFactory(dossier=dossier, found={"permanent_address": ADDRESS})
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/form/")

    shown = page.get_by_role("textbox", name="Nơi thường trú")
    expect(shown).to_have_text(ADDRESS)
    _fits_the_screen(page, shown)
    # Wrapped over lines, nothing cut off or hidden behind an ellipsis.
    assert shown.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight")
    assert shown.bounding_box()["height"] > 2 * shown.evaluate(
        "e => parseFloat(getComputedStyle(e).lineHeight)"
    )


def test_my_dossiers_shows_the_fee_to_pay_on_a_phone_and_a_table_on_a_desktop(
    signed_in_page: Page, live_server, citizen, hong_bang_ward
):
    page = signed_in_page
    DossierFactory(
        applicant=citizen, agency=hong_bang_ward, status=DossierStatus.FINANCIAL_OBLIGATION,
        fee_vnd=10_000, code="11311-261125-0002", submitted_at=timezone.now(),
    )  # fmt: skip
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/dossiers/")

    pay = page.get_by_role("link", name="Nộp phí, lệ phí")
    expect(pay).to_be_in_viewport()
    _fits_the_screen(page, pay)

    page.set_viewport_size({"width": 1366, "height": 900})
    expect(page.get_by_role("columnheader", name="Việc bạn cần làm")).to_be_visible()
    expect(page.get_by_role("table", name="Hồ sơ của tôi")).to_be_visible()


def test_the_counter_poster_fits_a_phone_and_still_prints_on_one_a4_sheet(
    page: Page, live_server, hong_bang_ward
):
    from tests.procedures.factories import published_list_with_entries

    published_list_with_entries(agency=hong_bang_ward, entries=6)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/procedures/replacement-lists/{hong_bang_ward.code}/poster/")

    _fits_the_screen(page, page.locator("main.sheet"))
    _fits_the_screen(page, page.get_by_test_id("poster-papers"))
    # Its Print button opens the browser's printing.
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="In", exact=True).click()
    assert page.evaluate("() => window.printed") == 1
    # On paper the sheet is laid out as before: the phone rule is for screens only.
    page.emulate_media(media="print")
    assert page.locator("main.sheet").evaluate("e => getComputedStyle(e).paddingTop") == "0px"


def test_the_payment_checkout_lines_up_on_a_phone_each_radio_inside_its_box(
    page: Page, live_server, settings
):
    page.set_viewport_size(PHONE)

    page.goto(checkout_url(live_server, settings, order_id="LP-0002"))

    order_box = page.get_by_test_id("order")
    _fits_the_screen(page, order_box)
    # The order's box starts where the heading does, not past the page's margin.
    assert order_box.bounding_box()["x"] == page.locator("h1").bounding_box()["x"]
    for method in page.locator(".paygov-method").all():
        box, radio = method.bounding_box(), method.locator("input").bounding_box()
        assert box["x"] < radio["x"] and radio["x"] + radio["width"] < box["x"] + box["width"]


def test_a_bank_is_chosen_by_a_tap_anywhere_in_its_box_or_from_the_keyboard(
    page: Page, live_server, settings
):
    page.set_viewport_size(PHONE)
    page.goto(checkout_url(live_server, settings, order_id="LP-0003"))
    first, second = page.locator(".paygov-method").all()[:2]

    # The box's far corner, away from its radio and its name.
    page.mouse.click(*_corner(second))
    expect(second.locator("input")).to_be_checked()

    page.mouse.click(*_corner(first))
    expect(first.locator("input")).to_be_checked()
    page.keyboard.press("ArrowRight")
    expect(second.locator("input")).to_be_checked()
    expect(second.locator("input")).to_be_focused()


def _corner(method) -> tuple[float, float]:
    # The mouse clicks where the screen shows the box: bring it into view first.
    method.scroll_into_view_if_needed()
    box = method.bounding_box()
    return box["x"] + box["width"] - 4, box["y"] + box["height"] - 4


# Each text in a figure cell that holds a digit, as the lines it is laid out on.
FIGURE_LINES = """table => [...table.querySelectorAll("tbody td")].flatMap(cell => {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/\\d/.test(node.data)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
    texts.push({text: node.data.trim(), lines: tops.size});
  }
  return texts;
})"""


def test_the_transparency_page_reads_on_a_phone_each_figure_on_one_line(
    page: Page, live_server, hong_bang_ward, le_chan_ward
):
    from portal.dashboards.figures import figures_rebuild
    from tests.dashboards.factories import DAY, two_wards_history

    two_wards_history(hong_bang_ward, le_chan_ward)
    figures_rebuild(day=DAY)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/transparency/?period=custom&from={DAY}&to={DAY}")

    table = page.get_by_test_id("public-figures")
    expect(table.get_by_text("UBND phường Lê Chân")).to_be_visible()
    figures = table.evaluate(FIGURE_LINES)
    assert any(figure["text"].endswith("%") for figure in figures)
    wrapped = [figure["text"] for figure in figures if figure["lines"] > 1]
    assert wrapped == []
    # Every figure in view without scrolling sideways, the table's or the page's.
    _fits_the_screen(page, table)
    # The caption runs across the cards, not down a narrow column beside them.
    caption = table.locator("caption").bounding_box()
    assert caption["width"] >= 0.9 * table.bounding_box()["width"]


# Each column header in sight, as the lines its name is laid out on.
HEADER_LINES = """table => [...table.tHead.rows[0].cells].map(cell => {
  const style = getComputedStyle(cell);
  const inner = cell.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  return {text: cell.textContent.trim(), lines: Math.round(inner / parseFloat(style.lineHeight)),
          shown: style.position !== "absolute"};
})"""
TABLET_UPRIGHT = {"width": 820, "height": 1180}
TABLET_LANDSCAPE = {"width": 1024, "height": 768}


@pytest.fixture
def transparency_url(live_server, hong_bang_ward, le_chan_ward) -> str:
    from portal.dashboards.figures import figures_rebuild
    from tests.dashboards.factories import DAY, two_wards_history

    two_wards_history(hong_bang_ward, le_chan_ward)
    figures_rebuild(day=DAY)
    return f"{live_server.url}/transparency/?period=custom&from={DAY}&to={DAY}"


def test_the_transparency_page_reads_on_a_tablet_held_upright_without_tall_headers(
    page: Page, transparency_url
):
    page.set_viewport_size(TABLET_UPRIGHT)

    page.goto(transparency_url)

    table = page.get_by_test_id("public-figures")
    expect(table.get_by_text("UBND phường Lê Chân")).to_be_visible()
    # One card per unit (the headers out of sight, each figure beside its name), or a
    # table whose headers take at most three lines: not nine columns of five-line names.
    headers = table.evaluate(HEADER_LINES)
    tall = [h["text"] for h in headers if h["shown"] and h["lines"] > 3]
    assert tall == []
    expect(table.locator("tbody td").first.get_by_text("Hồ sơ tiếp nhận")).to_be_visible()
    wrapped = [figure["text"] for figure in table.evaluate(FIGURE_LINES) if figure["lines"] > 1]
    assert wrapped == []
    _fits_the_screen(page, table, width=TABLET_UPRIGHT["width"])


@pytest.mark.parametrize("width", [768, 820])
def test_the_transparency_page_s_cards_stand_two_abreast_on_a_tablet_held_upright(
    page: Page, transparency_url, width
):
    page.set_viewport_size({"width": width, "height": 1024})

    page.goto(transparency_url)

    table = page.get_by_test_id("public-figures")
    expect(table.get_by_text("UBND phường Lê Chân")).to_be_visible()
    cards = [row.bounding_box() for row in table.locator("tbody tr").all()]
    # Not one card as wide as the screen per unit, its figures far from their names.
    assert len({round(card["y"]) for card in cards[:2]}) == 1, cards
    assert all(card["width"] < 0.55 * table.bounding_box()["width"] for card in cards), cards
    _fits_the_screen(page, table, width=width)


def test_the_transparency_page_stays_a_table_on_a_tablet_held_sideways(
    page: Page, transparency_url
):
    page.set_viewport_size(TABLET_LANDSCAPE)

    page.goto(transparency_url)

    table = page.get_by_test_id("public-figures")
    expect(table.get_by_role("columnheader", name="Hồ sơ tiếp nhận")).to_be_visible()
    headers = table.evaluate(HEADER_LINES)
    assert all(h["shown"] for h in headers)
    assert [h["text"] for h in headers if h["lines"] > 3] == []
    # (a card's label, out of sight here, is laid out on no line at all)
    wrapped = [figure["text"] for figure in table.evaluate(FIGURE_LINES) if figure["lines"] > 1]
    assert wrapped == []
    _fits_the_screen(page, table, width=TABLET_LANDSCAPE["width"])


def test_the_province_total_s_card_is_shaded_whole_on_a_phone(page: Page, transparency_url):
    page.set_viewport_size(PHONE)

    page.goto(transparency_url)

    total = page.get_by_test_id("public-figures").locator("tbody tr", has_text="(tổng)")
    # The shade fills the card up to its border; its lines are not a grey box inside it.
    assert total.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(248, 249, 250)"
    cells = total.locator("th, td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c).backgroundColor)"
    )
    assert set(cells) == {"rgba(0, 0, 0, 0)"}


def test_the_dashboard_chart_s_legend_is_compact_on_a_phone(page: Page, live_server, client):
    from django.conf import settings as django_settings

    from portal.dashboards.figures import figures_rebuild
    from tests.accounts.factories import LeaderFactory, ProvinceFactory, WardFactory
    from tests.dashboards.factories import DAY, two_wards_history

    province = ProvinceFactory()
    two_wards_history(WardFactory(code="11311", parent=province),
                      WardFactory(code="11383", parent=province))  # fmt: skip
    figures_rebuild(day=DAY)
    client.force_login(LeaderFactory(agency=province),
                       backend="portal.accounts.backends.VNeIDSessionBackend")  # fmt: skip
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session,
                               "url": live_server.url}])  # fmt: skip
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/dashboards/?period=custom&from={DAY}&to={DAY}")

    chart = page.locator("#trend-chart")
    expect(chart).to_be_visible()
    wait_until(page, "Chart.getChart('trend-chart') !== undefined")
    legend = chart.evaluate("""canvas => {
      const {legend, chartArea} = Chart.getChart(canvas);
      return {lines: legend.lineWidths.length, height: legend.height,
              chart: chartArea.bottom - chartArea.top};
    }""")
    # Five series named on at most two lines, leaving the chart most of its height.
    assert legend["lines"] <= 2, legend
    assert legend["height"] < legend["chart"] / 3, legend


def test_the_document_store_shows_each_document_as_a_card_on_a_phone(
    signed_in_page: Page, live_server, citizen, hong_bang_ward, commune_official
):
    from django.core.files.base import ContentFile

    from dossiers.models import ResultDocument

    page = signed_in_page
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward, code="11311-261207-0001",
                             status=DossierStatus.RESULT_RETURNED)  # fmt: skip
    ResultDocument.objects.create(
        dossier=dossier, subject_personal_id=citizen.personal_id, issued_by=commune_official,
        title="Thông báo kết quả giải quyết thủ tục đăng ký thường trú (Mẫu CT08)",
        file=ContentFile(b"%PDF-1.4", name="result.pdf"), sha256="0" * 64,
        returned_at=timezone.now(),
    )  # fmt: skip
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/dossiers/documents-store/")

    download = page.get_by_role("link", name="Tải về (PDF)")
    expect(download).to_be_visible()
    _fits_the_screen(page, download)
    _fits_the_screen(page, page.get_by_test_id("result-store"))


# Each staff role's lists, rows in each: the people of the lists' query counts
# (tests/core/test_query_counts.py) and its builders of rows.
w = listed.w
STAFF_LISTS = {
    "official": ("/workspace/", "/workspace/complaints/", "/data/corrections/"),
    "leader": (
        "/dashboards/?period=month", "/dashboards/records/dossiers_open_overdue/",
        "/dashboards/records/dossiers_received/?period=month",
        "/dashboards/breakdowns/complaints_open/?key=reprovide_data&period=month",
        "/dashboards/reports/", "/workspace/complaints/violations/",
    ),
    "center_staff": (
        "/staff/catalog/", "/staff/catalog/lists/{staff_list}/", "/staff/catalog/coverage/",
        "/workspace/complaints/", "/workspace/complaints/rules/",
    ),
    "data_owner": ("/data/corrections/", "/dashboards/reports/"),
}  # fmt: skip
# What scrolls sideways in the page: the page itself, or a box inside it.
SIDEWAYS = """() => [document.scrollingElement, ...document.querySelectorAll("main *")]
  .filter(e => e === document.scrollingElement ? e.scrollWidth > innerWidth
    : e.scrollWidth > e.clientWidth + 1
      && ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
  .map(e => e === document.scrollingElement ? "the page" : e.tagName + "." + e.className)"""
# Each table of the page, as the height its header row takes and the rows it shows.
TABLES = """() => [...document.querySelectorAll("main table")].map(table => ({
  testid: table.dataset.testid || table.caption?.textContent.trim(),
  header: table.tHead ? table.tHead.getBoundingClientRect().height : 0,
  rows: table.tBodies[0]?.rows.length || 0,
  // "Nothing in the period": one line across the table, no column to name.
  empty: [...table.tBodies[0]?.rows || []].every(row => row.cells.length === 1),
  names: [...table.querySelectorAll("tbody td > [aria-hidden=true]:first-child")]
    .map(name => name.getBoundingClientRect().height > 0),
}))"""


@pytest.mark.parametrize("role", STAFF_LISTS)
def test_each_staff_list_reads_as_cards_on_a_phone_nothing_scrolling_sideways(
    page: Page, live_server, client, settings, tmp_path, w, role
):
    from django.core.files.base import ContentFile

    from portal.dashboards.reports_models import Report, ReportKind
    from tests.e2e.walk import log_in_as

    settings.MEDIA_ROOT = tmp_path
    for add in (listed._queue, listed._open_complaints, listed._corrections, listed._violations,
                listed._reports, listed._rules, listed._staff_lists, listed._staff_entries,
                listed._catalog, listed._received):  # fmt: skip
        add(w, 2)
    report = Report(kind=ReportKind.MONTHLY_SHARING, agency=w.data_owner.agency,
                    period_start=datetime.date(2026, 10, 1), period_end=datetime.date(2026, 10, 31),
                    generated_at=timezone.now())  # fmt: skip
    report.csv_file.save("chia-se.csv", ContentFile(b"a,b\n1,2\n"))
    log_in_as(page, live_server, client, getattr(w, role))
    page.set_viewport_size(PHONE)

    for path in STAFF_LISTS[role]:
        response = page.goto(live_server.url + path.format(staff_list=w.staff_list.pk))
        assert response and response.status == 200, path

        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), path
        assert page.evaluate(SIDEWAYS) == [], path
        # A card per row: the header row out of sight, each value under its column's name.
        for table in page.evaluate(TABLES):
            assert table["rows"] and table["header"] <= 1, (path, table)
            assert table["empty"] or table["names"] and all(table["names"]), (path, table)

    # On a desktop the same lists are tables, their headers in sight.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + STAFF_LISTS[role][0])
    for table in page.evaluate(TABLES):
        assert table["header"] > 10 and not any(table["names"]), table


def test_the_menu_button_shows_the_unread_count_on_a_phone(
    signed_in_page: Page, live_server, citizen
):
    from portal.notifications.services import notify

    page = signed_in_page
    for number in (1, 2, 3):
        notify(user=citizen, title=f"Thông báo số {number}. Notification {number}.")
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/dossiers/")

    # Read on the folded menu's button, and in its name: not only once it is opened.
    button = page.get_by_role("button", name="Hiện trình đơn, 3 thông báo chưa đọc", exact=True)
    expect(button).to_be_visible()
    badge = button.get_by_test_id("menu-unread-count")
    expect(badge).to_have_text("3")
    expect(badge).to_be_in_viewport()
    _fits_the_screen(page, button)
    button.click()
    expect(page.get_by_test_id("unread-count")).to_have_text("3")

    # All read, nothing to count: the button is named as before, with no badge.
    citizen.notifications.update(read_at=timezone.now())
    page.goto(f"{live_server.url}/dossiers/")
    expect(page.get_by_role("button", name="Hiện trình đơn", exact=True)).to_be_visible()
    expect(page.get_by_test_id("menu-unread-count")).to_have_count(0)
