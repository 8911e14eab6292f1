"""What only a browser can tell about the pages of each role (those the check
under the Content-Security-Policy walks, tests/e2e/walk.py): every visible
text stands out from its background (WCAG 2.1 contrast: 4.5:1, or 3:1 for
large text, 24 px or 18.66 px bold), and every control reached with the Tab
key shows where the focus is (an outline or a shadow it has not without it).

The contrast is computed in the page from the computed styles: the relative
luminance of the text's colour and of its effective background, the first
opaque background colour up its ancestors, translucent ones laid over it.
Text over a background image is left out: its contrast is not a colour's."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

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

# Contrast ratio of two colours, the colour a translucent one makes over another,
# and an element's effective background (null over a background image).
COLOURS_JS = """
  const channel = (c) => {
    c /= 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const parse = (css) => {
    const m = css.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const parts = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  // Colour `top` (with alpha) laid over the opaque colour `under`.
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3]));
  const background = (element) => {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== "none") return null;
      const colour = parse(style.backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    let result = [255, 255, 255];  // the canvas
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
"""

# Returns [{text, ratio, required, colour, background, element}] for every text
# that falls short, and how many texts were checked.
CONTRAST_JS = (
    """() => {"""
    + COLOURS_JS
    + """
  const shown = (element) => {
    const style = getComputedStyle(element);
    if (style.visibility !== "visible" || style.display === "none") return false;
    for (let node = element; node; node = node.parentElement) {
      const s = getComputedStyle(node);
      if (parseFloat(s.opacity) === 0) return false;
      // Bootstrap's visually-hidden: a 1 px box clipped away, for screen readers only.
      if (s.clip === "rect(0px, 0px, 0px, 0px)" || s.clipPath === "inset(50%)") return false;
    }
    const box = element.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  };
  const ownText = (element) => {
    if (["INPUT", "SELECT", "TEXTAREA"].includes(element.tagName)) {
      const textless = ["hidden", "checkbox", "radio", "file", "range", "color"];
      if (textless.includes(element.type)) return "";
      if (element.tagName === "SELECT") return element.selectedOptions[0]?.text || "";
      return element.value;
    }
    const texts = [...element.childNodes].filter(n => n.nodeType === 3);
    return texts.map(n => n.textContent).join("").trim();
  };
  const describe = (element) => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + (typeof element.className === "string" && element.className.trim()
       ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  const failures = [];
  let checked = 0;
  for (const element of document.body.querySelectorAll("*")) {
    if (["SCRIPT", "STYLE", "NOSCRIPT", "OPTION", "TEMPLATE"].includes(element.tagName)) continue;
    const text = ownText(element);
    if (!text || !shown(element)) continue;
    // Disabled controls are exempt (WCAG 1.4.3: inactive user interface components).
    if (element.disabled || element.closest("fieldset:disabled, [aria-disabled=true]")) continue;
    const bg = background(element);
    if (bg === null) continue;
    const style = getComputedStyle(element);
    const colour = parse(style.color);
    const fg = over(colour, bg);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const required = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const value = ratio(fg, bg);
    checked += 1;
    if (value < required) {
      failures.push({
        text: text.slice(0, 60), ratio: Math.round(value * 100) / 100, required,
        colour: style.color, background: "rgb(" + bg.map(Math.round).join(", ") + ")",
        element: describe(element),
      });
    }
  }
  return {checked, failures};
}"""
)

# The look of every element that can take the focus, before any has it.
SNAPSHOT_JS = """() => {
  window.__unfocused = new Map();
  const look = (element) => {
    const s = getComputedStyle(element);
    return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow};
  };
  window.__look = look;
  const focusable = "a[href], button, input, select, textarea, summary, [tabindex]";
  for (const element of document.querySelectorAll(focusable)) {
    window.__unfocused.set(element, look(element));
  }
}"""

# The focused element, and whether it shows an indicator it has not without the focus.
FOCUSED_JS = (
    """() => {"""
    + COLOURS_JS
    + """
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const s = getComputedStyle(element);
  const now = window.__look(element);
  const before = window.__unfocused.get(element);
  const outlined = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
    && !/rgba\\([^)]*,\\s*0\\)$/.test(s.outlineColor) && s.outlineColor !== "transparent";
  // Bootstrap leaves a transparent, zero shadow on a focused button: no indicator.
  const shadowColours = (s.boxShadow.match(/rgba?\\([^)]+\\)/g) || []).map(parse);
  const shadowed = s.boxShadow !== "none" && shadowColours.some(c => c[3] > 0)
    && /[1-9][0-9.]*px/.test(s.boxShadow);
  const changed = before === undefined
    ? outlined || shadowed
    : (outlined && now.outline !== before.outline) || (shadowed && now.shadow !== before.shadow);
  // The indicator must stand out from what it is drawn over, 3:1, as any part of a
  // control (WCAG 1.4.11): the parent's background for a ring outside the element,
  // the element's own for one drawn inside it (a negative offset).
  const inside = parseFloat(s.outlineOffset) < 0;
  const under = inside || !element.parentElement
    ? background(element) : background(element.parentElement);
  const ring = parse(s.outlineColor);
  // Chromium's own "auto" ring is two-toned: it shows on any background.
  const ringRatio = outlined && s.outlineStyle !== "auto" && under
    ? ratio(over(ring, under), under) : null;
  const shadowRatio = shadowed && under && shadowColours.length
    ? ratio(over(shadowColours[0], under), under) : null;
  const visible = changed && (
    (outlined && (ringRatio === null || ringRatio >= 3))
    || (shadowed && now.shadow !== (before || {}).shadow
        && (shadowRatio === null || shadowRatio >= 3))
  );
  const name = (element.innerText || element.value || element.getAttribute("aria-label") || "")
    .trim();
  return {
    key: element.outerHTML.slice(0, 120),
    element: element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + " "
      + name.slice(0, 40),
    visible, outline: now.outline, shadow: now.shadow,
    ringRatio: ringRatio === null ? null : Math.round(ringRatio * 100) / 100,
  };
}"""
)

MAX_TABS = 120


def contrast_failures(page: Page) -> list[str]:
    found = page.evaluate(CONTRAST_JS)
    assert found["checked"] >= 5, "the page shows almost no text: is it the right page?"
    return [
        f'{item["ratio"]}:1 < {item["required"]}:1 "{item["text"]}" {item["element"]} '
        f"({item['colour']} on {item['background']})"
        for item in found["failures"]
    ]


def focus_failures(page: Page) -> list[str]:
    """Tab from the top of the page to its end (or back to the start)."""
    page.evaluate(SNAPSHOT_JS)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    failures, seen = [], []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None or (seen and focused["key"] == seen[0]):
            break
        seen.append(focused["key"])
        if not focused["visible"]:
            failures.append(
                f"{focused['element']} (outline {focused['outline']}, "
                f"{focused['ringRatio']}:1 to the background; shadow {focused['shadow']})"
            )
    assert seen, "the keyboard reached nothing on the page"
    return failures


def _check(page: Page, where: str, failures: list[str]) -> None:
    """Both checks on the page in view, each failure named with its page."""
    failures += [f"{where}: contrast {line}" for line in contrast_failures(page)]
    failures += [f"{where}: focus not visible on {line}" for line in focus_failures(page)]


def _open(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response and response.status == 200, f"{url}: {response and response.status}"
    page.wait_for_load_state("load")


def overflow_failures(page: Page, width: int) -> list[str]:
    """The page scrolls sideways: the outermost elements that stick out past the
    screen's right edge (a wide table inside a box that scrolls itself is fine)."""
    if page.evaluate("document.documentElement.scrollWidth") <= width:
        return []
    return page.evaluate(
        """(width) => {
      const out = (e) => e.getBoundingClientRect().right > width + 0.5;
      const clipped = (e) => {  // inside a box that fits and scrolls or clips itself
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
          if (getComputedStyle(a).overflowX !== "visible" && !out(a)) return true;
        }
        return false;
      };
      return [...document.body.querySelectorAll("*")]
        .filter(e => out(e) && !clipped(e)
                && (e.parentElement === document.body || !out(e.parentElement)))
        .slice(0, 5)
        .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
             + (typeof e.className === "string" && e.className.trim()
                ? "." + e.className.trim().split(/\\s+/).join(".") : "")
             + " to " + Math.round(e.getBoundingClientRect().right) + " px");
    }""",
        width,
    ) or ["the page is wider than the screen"]


# Every role's pages at a phone's width too, where the menu folds and tables stack,
# and nothing makes the page scroll sideways (WCAG 1.4.10, Reflow).
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("walker", WALK)
def test_every_text_stands_out_and_the_focus_always_shows_on_each_role_s_pages(
    page: Page, live_server, client, settings, tmp_path, hai_phong, hong_bang_ward, walker,
    language, width,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    world = walk_world(hai_phong=hai_phong, ward=hong_bang_ward)
    who, paths = WALK[walker]
    page.set_viewport_size({"width": width, "height": 900})
    failures: list[str] = []

    def check(where: str) -> None:
        _check(page, where, failures)
        if width < 1280:
            failures.extend(f"{where}: scrolls sideways: {line}"
                            for line in overflow_failures(page, width))  # fmt: skip

    if who == "citizen":  # through the VNeID pages, which speak the chosen language too
        vneid_log_in(page, live_server.url, lambda where: check(f"{where} {width} px"),
                     language=language)  # fmt: skip
    else:
        if who:
            log_in_as(page, live_server, client, world[who])
        choose_language(page, live_server.url, language)

    for path in paths:
        _open(page, live_server.url + path.format(**world))
        check(f"{path.format(**world)} ({language}, {width} px)")

    assert not failures, f"{walker}:\n  " + "\n  ".join(failures)


def test_every_text_stands_out_and_the_focus_always_shows_on_the_payment_checkout(
    page: Page, live_server, settings
):
    page.set_viewport_size({"width": 1280, "height": 900})
    failures: list[str] = []

    _open(page, checkout_url(live_server, settings))
    _check(page, "payment checkout", failures)

    assert not failures, "payment checkout:\n  " + "\n  ".join(failures)


def test_every_text_stands_out_and_the_focus_always_shows_on_the_api_documentation(
    page: Page, live_server
):
    page.set_viewport_size({"width": 1280, "height": 900})
    failures: list[str] = []

    _open(page, f"{live_server.url}/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    _check(page, "API documentation", failures)

    assert not failures, "API documentation:\n  " + "\n  ".join(failures)


def test_the_checks_find_what_they_look_for(page: Page):
    """The checks themselves, on a page with each fault and its counterpart."""
    page.set_content(
        """<html><body style="margin:0">
      <p style="color:#777">Grey on white, 4.48:1</p>
      <p style="color:#767676">Grey on white, 4.54:1</p>
      <h2 style="color:#949494;font-size:24px;margin:0">Large grey, 3.03:1</h2>
      <p style="color:#949494;font-size:19px;font-weight:700">Bold 19px grey, 3.03:1</p>
      <div style="background:#a4161a"><div style="background:rgba(255,255,255,.5)">
        <span style="color:#fff">White over half-white on red</span></div></div>
      <div style="background:#000 url(data:image/png;base64,iVBORw0KGgo=)">
        <span style="color:#111">On an image: left out</span></div>
      <span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)"
        >Hidden from sight</span>
      <p>Ten more lines of black text so the page is not empty.</p>
      """
        + "<p>Black on white</p>" * 10
        + """
      <a href="#a" id="plain">Plain link</a>
      <a href="#b" id="ringless" style="outline:none">No ring</a>
      <style>#redring:focus-visible, #whitering:focus-visible { outline: 3px solid #b45309; }
        #whitering:focus-visible { outline-color: #fff; }</style>
      <div style="background:#a4161a">
        <a href="#r" id="redring" style="color:#fff">Amber ring on red</a>
        <a href="#w" id="whitering" style="color:#fff">White ring on red</a></div>
      <button id="shadowed" style="outline:none" onfocus="this.style.boxShadow='0 0 0 3px #000'"
        >Shadow</button>
      <button id="zero" style="outline:none" onfocus="this.style.boxShadow='0 0 0 0 rgba(0,0,0,0)'"
        >Transparent shadow</button>
      <input id="same" aria-label="Same" style="outline:none;box-shadow:0 0 0 1px #888">
      <a href="#c">Last</a>
    </body></html>"""
    )

    contrast = contrast_failures(page)
    focus = focus_failures(page)

    assert [line.split('"')[1] for line in contrast] == [
        "Grey on white, 4.48:1", "White over half-white on red",
    ]  # fmt: skip
    assert contrast[0].startswith("4.48:1 < 4.5:1")
    assert [line.split(" ")[0] for line in focus] == [
        "a#ringless", "a#redring", "button#zero", "input#same",
    ]  # fmt: skip
    assert "1.54:1 to the background" in focus[1]


def test_the_phone_check_names_what_makes_a_page_scroll_sideways(page: Page):
    page.set_viewport_size({"width": 390, "height": 900})
    page.set_content(
        """<html><body style="margin:0">
      <div id="fits" style="width:380px">Fits</div>
      <div style="overflow-x:auto"><table id="scrolls" style="width:900px"><tr><td>In its box</td>
        </tr></table></div>
      <div id="wide" style="width:700px"><span style="display:block;width:800px">Inside</span></div>
    </body></html>"""
    )

    assert overflow_failures(page, 390) == ["div#wide to 700 px"]
    page.locator("#wide").evaluate("e => e.remove()")
    assert overflow_failures(page, 390) == []


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("state", AFTER_A_MOVE)
def test_every_text_stands_out_and_the_focus_always_shows_after_a_move(
    page: Page, live_server, client, settings, tmp_path, hai_phong, hong_bang_ward, state,
    language,
):  # fmt: skip
    """The errors, alerts and live parts a move brings, which the walk's pages as
    first loaded do not show."""
    settings.MEDIA_ROOT = tmp_path
    world = walk_world(hai_phong=hai_phong, ward=hong_bang_ward)

    bring_about(page, live_server, client, world=world, state=state, language=language)
    failures: list[str] = []
    _check(page, f"{state} ({language})", failures)

    assert not failures, f"{state}:\n  " + "\n  ".join(failures)
