"""Public catalog pages (no login): the catalog with search and filters, a
procedure with what the applicant no longer submits, and each agency's
published list of components replaced by electronic data, as a page, open
data (CSV, JSON) and a printable counter poster. Only a published list is
public: anything else is a 404."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from procedures.open_data import COLUMNS, list_as_csv, list_as_json, open_data_filename
from procedures.public_forms import CatalogFilterForm
from procedures.public_lists import (
    ListBody,
    UpcomingChanges,
    list_page_url,
    poster_lines,
    qr_svg,
)
from procedures.requirements import component_requirements
from procedures.search import catalog_search
from procedures.selectors import (
    agencies_with_published_list,
    procedure_public,
    replacement_list_public_entries,
    replacement_list_published_by_code,
    replacement_list_upcoming_of,
    replacement_lists_published,
)

CATALOG_PAGE_SIZE = 20
LISTS_PAGE_SIZE = 25
# A published list never changes; its rendered entries are kept this long, so
# that a change of the registry's names shows within the hour.
LIST_BODY_CACHE_SECONDS = 3600


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def catalog(request: HttpRequest) -> HttpResponse:
    form = CatalogFilterForm(request.GET or None)
    status = 200
    filters: dict = {}
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        data = form.cleaned_data
        filters = {"query": data["q"], "sector": data["sector"], "level": data["level"],
                   "agency": data["agency"]}  # fmt: skip
    procedures = catalog_search(**filters) if status == 200 else catalog_search().none()
    page = Paginator(procedures, CATALOG_PAGE_SIZE).get_page(request.GET.get("page"))
    selected_agency = filters.get("agency")
    agency_options = list(agencies_with_published_list())
    if selected_agency is not None and selected_agency not in agency_options:
        agency_options.insert(0, selected_agency)
    context = {
        "form": form, "page": page, "query": _query_without_page(request),
        "agency_options": agency_options, "selected_agency": selected_agency,
        "searched": bool(filters.get("query")),
        "approximate": bool(page.object_list and page.object_list[0].approximate),
    }  # fmt: skip
    template = "procedures/public/catalog.html"
    if request.htmx and request.htmx.target == "catalog-results":
        template = "procedures/public/catalog_results.html"
    response = render(request, template, context, status=status)
    # The filters push their address: Back to it must not show the list alone
    # that the browser cached for them.
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = procedure_public(code=code)
    if procedure is None:
        raise Http404(_("There is no such procedure in the catalog."))
    requirements = component_requirements(procedure, on=timezone.localdate())
    return render(
        request,
        "procedures/public/procedure_detail.html",
        {"procedure": procedure, "requirements": requirements,
         "replaced_count": sum(1 for item in requirements if item.replaced)},
    )  # fmt: skip


def lists_index(request: HttpRequest) -> HttpResponse:
    """Each agency's list in force (or its first version, yet to take effect),
    with the version published to take over on a later date."""
    lists = replacement_lists_published()
    search = request.GET.get("q", "").strip()[:100]
    if search:
        lists = lists.filter(Q(agency__name__icontains=search) | Q(agency__code=search))
    page = Paginator(lists, LISTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "procedures/public/lists_index.html",
        {
            "page": page,
            "search": search,
            "query": _query_without_page(request),
            "today": timezone.localdate(),
        },  # fmt: skip
    )


def _published_or_404(agency_code: str):
    replacement_list = replacement_list_published_by_code(agency_code=agency_code)
    if replacement_list is None:
        raise Http404(_("This agency has no published list."))
    return replacement_list


def list_detail(request: HttpRequest, agency_code: str) -> HttpResponse:
    replacement_list = _published_or_404(agency_code)
    return render(
        request,
        "procedures/public/list_detail.html",
        {"replacement_list": replacement_list, "body": ListBody(replacement_list),
         "upcoming": UpcomingChanges(replacement_list), "today": timezone.localdate(),
         "body_cache_seconds": LIST_BODY_CACHE_SECONDS, "columns": COLUMNS},
    )  # fmt: skip


def _csv_response(replacement_list) -> HttpResponse:
    entries = replacement_list_public_entries(replacement_list=replacement_list)
    response = HttpResponse(
        list_as_csv(replacement_list, entries), content_type="text/csv; charset=utf-8"
    )
    filename = open_data_filename(replacement_list, "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def list_csv(request: HttpRequest, agency_code: str) -> HttpResponse:
    """The version in force (or the agency's first, yet to take effect)."""
    return _csv_response(_published_or_404(agency_code))


def list_upcoming_csv(request: HttpRequest, agency_code: str) -> HttpResponse:
    """The version published to take over on a later date, in a file of its own
    with the same columns: a spreadsheet of the list in force keeps its rows."""
    upcoming = replacement_list_upcoming_of(replacement_list=_published_or_404(agency_code))
    if upcoming is None:
        raise Http404(_("This agency has no version published for a later date."))
    return _csv_response(upcoming)


def list_json(request: HttpRequest, agency_code: str) -> HttpResponse:
    replacement_list = _published_or_404(agency_code)
    entries = replacement_list_public_entries(replacement_list=replacement_list)
    upcoming = None
    if replacement_list.upcoming_version is not None:
        upcoming = replacement_list_upcoming_of(replacement_list=replacement_list)
    if upcoming is not None:
        upcoming = (upcoming, replacement_list_public_entries(replacement_list=upcoming))
    document = list_as_json(replacement_list, entries, upcoming=upcoming)
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    filename = open_data_filename(replacement_list, "json")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def list_poster(request: HttpRequest, agency_code: str) -> HttpResponse:
    replacement_list = _published_or_404(agency_code)
    entries = list(replacement_list_public_entries(replacement_list=replacement_list))
    url = list_page_url(replacement_list)
    return render(
        request,
        "procedures/public/list_poster.html",
        {"replacement_list": replacement_list, "lines": poster_lines(entries), "url": url,
         "qr": qr_svg(url, title=_("QR code of the online list: %(url)s") % {"url": url}),
         "procedure_count": len({entry.procedure_code for entry in entries}),
         "entry_count": len(entries)},
    )  # fmt: skip
