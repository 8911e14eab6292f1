"""Staff pages of replacement lists: the lists of the agencies a user may see,
one list with its entries, workflow actions, history and changes, and the
catalog's coverage. For service-center staff and leaders; every read starts
from a selector scoped to the user; every change goes through
procedures.publication, whose refusals come back as a 4xx next to the action."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from datasources import registry
from datasources.documents import all_document_types
from procedures import publication
from procedures.coverage import catalog_coverage
from procedures.diff import ListDiff, entries_diff
from procedures.exceptions import PublicationError
from procedures.list_workflow import ACTION_LABELS, WORKFLOW_ROLES, Action, allowed_actions
from procedures.models import ReplacementList, ReplacementListEntry, ReplacementListStatus
from procedures.selectors import (
    catalog_procedures,
    catalog_replacements_not_on,
    catalog_sectors,
    list_agencies_visible_to,
    replacement_list_entries,
    replacement_list_events,
    replacement_list_force,
    replacement_list_previous_published,
    replacement_list_published_of,
    replacement_lists_current_of,
    replacement_lists_visible_to,
)
from procedures.staff_forms import CoverageFilterForm, EntryAddForm, PublishForm, ReturnForm

AGENCY_PAGE_SIZE = 50
COVERAGE_PAGE_SIZE = 50


def _refused(request: HttpRequest) -> HttpResponse | None:
    if request.user.role not in WORKFLOW_ROLES:
        return render(request, "403.html", status=403)
    return None


def _list_or_404(request: HttpRequest, pk: int) -> ReplacementList:
    return get_object_or_404(replacement_lists_visible_to(user=request.user), pk=pk)


def _lists_index_context(request: HttpRequest, agencies: QuerySet) -> dict:
    search = request.GET.get("q", "").strip()[:100]
    if search:
        agencies = agencies.filter(name__icontains=search)
    page = Paginator(agencies.order_by("path"), AGENCY_PAGE_SIZE).get_page(request.GET.get("page"))
    current = replacement_lists_current_of(agencies=[agency.pk for agency in page])
    waiting = []
    if request.user.role == "leader":
        waiting = list(
            replacement_lists_visible_to(user=request.user)
            .filter(status=ReplacementListStatus.SUBMITTED)
            .order_by("submitted_at")[:50]
        )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page, "search": search, "query": query.urlencode(), "waiting": waiting,
        "rows": [(agency, current.get(agency.pk, {})) for agency in page],
    }  # fmt: skip


@login_required
def lists_index(request: HttpRequest) -> HttpResponse:
    """The agencies whose lists this user may see, each with its open and published version."""
    if refusal := _refused(request):
        return refusal
    agencies = list_agencies_visible_to(user=request.user)
    return render(request, "procedures/staff/lists.html", _lists_index_context(request, agencies))


@login_required
@require_POST
def draft_start(request: HttpRequest, agency_pk: int) -> HttpResponse:
    if refusal := _refused(request):
        return refusal
    agencies = list_agencies_visible_to(user=request.user)
    agency = get_object_or_404(agencies, pk=agency_pk)
    try:
        draft = publication.replacement_list_draft_start(agency=agency, by=request.user)
    except PublicationError as error:
        context = _lists_index_context(request, agencies)
        context["start_error"] = {"agency": agency.pk, "message": error.message}
        return render(request, "procedures/staff/lists.html", context, status=error.http_status)
    messages.success(
        request,
        _("Đã lập dự thảo phiên bản %(version)s. Draft version %(version)s started.")
        % {"version": draft.version},
    )
    return redirect("catalog-staff:list-detail", pk=draft.pk)


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _changes_shown(diff: ListDiff) -> list[dict]:
    """Each changed entry with (label, before, after) for the fields that differ."""
    return [
        {"new": change.new,
         "rows": [(ReplacementListEntry._meta.get_field(name).verbose_name,
                   _shown(getattr(change.old, name)), _shown(getattr(change.new, name)))
                  for name in change.fields]}
        for change in diff.changed
    ]  # fmt: skip


def _detail(
    request: HttpRequest,
    replacement_list: ReplacementList,
    *,
    status: int = 200,
    error: tuple[str, str] | None = None,
    forms: dict | None = None,
) -> HttpResponse:
    """The list page. `error`: (action, message) of a refused action, shown next to it."""
    user = request.user
    entries = list(replacement_list_entries(replacement_list=replacement_list))
    if replacement_list.status in (
        ReplacementListStatus.PUBLISHED,
        ReplacementListStatus.SUPERSEDED,
    ):
        base = replacement_list_previous_published(replacement_list=replacement_list)
    else:
        base = replacement_list_published_of(agency=replacement_list.agency)
    diff = entries_diff(old=list(base.entries.all()) if base else [], new=entries)
    allowed = allowed_actions(replacement_list=replacement_list, user=user)
    forms = forms or {}
    if "edit" in allowed and "add" not in forms:
        available = catalog_replacements_not_on(replacement_list=replacement_list)
        forms["add"] = EntryAddForm(available=available)
    if Action.RETURN in allowed:
        forms.setdefault("return", ReturnForm())
    if Action.PUBLISH in allowed:
        forms.setdefault("publish", PublishForm())
    events = [
        (event, ACTION_LABELS.get(event.action, event.action))
        for event in replacement_list_events(replacement_list=replacement_list)
    ]
    versions = replacement_lists_visible_to(user=user).filter(agency_id=replacement_list.agency_id)
    error_action, error_message = error or ("", "")
    on_entries = error_action in ("add", "remove")
    context = {
        "replacement_list": replacement_list, "entries": entries, "base": base, "diff": diff,
        "changes": _changes_shown(diff), "allowed": allowed, "forms": forms, "events": events,
        "versions": versions, "force": replacement_list_force(replacement_list=replacement_list),
        "entries_error": error_message if on_entries else "",
        "actions_error": "" if on_entries else error_message,
        "document_types": {document.code: document for document in all_document_types()},
        "sources": {source.code: source for source in registry.all_sources()},
    }  # fmt: skip
    return render(request, "procedures/staff/list_detail.html", context, status=status)


@login_required
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if refusal := _refused(request):
        return refusal
    return _detail(request, _list_or_404(request, pk))


def _refusal_page(
    request: HttpRequest, pk: int, action: str, error: PublicationError, forms: dict | None = None
):
    # Reloaded: the refused action changed nothing, but someone else may have.
    return _detail(
        request, _list_or_404(request, pk), status=error.http_status,
        error=(action, error.message), forms=forms,
    )  # fmt: skip


@login_required
@require_POST
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    if refusal := _refused(request):
        return refusal
    replacement_list = _list_or_404(request, pk)
    available = catalog_replacements_not_on(replacement_list=replacement_list)
    form = EntryAddForm(request.POST, available=available)
    if not form.is_valid():
        message = _("Hãy chọn một thành phần. Choose a component.")
        return _detail(
            request, replacement_list, status=400, forms={"add": form}, error=("add", message)
        )
    try:
        entry = publication.replacement_list_entry_add(
            replacement_list=replacement_list, replacement=form.cleaned_data["replacement"],
            by=request.user,
        )  # fmt: skip
    except PublicationError as error:
        return _refusal_page(request, pk, "add", error)
    messages.success(
        request, _("Đã thêm: %(name)s. Added: %(name)s.") % {"name": entry.component_name}
    )
    return redirect("catalog-staff:list-detail", pk=pk)


@login_required
@require_POST
def entry_remove(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    if refusal := _refused(request):
        return refusal
    replacement_list = _list_or_404(request, pk)
    entry = get_object_or_404(replacement_list.entries, pk=entry_pk)
    try:
        publication.replacement_list_entry_remove(
            replacement_list=replacement_list, entry=entry, by=request.user
        )
    except PublicationError as error:
        return _refusal_page(request, pk, "remove", error)
    messages.success(
        request, _("Đã bỏ: %(name)s. Removed: %(name)s.") % {"name": entry.component_name}
    )
    return redirect("catalog-staff:list-detail", pk=pk)


@login_required
@require_POST
def list_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit, return, approve or publish: the service decides whether it is lawful."""
    if refusal := _refused(request):
        return refusal
    replacement_list = _list_or_404(request, pk)
    user = request.user
    form: ReturnForm | PublishForm | None = None
    try:
        if action == Action.SUBMIT:
            publication.replacement_list_submit(replacement_list=replacement_list, by=user)
            done = _("Đã trình phê duyệt. Submitted for approval.")
        elif action == Action.APPROVE:
            publication.replacement_list_approve(replacement_list=replacement_list, by=user)
            done = _("Đã phê duyệt. Approved.")
        elif action == Action.RETURN:
            form = ReturnForm(request.POST)
            if not form.is_valid():
                message = _("Cần nêu lý do. A reason is required.")
                return _detail(
                    request, replacement_list, status=400, forms={"return": form},
                    error=(action, message),
                )  # fmt: skip
            publication.replacement_list_return(
                replacement_list=replacement_list, by=user, reason=form.cleaned_data["reason"]
            )
            done = _("Đã trả lại để chỉnh sửa. Returned for changes.")
        else:  # publish
            form = PublishForm(request.POST)
            if not form.is_valid():
                return _detail(
                    request, replacement_list, status=400, forms={"publish": form},
                    error=(action, _("Hãy nhập ngày có hiệu lực. Enter the effective date.")),
                )  # fmt: skip
            published = publication.replacement_list_publish(
                replacement_list=replacement_list, by=user,
                effective_date=form.cleaned_data["effective_date"],
            )  # fmt: skip
            date = published.effective_date.strftime("%d/%m/%Y")
            if published.effective_date > timezone.localdate():
                done = _(
                    "Đã công bố, có hiệu lực từ %(date)s; đến ngày đó, phiên bản trước vẫn được "
                    "áp dụng. Published, in force from %(date)s; the previous version applies "
                    "until then."
                ) % {"date": date}
            else:
                done = _("Đã công bố, hiệu lực từ %(date)s. Published, in force from %(date)s.") % {
                    "date": date
                }
    except PublicationError as error:
        # What was typed (the date, the reason) comes back with the refusal, to
        # correct rather than retype: a past date is not silently made today's.
        return _refusal_page(request, pk, action, error, forms={action: form} if form else None)
    messages.success(request, done)
    return redirect("catalog-staff:list-detail", pk=pk)


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Per procedure, the share of components replaced by data, and the candidates."""
    if refusal := _refused(request):
        return refusal
    form = CoverageFilterForm(request.GET or None, sectors=catalog_sectors())
    status, level, sector, candidates_only = 200, "", None, False
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        level = form.cleaned_data["level"]
        sector = form.cleaned_data["sector"]
        candidates_only = form.cleaned_data["candidates_only"]
    result = catalog_coverage(procedures=catalog_procedures(level=level, sector=sector))
    rows = [row for row in result.procedures if row.candidates] if candidates_only \
        else result.procedures  # fmt: skip
    page = Paginator(rows, COVERAGE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "coverage": result, "page": page, "query": query.urlencode()}
    return render(request, "procedures/staff/coverage.html", context, status=status)
