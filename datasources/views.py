"""Pages of data access: who used my data, correction requests, source checks."""

from __future__ import annotations

import json
from datetime import datetime, time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from datasources import registry
from datasources.corrections import correction_accept, correction_reject
from datasources.exceptions import CorrectionError
from datasources.forms import AccessLogFilterForm, CorrectionDecisionForm, CorrectionFilterForm
from datasources.models import CorrectionFlag, CorrectionStatus
from datasources.purposes import purposes_named_now
from datasources.selectors import (
    access_log_of,
    corrections_filtered,
    corrections_visible_to,
    reports_with_their_cases,
)

PAGE_SIZE = 25
HANDLED_SHOWN = 50  # the most recent; older ones are found by the person's ID


def _day_bound(day, end: bool) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


@login_required
def my_data_access(request: HttpRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET or None)
    entries = access_log_of(user=request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["source"]:
            entries = entries.filter(source=data["source"])
        if data["purpose_type"]:
            entries = entries.filter(purpose_type=data["purpose_type"])
        if data["date_from"]:
            entries = entries.filter(created_at__gte=_day_bound(data["date_from"], end=False))
        if data["date_to"]:
            entries = entries.filter(created_at__lte=_day_bound(data["date_to"], end=True))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = purposes_named_now(page.object_list)
    sources = {source.code: source for source in registry.all_sources()}
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "datasources/my_data_access.html",
        {"form": form, "page": page, "sources": sources,
         "query": query.urlencode()},
        status=status,
    )  # fmt: skip


@login_required
def corrections(request: HttpRequest) -> HttpResponse:
    return _corrections_page(request)


def _corrections_page(
    request: HttpRequest, *, status: int = 200, refused: dict | None = None
) -> HttpResponse:
    """The open requests, oldest first, a page at a time, each with its reports,
    and the recently decided ones; both narrowed by the filter in the query
    string. A refused decision comes back here with a 4xx, the messages saying
    why and, in its request's card, the reason again with what was typed
    (`refused`: pk, error, the posted values)."""
    form = CorrectionFilterForm(request.GET or None, user=request.user)
    requests = corrections_visible_to(user=request.user)
    if form.is_bound and not form.is_valid():
        status, requests = 400, requests.none()
    elif form.is_bound:
        requests = corrections_filtered(requests, source=form.cleaned_data["source"],
                                        subject=form.cleaned_data["subject"])  # fmt: skip
    open_requests = requests.filter(status=CorrectionStatus.OPEN).prefetch_related(
        Prefetch("flags", queryset=CorrectionFlag.objects.select_related("flagged_by__agency"))
    )
    page = Paginator(open_requests, PAGE_SIZE).get_page(request.GET.get("page"))
    reports_with_their_cases(page.object_list)
    closed = requests.exclude(status=CorrectionStatus.OPEN).order_by("-resolved_at")[:HANDLED_SHOWN]
    return render(
        request,
        "datasources/corrections.html",
        {"open_requests": page, "page": page, "closed": closed, "filter": form,
         "form": CorrectionDecisionForm(),
         "sources": {source.code: source for source in registry.all_sources()},
         "query": _filter_query(request), "refused": refused or {},
         "handled_shown": HANDLED_SHOWN},
        status=status,
    )  # fmt: skip


def _filter_query(request: HttpRequest) -> str:
    """The filter of the page, for its pages and its decisions to come back to."""
    kept = {key: request.GET[key] for key in ("source", "subject") if request.GET.get(key)}
    return urlencode(kept)


def _refused(request: HttpRequest, pk: int, error: str) -> dict:
    return {"pk": pk, "error": error, "corrected_value": request.POST.get("corrected_value", ""),
            "note": request.POST.get("note", "")}  # fmt: skip


def _parsed_value(raw: str):
    # Structured values (a registration, a list) are entered as JSON; plain text otherwise.
    try:
        return json.loads(raw)
    except ValueError:
        return raw


@login_required
@require_POST
def correction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    correction = get_object_or_404(corrections_visible_to(user=request.user), pk=pk)
    form = CorrectionDecisionForm(request.POST)
    if not form.is_valid():
        errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
        for error in errors:
            messages.error(request, error)
        refused = _refused(request, correction.pk, " ".join(errors))
        return _corrections_page(request, status=400, refused=refused)
    data = form.cleaned_data
    try:
        if data["decision"] == "accept":
            correction_accept(request=correction, by=request.user,
                              corrected_value=_parsed_value(data["corrected_value"]),
                              note=data["note"])  # fmt: skip
        else:
            correction_reject(request=correction, by=request.user, reason=data["note"])
    except CorrectionError as error:
        messages.error(request, error.message)
        refused = _refused(request, correction.pk, error.message)
        return _corrections_page(request, status=400, refused=refused)
    messages.success(request, "Đã xử lý yêu cầu điều chỉnh. The correction request was handled.")
    query = _filter_query(request)
    return redirect(reverse("datasources:corrections") + (f"?{query}" if query else ""))


@staff_member_required
def source_checks(request: HttpRequest) -> HttpResponse:
    """Every source with its adapter's self-check, for administrators."""
    rows = []
    for source in registry.all_sources():
        adapter = registry.adapter_for(source.code)
        rows.append({"source": source, "adapter": type(adapter).__name__,
                     "check": adapter.check()})  # fmt: skip
    return render(request, "datasources/source_checks.html", {"rows": rows})
