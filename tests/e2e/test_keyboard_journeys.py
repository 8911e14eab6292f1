"""The main journeys with the keyboard alone, in a real Chromium (WCAG 2.1.1,
2.1.2, 2.4.3, 2.4.7, 3.2.1): Tab, Shift+Tab, Enter, Space, the arrow keys and
Escape, never the mouse; a field is typed in only once Tab has reached it. At
every stop the focus is on a control of the page, never lost to its body, and
drawn (:focus-visible, with its ring)."""

from __future__ import annotations

import pytest
from playwright.sync_api import FileChooser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dossiers.models import Dossier, DossierStatus
from procedures.indexing import search_documents_refresh
from procedures.models import Procedure
from tests.accounts.factories import LeaderFactory, OfficialFactory
from tests.dossiers.factories import DossierFactory
from tests.e2e.waiting import wait_until
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    eform_field,
    eform_fields,
)

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Where the focus is, and what is wrong with how it is drawn ("" when nothing).
FOCUS = """(selector) => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement)
    return {at: "body", problem: "lost to the body"};
  const at = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " "
    + (e.textContent || e.name || "").trim().slice(0, 40);
  const s = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  let problem = "";
  if (!e.matches(":focus-visible")) problem = "not :focus-visible";
  else if (s.outlineStyle === "none" || parseFloat(s.outlineWidth) < 2) problem = "no focus ring";
  else if (box.width < 1 || box.height < 1 || s.visibility === "hidden") problem = "not in sight";
  return {at, problem, matches: selector ? e.matches(selector) : false};
}"""


def _focus(page: Page, selector: str | None = None) -> dict:
    return page.evaluate(FOCUS, selector)


def _assert_focus_shown(page: Page, selector: str) -> None:
    focus = _focus(page, selector)
    assert focus["matches"], f"the focus is on {focus['at']}, not {selector}"
    assert not focus["problem"], f"{focus['at']}: {focus['problem']}"


def _tab_to(page: Page, selector: str, *, back: bool = False, limit: int = 150) -> None:
    """Tab (or Shift+Tab) until the focus is on selector, the focus drawn at every
    stop. Past the page's last control the focus leaves the page (to the browser's
    own bar) once, then comes back to its first: that is not a lost focus."""
    left_page = False
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focus = _focus(page, selector)
        if focus["at"] == "body" and not left_page:
            left_page = True
            continue
        assert not focus["problem"], f"{focus['at']}: {focus['problem']}"
        if left_page:
            assert page.evaluate(
                "(last) => document.activeElement === [...document.querySelectorAll("
                "'a[href], button, input, select, textarea, [tabindex]')].filter("
                "e => e.tabIndex >= 0 && e.getClientRects().length).at(last ? -1 : 0)",
                back,
            ), f"the focus came back to the page on {focus['at']}"
            left_page = False
        if focus["matches"]:
            return
    raise AssertionError(f"{selector} is not reached with {'Shift+Tab' if back else 'Tab'}")


def _choose(page: Page, option: str, *, limit: int = 120) -> None:
    """Move through the focused list with the arrow key to the option named so."""
    chosen = "() => document.activeElement.selectedOptions[0]?.textContent.trim() || ''"
    for _ in range(limit):
        if option in page.evaluate(chosen):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{option} is not in the list")


def _file_chooser_opened_with_space(page: Page, selector: str) -> FileChooser:
    """Space on the focused file input opens the browser's own chooser. A press
    the browser let pass without one, under a loaded machine, is pressed again,
    the focus checked first to be still on the input."""
    for _ in range(3):
        _assert_focus_shown(page, selector)
        try:
            with page.expect_file_chooser(timeout=5000) as chooser:
                page.keyboard.press("Space")
            return chooser.value
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"Space on {selector} opened no file chooser")


def _log_in(page: Page, live_server, client, user) -> None:
    client.force_login(user, backend=LOGIN)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip


@pytest.fixture
def residence_procedure(db):
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"])  # fmt: skip
    form = FormDefinitionFactory(
        code="to-khai-cu-tru",
        fields=[*eform_fields("full_name", "phone"), eform_field("reason", type="string")],
    )
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1, form=form,
                            name="Tờ khai thay đổi thông tin cư trú")  # fmt: skip
    residence = DossierComponentFactory(procedure=procedure, code="cu-tru", position=2,
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    ElectronicReplacementFactory(component=residence, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha", position=3,
                            name="Hợp đồng thuê nhà")  # fmt: skip
    search_documents_refresh(procedures=Procedure.objects.filter(pk=procedure.pk))
    return procedure


def test_a_citizen_goes_from_the_home_page_to_the_receipt_with_the_keyboard(
    page: Page, live_server, settings, client, citizen, hong_bang_ward, residence_procedure
):
    settings.GATEWAY_URL = f"{live_server.url}/gateway"
    _log_in(page, live_server, client, citizen)
    page.goto(f"{live_server.url}/")

    # The first Tab shows the skip link; Enter puts the focus on the main content.
    page.keyboard.press("Tab")
    _assert_focus_shown(page, "a.skip-link[href='#main']")
    expect(page.locator("a.skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert _focus(page, "main#main")["matches"]

    # From the main content: the search, then the procedure found.
    _tab_to(page, "#home-q")
    page.keyboard.type("thường trú")
    page.keyboard.press("Enter")
    page.wait_for_url("**/procedures/?q=*")
    _tab_to(page, f"main a[href='/procedures/{residence_procedure.code}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/procedures/{residence_procedure.code}/")
    _tab_to(page, f"a[href='/dossiers/start/{residence_procedure.code}/']")
    page.keyboard.press("Enter")

    # The province chosen with the arrow keys: the page is not reloaded at each
    # press (3.2.2); Enter shows its units.
    page.wait_for_url(f"**/dossiers/start/{residence_procedure.code}/")
    start_url = page.url
    _tab_to(page, "#province")
    _choose(page, "Hải Phòng")
    assert page.url == start_url  # still the same page, nothing sent
    _assert_focus_shown(page, "#province")
    page.keyboard.press("Enter")
    page.wait_for_url("**province=31*")
    _tab_to(page, "select[name=agency]")
    _choose(page, "UBND phường Hồng Bàng")
    _tab_to(page, "button[type=submit].btn-primary")
    page.keyboard.press("Enter")

    # The preview of what the sources hold, confirmed.
    confirm = page.get_by_test_id("confirm")
    expect(confirm).to_be_visible()
    expect(page.locator("#prefill-panel")).to_contain_text("Nguyễn Văn An")
    _tab_to(page, "[data-testid=confirm]")
    page.keyboard.press("Enter")
    expect(page.locator("#dossier-form")).to_be_visible()
    dossier = Dossier.objects.get(applicant=citizen)

    # The locked value is reached and read, not typed; the free fields are typed.
    _tab_to(page, "#f-full_name[aria-readonly=true]")
    _tab_to(page, "#f-phone")
    page.keyboard.type("0912345678")
    _tab_to(page, "#f-reason")
    page.keyboard.type("Chuyển đến ở cùng gia đình")
    # Shift+Tab goes back the way it came.
    _tab_to(page, "#f-phone", back=True)

    # The file chooser opened from the keyboard, the file sent with the upload button.
    card = page.locator("[data-component='hop-dong-thue-nha']")
    file_input = card.locator("input[type=file]")
    file_id = file_input.get_attribute("id")
    _tab_to(page, f"#{file_id}")
    _file_chooser_opened_with_space(page, f"#{file_id}").set_files(
        files=[{"name": "hop-dong.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    _tab_to(page, f"#{file_id.replace('file-', 'upload-')}")
    page.keyboard.press("Enter")
    expect(card.get_by_test_id("attachment")).to_be_visible()
    # The panel was swapped under the focus: it is still on the page, and drawn.
    expect(page.locator("#components-panel:focus, #components-panel :focus")).to_have_count(1)
    focus = _focus(page)
    assert not focus["problem"], f"after the upload, {focus['at']}: {focus['problem']}"

    # Submitted with Enter on its button: the tracking page and its receipt.
    _tab_to(page, "button[form=dossier-form]:not([formaction])")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("status")).to_be_visible()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.form_values["phone"] == "0912345678"
    assert dossier.attachments.count() == 1
    _tab_to(page, f"a[href='/dossiers/{dossier.pk}/receipt.pdf']")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    receipt = page.request.get(f"{live_server.url}{href}")
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf"


def test_a_form_sent_back_puts_the_focus_on_its_errors_and_each_link_on_its_field(
    page: Page, live_server, settings, client, citizen, hong_bang_ward, residence_procedure
):
    from django.utils import timezone

    from tests.dossiers.factories import PrefillSourceFactory

    form = residence_procedure.components.get(code="to-khai").form
    dossier = DossierFactory(procedure=residence_procedure, form=form, agency=hong_bang_ward,
                             applicant=citizen, preview_confirmed_at=timezone.now())  # fmt: skip
    PrefillSourceFactory(dossier=dossier, found={"full_name": "Nguyễn Văn An"})
    _log_in(page, live_server, client, citizen)
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/form/")

    _tab_to(page, "#f-phone")
    page.keyboard.type("12ab")  # not a phone number; the reason left empty
    _tab_to(page, "button[form=dossier-form]:not([formaction])")
    page.keyboard.press("Enter")

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # read out first, before anything else
    links = summary.locator("a")
    expect(links).to_have_count(2)
    # Tab from the summary reaches its first link; Enter puts the focus in its
    # field. Shift+Tab goes back up to the summary's other link, and Enter there
    # to its own field.
    _tab_to(page, "#error-summary a[href='#f-phone']")
    page.keyboard.press("Enter")
    _assert_focus_shown(page, "#f-phone")
    _tab_to(page, "#error-summary a[href='#f-reason']", back=True)
    page.keyboard.press("Enter")
    _assert_focus_shown(page, "#f-reason")
    page.keyboard.type("Chuyển đến ở cùng gia đình")  # typed where the focus was put
    expect(page.locator("#f-reason")).to_have_value("Chuyển đến ở cùng gia đình")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.DRAFT


def test_a_complaint_sent_empty_puts_the_focus_on_its_errors_and_each_link_on_its_field(
    page: Page, live_server, client, citizen, hong_bang_ward
):
    _log_in(page, live_server, client, citizen)
    page.goto(f"{live_server.url}/complaints/new/")

    _tab_to(page, "main button[type=submit].btn-primary")
    page.keyboard.press("Enter")

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # read out first, before anything else
    _tab_to(page, "#error-summary a[href='#id_description']")
    page.keyboard.press("Enter")
    _assert_focus_shown(page, "#id_description")
    page.keyboard.type("Bị yêu cầu nộp lại giấy xác nhận cư trú")  # typed where the focus was
    expect(page.locator("#id_description")).to_have_value("Bị yêu cầu nộp lại giấy xác nhận cư trú")
    # The category's link goes to its first choice, a radio button.
    _tab_to(page, "#error-summary a[href^='#id_category']", back=True)
    page.keyboard.press("Enter")
    _assert_focus_shown(page, "input[name=category]")
    assert not citizen.complaints.exists()


def test_an_official_filters_opens_and_decides_a_dossier_with_the_keyboard(
    page: Page, live_server, client, citizen, hong_bang_ward, residence_procedure
):
    from django.utils import timezone

    official = OfficialFactory(agency=hong_bang_ward, full_name="Lê Thị Hoa")
    dossier = DossierFactory(procedure=residence_procedure, agency=hong_bang_ward,
                             applicant=citizen, status=DossierStatus.IN_PROCESSING,
                             code="11311-261124-0001", assigned_to=official,
                             submitted_at=timezone.now())  # fmt: skip
    DossierFactory(procedure=residence_procedure, agency=hong_bang_ward, applicant=citizen,
                   status=DossierStatus.SUBMITTED, code="11311-261124-0002",
                   submitted_at=timezone.now())  # fmt: skip
    # The ward's chairman, who signs what its officials propose.
    chairman = LeaderFactory(agency=hong_bang_ward, full_name="Đặng Quốc Hùng", position="Chủ tịch")
    _log_in(page, live_server, client, official)
    page.goto(f"{live_server.url}/workspace/")
    wait_until(page, "window.htmx !== undefined")

    # The filter is sent in place (HTMX) as the arrow key moves the status; the
    # focus stays on it, and the list shows only what the filter asks for.
    _tab_to(page, "select[name=status]")
    results = page.locator("#queue-results")
    chosen = "() => document.activeElement.selectedOptions[0].textContent.trim()"
    for _ in range(15):
        with page.expect_response(lambda response: "/workspace/?" in response.url):
            page.keyboard.press("ArrowDown")
        _assert_focus_shown(page, "select[name=status]")
        if page.evaluate(chosen) == "Đang xử lý":
            break
    expect(results).to_contain_text("11311-261124-0001")
    expect(results).not_to_contain_text("11311-261124-0002")
    _assert_focus_shown(page, "select[name=status]")

    # Into the results with Tab, and the dossier opened with Enter.
    _tab_to(page, f"#queue-results a[href='/workspace/{dossier.pk}/']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(dossier.code)

    # She proposes it for signature: a step the leader may send back, asked nothing.
    propose = "form:has(input[name=action][value=propose_approval]) button[type=submit]"
    _tab_to(page, propose)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("status")).to_have_text("Chờ lãnh đạo ký duyệt")

    # The ward's chairman signs: Sign opens the dialog; the focus goes into it and stays there.
    _log_in(page, live_server, client, chairman)
    page.goto(f"{live_server.url}/workspace/{dossier.pk}/")
    approve = "form:has(input[name=action][value=approve]) button[type=submit]"
    _tab_to(page, approve)
    page.keyboard.press("Enter")
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Ký duyệt hồ sơ này?")
    _assert_focus_shown(page, "#confirm-dialog [data-dialog-cancel]")
    seen = []
    for key in ("Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"):
        page.keyboard.press(key)
        focus = _focus(page, "#confirm-dialog *")
        assert focus["matches"], f"{key} took the focus out of the dialog, to {focus['at']}"
        assert not focus["problem"], f"{focus['at']}: {focus['problem']}"
        seen.append(page.evaluate("document.activeElement.hasAttribute('data-dialog-confirm')"))
    assert seen == [True, False, True, False, True, False]  # round its two buttons

    # Escape closes it, nothing sent; the focus is back on Sign.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    _assert_focus_shown(page, approve)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.AWAITING_SIGNATURE

    # Opened again and confirmed with the keyboard: signed.
    page.keyboard.press("Space")
    expect(dialog).to_be_visible()
    page.keyboard.press("Tab")
    _assert_focus_shown(page, "#confirm-dialog [data-dialog-confirm]")
    expect(page.locator("#confirm-dialog [data-dialog-confirm]")).to_have_text("Ký duyệt")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("status")).to_have_text("Đã xử lý xong")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RESULT_READY


def test_a_dialog_opened_again_before_its_close_event_still_sends_its_form(
    page: Page, live_server, client, citizen, hong_bang_ward, residence_procedure
):
    """Closed with Escape and opened again at once with Space, the dialog's close
    event arrives after it is open again: confirming it still sends the move."""
    from django.utils import timezone

    official = OfficialFactory(agency=hong_bang_ward)
    dossier = DossierFactory(procedure=residence_procedure, agency=hong_bang_ward,
                             applicant=citizen, status=DossierStatus.AWAITING_SIGNATURE,
                             assigned_to=official, submitted_at=timezone.now())  # fmt: skip
    _log_in(page, live_server, client, LeaderFactory(agency=hong_bang_ward))  # who signs
    page.goto(f"{live_server.url}/workspace/{dossier.pk}/")
    approve = page.locator("form:has(input[name=action][value=approve]) button[type=submit]")
    approve.click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_visible()

    # Both in one task, as a fast hand does it: the close event is still queued.
    page.evaluate(
        """(selector) => {
          document.getElementById("confirm-dialog").close();
          document.querySelector(selector).click();
        }""",
        "form:has(input[name=action][value=approve]) button[type=submit]",
    )
    expect(dialog).to_be_visible()
    page.evaluate("() => new Promise((done) => setTimeout(done, 50))")  # the close event
    expect(dialog).to_be_visible()
    page.locator("#confirm-dialog [data-dialog-confirm]").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã xử lý xong")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RESULT_READY
