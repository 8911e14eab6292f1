"""The reports page: the reports of the reader's units, their files, and
generating a report again for a past period."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.dashboards.reports import (
    CONTENT_TYPES,
    REPORTS_BEGIN,
    ReportError,
    report_file,
    report_file_stem,
    report_period,
)
from portal.dashboards.reports_forms import ReportRegenerateForm
from portal.dashboards.reports_models import ReportKind
from portal.dashboards.reports_selectors import (
    REPORT_MAKERS,
    REPORT_READERS,
    RequestedReport,
    report_generated_at,
    report_units,
    reports_requested,
    reports_visible_to,
)

PAGE_SIZE = 50
# The reports asked for from the page, kept in the session until shown ready:
# the worker prepares them, the page says so and looks again every few seconds.
REQUESTED_KEY = "dashboards_reports_requested"
REQUESTED_KEPT = datetime.timedelta(minutes=15)
REQUESTED_POLL_SECONDS = 3
# htmx stops polling on this status.
POLL_STOP = 286


def _refused(request: HttpRequest) -> HttpResponse | None:
    if request.user.role not in REPORT_READERS:
        return render(request, "403.html", status=403)
    return None


def _requested(request: HttpRequest) -> list[RequestedReport]:
    """The reports this reader asked for lately; those now ready are shown once,
    then forgotten, as are requests older than REQUESTED_KEPT."""
    since = timezone.now() - REQUESTED_KEPT
    kept = [
        item for item in request.session.get(REQUESTED_KEY, [])
        if datetime.datetime.fromisoformat(item["at"]) >= since
    ]  # fmt: skip
    requested = reports_requested(user=request.user, requested=kept)
    pending = [item for item, found in zip(kept, requested, strict=True) if found.report is None]
    if pending != request.session.get(REQUESTED_KEY, []):
        request.session[REQUESTED_KEY] = pending
    return requested


def _table(request: HttpRequest, kind: str | None) -> dict:
    """The list of reports the reader may see, of one kind or all, one page of it."""
    reports = reports_visible_to(user=request.user)
    if kind in ReportKind.values:
        reports = reports.filter(kind=kind)
    return {
        "page": Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": f"kind={kind}" if kind in ReportKind.values else "",
        "can_make": request.user.role in REPORT_MAKERS,
    }


def _page(request: HttpRequest, form: ReportRegenerateForm, *, status: int = 200) -> HttpResponse:
    requested = _requested(request)
    waiting = any(item.report is None for item in requested)
    kind = request.GET.get("kind")
    if request.htmx and request.GET.get("part") == "requested":
        # Once all are ready, the list of reports is sent again with them in it.
        context = {"requested": requested, "waiting": waiting, "table_refresh": not waiting,
                   **({} if waiting else _table(request, kind))}  # fmt: skip
        return render(request, "dashboards/_reports_requested.html", context,
                      status=200 if waiting else POLL_STOP)  # fmt: skip
    can_make = request.user.role in REPORT_MAKERS
    context = {
        **_table(request, kind),
        "kinds": ReportKind.choices,
        "kind": kind if kind in ReportKind.values else "",
        "form": form,
        "units": report_units(user=request.user) if can_make else [],
        "requested": requested,
        "waiting": waiting,
        "poll_seconds": REQUESTED_POLL_SECONDS,
        "day_min": REPORTS_BEGIN.isoformat(),
        "day_max": timezone.localdate().isoformat(),
    }
    return render(request, "dashboards/reports.html", context, status=status)


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    if refusal := _refused(request):
        return refusal
    return _page(request, ReportRegenerateForm())


@login_required
def report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """A report's file; another unit's report is not found, like one that does not exist."""
    report = reports_visible_to(user=request.user).filter(pk=pk).first()
    if report is None or fmt not in CONTENT_TYPES or not report_file(report, fmt):
        raise Http404(_("Không có báo cáo này. No such report."))
    stored = report_file(report, fmt)
    return FileResponse(
        stored.open("rb"), as_attachment=True, filename=f"{report_file_stem(report)}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )  # fmt: skip


@login_required
@require_POST
def report_regenerate(request: HttpRequest) -> HttpResponse:
    """Generate a report again (or for the first time) for a period begun:
    queued, it replaces the stored one when done."""
    from portal.dashboards.reports_tasks import report_generate_task

    if request.user.role not in REPORT_MAKERS:
        return render(request, "403.html", status=403)
    form = ReportRegenerateForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    agency = report_units(user=request.user).filter(code=form.cleaned_data["unit"]).first()
    if agency is None:
        raise Http404(_("Không có đơn vị này. No such unit."))
    kind, day = form.cleaned_data["kind"], form.cleaned_data["day"]
    try:
        first, last = report_period(kind=kind, agency=agency, day=day)
    except ReportError as error:
        form.add_error(None, str(error))
        return _page(request, form, status=400)
    asked = {"kind": kind, "agency": agency.pk, "unit": agency.name, "first": first.isoformat(),
             "last": last.isoformat(), "at": timezone.now().isoformat()}  # fmt: skip
    request.session[REQUESTED_KEY] = [
        item for item in request.session.get(REQUESTED_KEY, [])
        if (item["kind"], item["agency"], item["first"]) != (kind, agency.pk, asked["first"])
    ][-9:] + [asked]  # fmt: skip
    # The report as stored now is the one to replace: the task, if delivered
    # twice, finds it replaced already and does not make it (nor send it) again.
    stored = report_generated_at(kind=kind, agency=agency, period_start=first)
    replacing = stored.isoformat() if stored else None
    transaction.on_commit(
        lambda: report_generate_task.delay(kind, agency.pk, day.isoformat(), replacing=replacing)
    )
    messages.success(request, _(
        "The report of %(unit)s from %(first)s to %(last)s is being prepared; it appears at the "
        "top of this page when ready, in a few moments, replacing any stored one."
    ) % {"unit": agency.name, "first": first.strftime("%d/%m/%Y"),
         "last": last.strftime("%d/%m/%Y")})  # fmt: skip
    return redirect("dashboards:reports")
