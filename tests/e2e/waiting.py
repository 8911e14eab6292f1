"""Waiting for a condition in the page under the portal's Content Security Policy.

Playwright's ``wait_for_function`` re-evaluates its expression from a timer in
the page; the policy forbids ``eval`` there (no 'unsafe-eval'), so any wait not
met at the first check fails. Each check here is a fresh evaluation from
Playwright, which the browser allows, and the polling is done in Python.
"""

import time

from playwright.sync_api import Page

POLL_SECONDS = 0.05


def wait_until(page: Page, expression: str, timeout_ms: float = 15_000) -> None:
    """Return once ``expression`` is truthy in the page; fail after ``timeout_ms``."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"Still false after {timeout_ms:.0f} ms: {expression}")
        page.wait_for_timeout(POLL_SECONDS * 1000)
