"""Error pages that say what happened in the user's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from portal.api_errors import NOT_FOUND_DETAIL, SERVER_ERROR_DETAIL
from portal.core.middleware import same_site_path


def csrf_refusal_detail() -> str:
    return _(
        "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ, nên chưa được gửi; không có gì thay đổi. "
        "Hãy tải lại trang và gửi lại. "
        "The form has expired or lacks its security token, so it was not sent; nothing was "
        "changed. Reload the page and send it again."
    )


def _for_a_program(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_came_from(request: HttpRequest) -> str:
    """The portal page the request was sent from (its path and query), or "":
    only an address of this site, never one the Referer header makes up."""
    return same_site_path(request, request.headers.get("referer", ""))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its valid security token (left open across a logout
    and a login, its cookie expired): a 403 that says nothing was changed and
    leads back to the page the form was on, where it can be sent again. A
    program calling an API gets the same in the APIs' JSON shape. A live part
    of a page (HTMX) gets an alert for the top of the page it was sent from,
    with a link that reloads it: HTMX shows no whole page for a 403, and a
    reload by itself would lose what was typed there."""
    if _for_a_program(request) or request.content_type == "application/json":
        return JsonResponse({"code": "csrf_failed", "detail": csrf_refusal_detail()}, status=403)
    if request.headers.get("hx-request") == "true":
        page = same_site_path(request, request.headers.get("hx-current-url", ""))
        response = render(request, "403_csrf_alert.html",
                          {"page_url": page or page_came_from(request)}, status=403)  # fmt: skip
        # Where HTMX puts it (static/portal/page.js shows an error answer sent there).
        response["HX-Retarget"] = "#page-alert"
        response["HX-Reswap"] = "innerHTML"
        return response
    back = page_came_from(request)
    return render(request, "403_csrf.html", {"back_url": back}, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An address that leads nowhere: the page, or under /api/ the APIs' shape."""
    if _for_a_program(request):
        return JsonResponse({"code": "not_found", "detail": NOT_FOUND_DETAIL}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """A bug: the page, or under /api/ the APIs' shape, never a trace."""
    if _for_a_program(request):
        return JsonResponse({"code": "server_error", "detail": SERVER_ERROR_DETAIL}, status=500)
    return defaults.server_error(request)
