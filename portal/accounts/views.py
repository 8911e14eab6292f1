"""Login (through VNeID) and each role's home page."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from datasources.models import CorrectionStatus
from datasources.purposes import purposes_named_now
from datasources.selectors import corrections_visible_to
from dossiers.ended_authorisation import ended_authorisations_mark
from dossiers.ratings import with_rating_awaited
from dossiers.selectors import dossiers_visible_to
from portal.accounts.landing import page_after_login
from portal.accounts.models import Role
from portal.accounts.selectors import agencies_visible_to
from portal.audit.selectors import access_log_for_subject
from portal.core.middleware import same_site_path

UNITS_PER_PAGE = 50


def _safe_next(request: HttpRequest) -> str:
    """The page to go on to: a path of this site, else "". Never a bare word,
    which `redirect()` would take for the name of a view (a 500, not a page)."""
    return same_site_path(request, request.GET.get("next", ""))


def login_page(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(page_after_login(user=request.user, next_url=_safe_next(request)))
    return render(request, "accounts/login.html", {"next_url": _safe_next(request)})


def not_offered(request: HttpRequest) -> HttpResponse:
    """allauth's pages a VNeID-only portal does not have (third-party connections)."""
    raise Http404("Not offered: VNeID is the only login.")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role == Role.CITIZEN:
        return _citizen_home(request)
    if user.role == Role.ADMINISTRATOR:
        return render(request, "accounts/home_administrator.html")
    return _staff_home(request)


def _citizen_home(request: HttpRequest) -> HttpResponse:
    accesses = []
    if request.user.personal_id:
        accesses = purposes_named_now(
            access_log_for_subject(personal_id=request.user.personal_id)[:10]
        )
    dossiers = list(
        with_rating_awaited(dossiers_visible_to(user=request.user), user=request.user)[:10]
    )
    ended_authorisations_mark(dossiers, user=request.user)  # their next step says so
    return render(
        request,
        "accounts/home_citizen.html",
        {"accesses": accesses, "notifications": request.user.notifications.all()[:10],
         "dossiers": dossiers},
    )  # fmt: skip


def _staff_home(request: HttpRequest) -> HttpResponse:
    units = agencies_visible_to(user=request.user).select_related("parent")
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(name__icontains=query)
    counts = {
        row["kind"]: row["total"]
        for row in units.order_by().values("kind").annotate(total=Count("id"))
    }
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/home_staff.html",
        {"page": page, "search": query, "query": f"q={quote(query)}" if query else "",
         "counts": counts, "unit_total": sum(counts.values()),
         "open_corrections": corrections_visible_to(user=request.user)
         .filter(status=CorrectionStatus.OPEN).count(),
         "notifications": request.user.notifications.all()[:10]},
    )  # fmt: skip
