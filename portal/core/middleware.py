"""Input no text of the portal may hold, refused once for every view."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

# A JSON string's escaped NUL: "\u0000" after an even number of backslashes
# (after an odd number, the backslash is itself escaped and the text harmless).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def _has_nul(values: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values.getlist(key))
               for key in values)  # fmt: skip


class NulCharacterRefusalMiddleware:
    """A NUL character is no part of any name, address or reason, and
    PostgreSQL can store none: its driver refuses one in a query, JSONB one
    in a document, and either would be a server error deep in a view. A
    query string, form or JSON body carrying one is answered here with a 400
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
