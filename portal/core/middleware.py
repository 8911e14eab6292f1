"""Input no text of the portal may hold, refused once for every view."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

# A JSON string's escaped NUL: "\u0000" after an even number of backslashes
# (after an odd number, the backslash is itself escaped and the text harmless).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def _has_nul(values: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values.getlist(key))
               for key in values)  # fmt: skip


class NulCharacterRefusalMiddleware:
    """A NUL character is no part of any name, address or reason, and
    PostgreSQL can store none: its driver refuses one in a query, JSONB one
    in a document, and either would be a server error deep in a view. An
    address, query string, form or JSON body carrying one is answered here with a 400
    that says why, before the view runs, so nothing is read or stored.

    A multipart body is read here only for a view the CSRF check reads it
    for anyway: a view exempt from that check reads its own body (an upload
    puts its size limit in place first), and checks its own text fields."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args, kwargs
    ) -> HttpResponse | None:
        if self._carries_nul(request, reads_own_body=getattr(view, "csrf_exempt", False)):
            return self._refusal(request)
        return None

    @staticmethod
    def _carries_nul(request: HttpRequest, *, reads_own_body: bool) -> bool:
        if "\x00" in request.path_info:  # an address's code or name, looked up as typed
            return True
        if "%00" in request.META.get("QUERY_STRING", "") and _has_nul(request.GET):
            return True
        if request.method not in ("POST", "PUT", "PATCH"):
            return False
        if request.content_type == "application/json":
            return _JSON_NUL.search(request.body) is not None or b"\x00" in request.body
        if request.content_type == "application/x-www-form-urlencoded" or (
            request.content_type == "multipart/form-data" and not reads_own_body
        ):
            return _has_nul(request.POST)
        return False

    @staticmethod
    def _refusal(request: HttpRequest) -> HttpResponse:
        detail = _(
            "Yêu cầu có ký tự không hợp lệ (NUL); không có gì được lưu. "
            "The request contains a character that is not allowed (NUL); nothing was stored."
        )
        if request.path.startswith("/api/") or request.content_type == "application/json":
            return JsonResponse({"code": "invalid_character", "detail": detail}, status=400)
        return render(request, "400.html", {"detail": detail}, status=400)


class ReturnAfterLoginMiddleware:
    """A page's form sent after the session ended is answered with the login
    page; once logged in again, the user should be back on that page, where
    the draft keeps what was saved, not at the address the form posted to
    (which answers a POST only: a browser's GET there would be a 405). The
    login's `next` becomes the page the form was on (its Referer, of this site
    only), or is dropped when that is unknown. A live part of a page (HTMX)
    sends the whole page to the login, instead of drawing the login page
    inside the part."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 302 or not _is_login_redirect(response["Location"]):
            return response
        htmx = request.headers.get("hx-request") == "true"
        if request.method == "GET" and not htmx:
            return response
        came_from = same_site_path(
            request, request.headers.get("hx-current-url" if htmx else "referer", "")
        )
        login = resolve_url(settings.LOGIN_URL)
        location = f"{login}?{urlencode({'next': came_from})}" if came_from else login
        if htmx:
            return HttpResponseClientRedirect(location)
        return HttpResponseRedirect(location)


def _is_login_redirect(location: str) -> bool:
    parts = urlsplit(location)
    return parts.path == resolve_url(settings.LOGIN_URL) and "next" in parse_qs(parts.query)


def same_site_path(request: HttpRequest, url: str) -> str:
    """The path and query of `url` when it is an address of this site, else "".
    The path is checked again on its own: `https://portal//evil.example/` is
    an address of this site, but its path, written as a link, leads to
    evil.example (as does `/\\evil.example`, which browsers read as `//`)."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith("/") or not url_has_allowed_host_and_scheme(path, allowed_hosts=set()):
        return ""
    return path
