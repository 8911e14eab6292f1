"""axe-core's automated WCAG 2.0 and 2.1 checks, levels A and AA, on the pages of
each role (tests/e2e/walk.py, which the contrast and focus check and the check
under the Content-Security-Policy walk too): labels, landmarks, headings, ARIA
attributes, link and button names, duplicate ids, the page's language, table
headers. The states pages reach after a move are checked too, where errors and
live parts appear: a form sent back with its errors, a refused upload, a queue
filtered in place, a dossier's refusal forms and confirmation dialog open, the
404 and the expired form's 403. Every violation is named with its page, rule, impact and elements
before the test fails once.

axe comes bundled in axe-playwright-python, so nothing is fetched at test time;
it is evaluated in the page through the browser's debugging protocol, which the
Content-Security-Policy does not govern, so the policy stays as it is served."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from dossiers.models import Dossier, DossierStatus
from tests.e2e.walk import (
    WALK,
    checkout_url,
    choose_language,
    log_in_as,
    vneid_log_in,
    walk_world,
)

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {
    # axe's landmark and heading rules (a main landmark, content in landmarks,
    # heading order, one h1...) are tagged best-practice, not with a criterion:
    # they run too, as WCAG 1.3.1 and 2.4.1 are what they check.
    "runOnly": {"type": "tag", "values": [*WCAG_A_AA, "best-practice"]},
    "rules": {
        # Duplicate ids break WCAG 2.1's 4.1.1 (Parsing), which only WCAG 2.2 drops;
        # axe tags these rules "obsolete" and leaves them out unless asked.
        "duplicate-id": {"enabled": True},
        "duplicate-id-active": {"enabled": True},
        # A paragraph styled as a heading (1.3.1), still marked experimental in axe.
        "p-as-heading": {"enabled": True},
    },
    "resultTypes": ["violations"],
}
# colour-contrast runs as well: axe and test_contrast_and_focus.py agree on these
# pages. What axe cannot decide (a select over Bootstrap's chevron image, a text
# over a ::before pseudo-element) it reports as "incomplete", not as a violation,
# and is left to that test, which computes every shown text's contrast itself.

_axe = Axe()


def axe_violations(page: Page, where: str) -> list[str]:
    """Each element of each violation on the page in view, one line each."""
    results = _axe.run(page, options=OPTIONS).response
    return [
        f"{where}: {violation['id']} ({violation['impact']}) "
        f"{' '.join(map(str, node['target']))}: {violation['help']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def _open(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response and response.status == 200, f"{url}: {response and response.status}"
    page.wait_for_load_state("load")


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("walker", WALK)
def test_axe_finds_no_wcag_a_or_aa_violation_on_each_role_s_pages(
    page: Page, live_server, client, settings, tmp_path, hai_phong, hong_bang_ward, walker,
    language,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    world = walk_world(hai_phong=hai_phong, ward=hong_bang_ward)
    who, paths = WALK[walker]
    page.set_viewport_size({"width": 1280, "height": 900})
    failures: list[str] = []
    if who == "citizen":
        vneid_log_in(page, live_server.url, lambda where: failures.extend(
            axe_violations(page, where)))  # fmt: skip
    elif who:
        log_in_as(page, live_server, client, world[who])
    choose_language(page, live_server.url, language)

    for path in paths:
        _open(page, live_server.url + path.format(**world))
        failures += axe_violations(page, f"{path.format(**world)} ({language})")

    assert not failures, f"{walker}:\n  " + "\n  ".join(failures)


def test_axe_finds_no_wcag_a_or_aa_violation_on_the_payment_checkout(
    page: Page, live_server, settings
):
    page.set_viewport_size({"width": 1280, "height": 900})

    _open(page, checkout_url(live_server, settings))
    failures = axe_violations(page, "payment checkout")

    assert not failures, "payment checkout:\n  " + "\n  ".join(failures)


def test_axe_reports_each_fault_with_its_page_rule_impact_and_element(page: Page):
    """The check itself, on a page with one fault of each kind and nothing else wrong."""
    page.set_content(
        """<html lang="vi"><head><title>Thử</title></head><body>
      <p id="outside">Ngoài mọi vùng</p>
      <main>
        <h1>Thử</h1>
        <input id="name">
        <a href="#x"></a>
        <p id="twice">Một</p><p id="twice">Hai</p>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Ảnh">
      </main></body></html>"""
    )

    failures = axe_violations(page, "test page")

    assert sorted(failures) == [
        "test page: duplicate-id (minor) p:nth-child(4): id attribute value must be unique",
        "test page: label (critical) #name: Form elements must have labels",
        "test page: link-name (serious) a: Links must have discernible text",
        "test page: region (moderate) #outside: All page content should be contained by landmarks",
    ]


# The states a page reaches after a move, where errors and live parts appear: each
# is brought about as a person does it, in the walk's world, and checked in view.
def _eform_sent_with_errors(page: Page, base: str, world: dict) -> None:
    _open(page, f"{base}/dossiers/{world['draft']}/form/")
    page.locator("#f-phone").fill("12ab")  # not a phone number; the reason left empty
    page.locator("#f-reason").fill("")
    page.locator("button[form=dossier-form]:not([formaction])").click()
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    expect(page.locator("#f-phone")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-reason")).to_have_attribute("aria-invalid", "true")


def _complaint_sent_empty(page: Page, base: str, world: dict) -> None:
    _open(page, f"{base}/complaints/new/")
    page.locator("main button[type=submit].btn-primary").click()
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    expect(page.locator("#id_description")).to_have_attribute("aria-invalid", "true")


def _routing_rule_sent_empty(page: Page, base: str, world: dict) -> None:
    _open(page, f"{base}/workspace/complaints/rules/new/")
    page.locator("main button[type=submit].btn-primary").click()
    expect(page.get_by_test_id("error-summary")).to_be_visible()


def _report_asked_without_a_day(page: Page, base: str, world: dict) -> None:
    _open(page, f"{base}/dashboards/reports/")
    page.locator("#id_day").fill("")
    page.locator("form[action$='/reports/regenerate/'] button[type=submit]").click()
    expect(page.locator("#id_day")).to_have_attribute("aria-invalid", "true")


def _upload_refused(page: Page, base: str, world: dict) -> None:
    _open(page, f"{base}/dossiers/{world['draft']}/form/")
    card = page.locator("[data-component='hop-dong-thue-nha']")
    card.locator("input[type=file]").set_input_files(
        files=[{"name": "hop-dong.pdf", "mimeType": "application/pdf", "buffer": b"not a PDF"}]
    )
    card.locator("button[type=submit]").click()
    expect(page.get_by_test_id("upload-error")).to_be_visible()


def _dossier_with_its_forms_and_dialog_open(page: Page, base: str, world: dict) -> None:
    _open(page, f"{base}/workspace/{world['in_processing']}/")
    for summary in page.locator("main details > summary").all():  # its refusals' reasons
        summary.click()
    expect(page.locator("#reason-not_resolve")).to_be_visible()
    expect(page.locator("#supplement-reason")).to_be_visible()
    page.locator("form:has(input[name=action][value=approve]) button[type=submit]").click()
    expect(page.get_by_test_id("confirm-dialog")).to_be_visible()


def _dossier_refused_at_reception_form_open(page: Page, base: str, world: dict) -> None:
    submitted = Dossier.objects.get(code="11311-261124-0002")
    _open(page, f"{base}/workspace/{submitted.pk}/")
    page.locator("form:has(input[name=action][value=refuse_at_reception]) summary").click()
    expect(page.locator("#reason-refuse_at_reception")).to_be_visible()


def _queue_filtered(page: Page, base: str, world: dict) -> None:
    _open(page, f"{base}/workspace/")
    page.wait_for_function("window.htmx !== undefined")
    with page.expect_response(lambda response: "/workspace/?" in response.url):
        page.locator("select[name=status]").select_option(DossierStatus.IN_PROCESSING)
    expect(page.locator("#queue-results")).to_contain_text("11311-261124-0001")


def _not_found(page: Page, base: str, world: dict) -> None:
    response = page.goto(f"{base}/workspace/999999/")
    assert response and response.status == 404


def _expired_form(page: Page, base: str, world: dict) -> None:
    _open(page, f"{base}/complaints/new/")
    page.context.clear_cookies(name="csrftoken")  # as after a logout and a login elsewhere
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.locator("main button[type=submit].btn-primary").click()
    assert sent.value.status == 403
    expect(page.get_by_test_id("csrf-back")).to_be_visible()


AFTER_A_MOVE = {
    "e-form sent with errors": ("citizen", _eform_sent_with_errors),
    "complaint sent empty": ("citizen", _complaint_sent_empty),
    "upload refused": ("citizen", _upload_refused),
    "routing rule sent empty": ("staff", _routing_rule_sent_empty),
    "report asked without a day": ("leader", _report_asked_without_a_day),
    "dossier, its forms and dialog open": ("official", _dossier_with_its_forms_and_dialog_open),
    "dossier, its refusal at reception open": ("official", _dossier_refused_at_reception_form_open),
    "queue filtered in place": ("official", _queue_filtered),
    "page not found": ("official", _not_found),
    "expired form": ("citizen", _expired_form),
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("state", AFTER_A_MOVE)
def test_axe_finds_no_wcag_a_or_aa_violation_after_a_move(
    page: Page, live_server, client, settings, tmp_path, hai_phong, hong_bang_ward, state,
    language,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    world = walk_world(hai_phong=hai_phong, ward=hong_bang_ward)
    who, bring_about = AFTER_A_MOVE[state]
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_as(page, live_server, client, world[who])
    choose_language(page, live_server.url, language)

    bring_about(page, live_server.url, world)
    failures = axe_violations(page, f"{state} ({language})")

    assert not failures, f"{state}:\n  " + "\n  ".join(failures)
