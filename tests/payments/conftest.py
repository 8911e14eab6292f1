"""The portal and the mock payment platform over real HTTP (a live server), and
a payer's browser that follows the portal ⇄ platform redirects step by step."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

import pytest
import requests
from django.test import Client
from django.utils import timezone

from dossiers.models import DossierStatus
from tests.dossiers.factories import DossierFactory

BACKEND = "portal.accounts.backends.VNeIDSessionBackend"
FEE = 50_000


@pytest.fixture(autouse=True)
def _instant_platform(settings):
    """The mock platform answers at once in tests, unless a test slows it down."""
    settings.PAYMENT_PLATFORM_LATENCY_MS = 0
    settings.PAYMENT_PLATFORM_FAILURE_RATE = 0.0


@pytest.fixture
def platform_live(live_server, settings):
    """The portal registered as a merchant with the mock platform, both served
    by the live server and talking to each other over HTTP."""
    settings.PORTAL_BASE_URL = live_server.url
    settings.PAYMENT_PLATFORM_URL = f"{live_server.url}/payment-platform"
    settings.PAYMENT_WEBHOOK_URL = ""
    return live_server


@pytest.fixture
def fee_dossier(citizen, hong_bang_ward):
    """A submitted dossier waiting for its 50.000 ₫ fee (status 6)."""
    return DossierFactory(
        applicant=citizen, agency=hong_bang_ward, status=DossierStatus.FINANCIAL_OBLIGATION,
        fee_vnd=FEE, code="11311-261125-0001", submitted_at=timezone.now(),
    )  # fmt: skip


_PAY_FORM = re.compile(r'<form method="post" action="([^"]+/pay/)"')


@dataclass
class PayerBrowser:
    """A requests session logged in to the portal, one redirect at a time."""

    base_url: str
    session: requests.Session = field(default_factory=requests.Session)

    @classmethod
    def logged_in(cls, base_url: str, user) -> PayerBrowser:
        client = Client()
        client.force_login(user, backend=BACKEND)
        browser = cls(base_url=base_url)
        browser.session.cookies.set("sessionid", client.cookies["sessionid"].value)
        return browser

    def _url(self, path_or_url: str) -> str:
        return path_or_url if path_or_url.startswith("http") else self.base_url + path_or_url

    def get(self, path_or_url: str, **kwargs) -> requests.Response:
        return self.session.get(self._url(path_or_url), allow_redirects=False, timeout=15,
                                **kwargs)  # fmt: skip

    def post(self, path_or_url: str, data: dict, *, csrf: bool = True) -> requests.Response:
        if csrf:
            if "csrftoken" not in self.session.cookies:
                self.get("/")
            data = {**data, "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}
        return self.session.post(self._url(path_or_url), data=data, allow_redirects=False,
                                 headers={"Referer": self.base_url + "/"}, timeout=15)  # fmt: skip

    def pay_button(self, dossier) -> requests.Response:
        """Press "Pay online" on the dossier's fee page."""
        return self.post(f"/payments/dossiers/{dossier.pk}/pay/", {})

    def checkout(self, checkout_url: str, *, decision: str, method: str = "VCB",
                 outcome: str = "success") -> requests.Response:  # fmt: skip
        """On the platform's page: choose a bank, press Pay (or Cancel)."""
        page = self.get(checkout_url)
        assert page.status_code == 200, page.text[:500]
        return self.post(checkout_url, {"decision": decision, "method": method,
                                        "outcome": outcome}, csrf=False)  # fmt: skip

    def follow(self, response: requests.Response) -> requests.Response:
        return self.get(response.headers["Location"])


def pay_form_action(html: str) -> str:
    """Where the page's "Pay" or "Try again" button posts to."""
    match = _PAY_FORM.search(html)
    assert match, "no payment form on the page"
    return unescape(match.group(1))


@pytest.fixture
def payer(platform_live, citizen) -> PayerBrowser:
    return PayerBrowser.logged_in(platform_live.url, citizen)
