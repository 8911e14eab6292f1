"""End-to-end tests in a real Chromium (Debian's), driven by Playwright."""

import os
import shutil

import pytest
from playwright.sync_api import expect

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="package")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (.ci/run installs it).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test thread
    # while the browser lives; the ORM calls the tests make there are
    # synchronous and safe. Only for this package, then restored.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _patient_assertions():
    """Assertions wait as long as actions do: on a loaded machine a page that
    reads the mock national sources can take longer than Playwright's 5 s.
    A passing assertion returns as soon as it holds, so this costs nothing."""
    expect.set_options(timeout=15_000)


@pytest.fixture
def page(chromium, live_server, settings):
    settings.VNEID_ISSUER = f"{live_server.url}/vneid"
    settings.VNEID_REDIRECT_URIS = [f"{live_server.url}/accounts/vneid/login/callback/"]
    context = chromium.new_context(locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
