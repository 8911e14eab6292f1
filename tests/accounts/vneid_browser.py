"""A scripted browser for the VNeID login over real HTTP: a requests session
that follows the portal ⇄ identity provider redirects one step at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import requests

_HIDDEN_REQUEST = re.compile(r'name="request" value="([^"]+)"')


@dataclass
class VNeIDBrowser:
    base_url: str
    session: requests.Session = field(default_factory=requests.Session)

    def get(self, path_or_url: str, **kwargs) -> requests.Response:
        url = path_or_url if path_or_url.startswith("http") else self.base_url + path_or_url
        return self.session.get(url, allow_redirects=False, timeout=10, **kwargs)

    def post(self, path_or_url: str, data: dict, **kwargs) -> requests.Response:
        url = path_or_url if path_or_url.startswith("http") else self.base_url + path_or_url
        if "csrftoken" not in self.session.cookies:
            self.get("/accounts/login/")
        data = {**data, "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}
        headers = {"Referer": self.base_url + "/"}
        return self.session.post(
            url, data=data, headers=headers, allow_redirects=False, timeout=10, **kwargs
        )

    def start_login(self, *, next_url: str = "") -> requests.Response:
        """Press "Log in with VNeID"; returns the redirect to the provider."""
        self.get("/accounts/login/")
        response = self.post("/accounts/vneid/login/", {"next": next_url} if next_url else {})
        assert response.status_code == 302, response.text[:500]
        return response

    def open_provider(self, authorize_url: str) -> tuple[requests.Response, str]:
        """Open the provider's login page; returns it and its signed request."""
        page = self.get(authorize_url)
        match = _HIDDEN_REQUEST.search(page.text)
        return page, unescape(match.group(1)) if match else ""

    def decide(
        self, signed_request: str, *, personal_id: str = "", decision: str
    ) -> requests.Response:
        return self.post(
            "/vneid/authorize/decide",
            {"request": signed_request, "personal_id": personal_id, "decision": decision},
        )

    def follow(self, response: requests.Response) -> requests.Response:
        return self.get(response.headers["Location"])

    def log_in_as(self, personal_id: str, *, next_url: str = "") -> requests.Response:
        """The whole happy path; returns the portal's answer to the callback."""
        to_provider = self.start_login(next_url=next_url)
        _, signed = self.open_provider(to_provider.headers["Location"])
        self.decide(signed, personal_id=personal_id, decision="continue")
        back = self.decide(signed, personal_id=personal_id, decision="allow")
        assert back.status_code == 302, back.text[:500]
        return self.follow(back)


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))
