"""axe-core's automated WCAG 2.0 and 2.1 checks, levels A and AA, and WCAG 2.2's
target size, on the pages of each role, in Vietnamese and English, on a desktop
and at a phone's width (tests/e2e/walk.py, which the contrast and focus check and the check
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
from playwright.sync_api import Page

from tests.e2e.walk import (
    AFTER_A_MOVE,
    WALK,
    bring_about,
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
        # WCAG 2.2's 2.5.8 (Target Size, Minimum, AA): every link and button at
        # least 24 by 24 CSS px, or far enough from its neighbours that a 24 px
        # circle on each overlaps no other; a link inside a sentence is exempt.
        "target-size": {"enabled": True},
    },
    "resultTypes": ["violations"],
}
# colour-contrast runs as well: axe and test_contrast_and_focus.py agree on these
# pages. What axe cannot decide (a select over Bootstrap's chevron image, a text
# over a ::before pseudo-element) it reports as "incomplete", not as a violation,
# and is left to that test, which computes every shown text's contrast itself.

_axe = Axe()


def axe_violations(page: Page, where: str, options: dict = OPTIONS) -> list[str]:
    """Each element of each violation on the page in view, one line each."""
    results = _axe.run(page, options=options).response
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


# Every role's pages at a phone's width too, where the menu folds, tables stack
# and links wrap onto lines close together.
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("walker", WALK)
def test_axe_finds_no_wcag_a_or_aa_violation_on_each_role_s_pages(
    page: Page, live_server, client, settings, tmp_path, hai_phong, hong_bang_ward, walker,
    language, width,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    world = walk_world(hai_phong=hai_phong, ward=hong_bang_ward)
    who, paths = WALK[walker]
    page.set_viewport_size({"width": width, "height": 900})
    failures: list[str] = []
    if who == "citizen":  # through the VNeID pages, which speak the chosen language too
        vneid_log_in(page, live_server.url, lambda where: failures.extend(
            axe_violations(page, f"{where} {width} px")), language=language)  # fmt: skip
    else:
        if who:
            log_in_as(page, live_server, client, world[who])
        choose_language(page, live_server.url, language)

    for path in paths:
        _open(page, live_server.url + path.format(**world))
        failures += axe_violations(page, f"{path.format(**world)} ({language}, {width} px)")

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


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("state", AFTER_A_MOVE)
def test_axe_finds_no_wcag_a_or_aa_violation_after_a_move(
    page: Page, live_server, client, settings, tmp_path, hai_phong, hong_bang_ward, state,
    language,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    world = walk_world(hai_phong=hai_phong, ward=hong_bang_ward)

    bring_about(page, live_server, client, world=world, state=state, language=language)
    failures = axe_violations(page, f"{state} ({language})")

    assert not failures, f"{state}:\n  " + "\n  ".join(failures)
