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
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from datasources import registry
from datasources.corrections import (
    correction_accept,
    correction_decision_check,
    correction_reject,
)
from datasources.exceptions import CorrectionError
from datasources.forms import AccessLogFilterForm, CorrectionDecisionForm, CorrectionFilterForm
from datasources.models import CorrectionFlag, CorrectionStatus
from datasources.purposes import purposes_named_now
from datasources.selectors import (
    access_log_of,
    correction_aged_days,
    corrections_aged_since,
    corrections_filtered,
    corrections_visible_to,
    latest_proposed_value,
    reports_with_their_cases,
)
from dossiers.workspace_views import CONFIRMED_FIELD
from portal.accounts.http import AuthenticatedHttpRequest
from portal.accounts.models import Role

PAGE_SIZE = 25
HANDLED_SHOWN = 50  # the most recent; older ones are found by the person's ID
# Asked before a decision, which cannot be undone: in the queue's dialog
# (data-confirm, the same words), or, without JavaScript, on a page of its own.
DECISION_QUESTION = gettext_lazy(
    "Record this decision? Everyone who reported the value is told at once, and it cannot be "
    "undone."
)


def _day_bound(day, end: bool) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


@login_required
def my_data_access(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def corrections(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _corrections_page(request)


def _corrections_page(
    request: AuthenticatedHttpRequest, *, status: int = 200, refused: dict | None = None
) -> HttpResponse:
    """The open requests, oldest first (so the overdue ones come first), a page
    at a time, each with its reports, and the recently decided ones; both
    narrowed by the filter in the query string, the open ones also to the
    overdue. A refused decision comes back here with a 4xx, the reason said in
    its request's card only, with what was typed (`refused`: pk, error, the
    posted values)."""
    form = CorrectionFilterForm(request.GET or None, user=request.user)
    requests = corrections_visible_to(user=request.user)
    now = timezone.now()
    overdue_since = corrections_aged_since(now)
    open_requests = requests.filter(status=CorrectionStatus.OPEN)
    if form.is_bound and not form.is_valid():
        status, requests, open_requests = 400, requests.none(), requests.none()
    elif form.is_bound:
        data = form.cleaned_data
        requests = corrections_filtered(requests, source=data["source"], subject=data["subject"])
        open_requests = corrections_filtered(
            requests.filter(status=CorrectionStatus.OPEN),
            opened_before=overdue_since if data["overdue"] else None,
        )
    open_requests = open_requests.prefetch_related(
        Prefetch("flags", queryset=CorrectionFlag.objects.select_related("flagged_by__agency"))
    )
    page = Paginator(open_requests, PAGE_SIZE).get_page(request.GET.get("page"))
    reports_with_their_cases(page.object_list)
    for correction in page.object_list:
        correction.days_open = (now - correction.opened_at).days
        correction.overdue = correction.opened_at < overdue_since
        correction.decision_value = _as_typed(latest_proposed_value(correction))
    closed = requests.exclude(status=CorrectionStatus.OPEN).order_by("-resolved_at")[:HANDLED_SHOWN]
    return render(
        request,
        "datasources/corrections.html",
        {"open_requests": page, "page": page, "closed": closed, "filter": form,
         "form": CorrectionDecisionForm(),
         "sources": {source.code: source for source in registry.all_sources()},
         "query": _filter_query(request), "refused": refused or {},
         "decide_query": _filter_query(request, page=page.number),
         # A refusal with no card to say it in (decided meanwhile, on no page,
         # or a reporter's, whose cards have no decision): said above the list.
         "refused_elsewhere": bool(refused and (
             request.user.role != Role.DATA_OWNER
             or refused["pk"] not in {correction.pk for correction in page.object_list})),
         "handled_shown": HANDLED_SHOWN, "aged_days": correction_aged_days()},
        status=status,
    )  # fmt: skip


def _as_typed(value) -> str:
    """A value as the owner types it in the decision: text as it is, a
    structured one as JSON (which `_parsed_value` reads back)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _filter_query(request: HttpRequest, *, page: int = 1) -> str:
    """The filter of the page, for its pages and its decisions to come back to;
    with the page, for a refused decision to come back to its card."""
    kept = {
        key: request.GET[key] for key in ("source", "subject", "overdue") if request.GET.get(key)
    }
    if page > 1:
        kept["page"] = str(page)
    return urlencode(kept)


def _refused(request: HttpRequest, correction, error: str) -> dict:
    return {"pk": correction.pk, "error": error,
            # Which request, said where its card is not on the page (decided meanwhile).
            "source": correction.source, "field": correction.field,
            "subject": correction.subject_personal_id,
            "corrected_value": request.POST.get("corrected_value", ""),
            "note": request.POST.get("note", "")}  # fmt: skip


def _parsed_value(raw: str):
    # Structured values (a registration, a list) are entered as JSON; plain text otherwise.
    try:
        return json.loads(raw)
    except ValueError:
        return raw


@login_required
@require_POST
def correction_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    correction = get_object_or_404(corrections_visible_to(user=request.user), pk=pk)
    form = CorrectionDecisionForm(request.POST)
    if not form.is_valid():
        errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
        # Said in the card of the request it is about, not above the whole list.
        refused = _refused(request, correction, " ".join(errors))
        return _corrections_page(request, status=400, refused=refused)
    data = form.cleaned_data
    if request.POST.get(CONFIRMED_FIELD) != "1":
        # Unconfirmed (no JavaScript for the dialog): asked on a page of its own,
        # once the decision passes; one not possible now is refused in its card.
        try:
            correction_decision_check(request=correction, by=request.user)
        except CorrectionError as error:
            return _corrections_page(
                request, status=400, refused=_refused(request, correction, error.message)
            )
        return _decision_confirmation(request, correction, data)
    try:
        if data["decision"] == "accept":
            correction_accept(request=correction, by=request.user,
                              corrected_value=_parsed_value(data["corrected_value"]),
                              note=data["note"])  # fmt: skip
        else:
            correction_reject(request=correction, by=request.user, reason=data["note"])
    except CorrectionError as error:
        refused = _refused(request, correction, error.message)
        return _corrections_page(request, status=400, refused=refused)
    messages.success(request, "Đã xử lý yêu cầu điều chỉnh. The correction request was handled.")
    query = _filter_query(request)
    return redirect(reverse("datasources:corrections") + (f"?{query}" if query else ""))


def _decision_confirmation(request: HttpRequest, correction, data: dict) -> HttpResponse:
    """The dialog's question as a page: the request, the decision and its value,
    and a form that sends the decision again, every field the owner's form sent
    and confirmed. Nothing has changed yet."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED_FIELD)
        for value in values
    ]
    query = _filter_query(request)
    sources = {source.code: source for source in registry.all_sources()}
    return render(
        request,
        "datasources/confirm_decision.html",
        {"correction": correction, "question": DECISION_QUESTION, "fields": fields,
         "confirmed_field": CONFIRMED_FIELD, "action_url": request.get_full_path(),
         "source": sources.get(correction.source),
         "accept": data["decision"] == "accept",
         "corrected_value": data["corrected_value"], "note": data["note"],
         "queue_url": reverse("datasources:corrections") + (f"?{query}" if query else "")
         + f"#d-{correction.pk}"},
    )  # fmt: skip


@staff_member_required
def source_checks(request: HttpRequest) -> HttpResponse:
    """Every source with its adapter's self-check, for administrators."""
    rows = []
    for source in registry.all_sources():
        adapter = registry.adapter_for(source.code)
        rows.append({"source": source, "adapter": type(adapter).__name__,
                     "check": adapter.check()})  # fmt: skip
    return render(request, "datasources/source_checks.html", {"rows": rows})
