"""The breakdowns on the leader's dashboard (complaints by category,
corrections and lookups per source, procedures with replacements) and the
records behind each of their numbers."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from datasources.registry import source_name
from datasources.selectors import correction_aged_days
from portal.accounts.models import Agency
from portal.dashboards import breakdowns
from portal.dashboards.figures import day_bounds
from portal.dashboards.periods import Period
from portal.dashboards.views import PAGE_SIZE, _leader_only, _period, _unit


def _url(name: str, unit: Agency, period: Period, key: str = "") -> str:
    query = {"unit": unit.code, **period.query(), **({"key": key} if key else {})}
    return f"{reverse('breakdowns:records', args=[name])}?{urlencode(query)}"


def breakdowns_of(unit: Agency, period: Period) -> dict:
    """The four breakdowns of the unit's subtree, each number with its link."""
    now = timezone.now()
    complaints = breakdowns.complaints_by_category(unit=unit, today=timezone.localdate(now))
    corrections = breakdowns.corrections_by_source(unit=unit, now=now)
    lookups = breakdowns.lookups_by_source(unit=unit, first=period.first, last=period.last)
    for row in complaints:
        row["open_url"] = _url("complaints_open", unit, period, row["key"])
        row["overdue_url"] = _url("complaints_overdue", unit, period, row["key"])
    for row in corrections:
        row["open_url"] = _url("corrections_open", unit, period, row["key"])
        row["aged_url"] = _url("corrections_aged", unit, period, row["key"])
    for row in lookups:
        row["lookups_url"] = _url("lookups", unit, period, row["key"])
        row["failed_url"] = _url("lookups_failed", unit, period, row["key"])
    procedures = breakdowns.procedures_replaced(unit=unit)
    procedures["url"] = _url("procedures_replaced", unit, period)
    return {
        "complaints": complaints,
        "corrections": corrections,
        "aged_days": correction_aged_days(),
        "lookups": lookups,
        "procedures": procedures,
    }


def _key_label(name: str, key: str) -> str:
    if name.startswith("complaints"):
        return breakdowns.category_label(key)
    return source_name(key) if key else ""


TITLES = {
    "complaints_open": gettext_lazy("Complaints open"),
    "complaints_overdue": gettext_lazy("Complaints open past their deadline"),
    "corrections_open": gettext_lazy("Correction requests open"),
    # The threshold said in the title: the queue and the reports count by it too.
    "corrections_aged": gettext_lazy("Correction requests open more than %(days)s days"),
    "lookups": gettext_lazy("Lookups"),
    "lookups_failed": gettext_lazy("Lookups the source failed"),
    "procedures_replaced": gettext_lazy("Procedures with published replacements"),
}


def _title(name: str) -> str:
    title = str(TITLES[name])
    return title % {"days": correction_aged_days()} if name == "corrections_aged" else title


@login_required
def breakdown(request: HttpRequest, name: str) -> HttpResponse:
    """The records behind a breakdown's number, within the leader's units."""
    if refusal := _leader_only(request):
        return refusal
    spec = breakdowns.BREAKDOWNS.get(name)
    key = request.GET.get("key", "")
    if spec is None or (spec.keyed and not key):
        raise Http404(_("Không có số liệu này. No such figure."))
    unit = _unit(request)
    form, period = _period(request)
    context: dict = {"unit": unit, "form": form, "listing": spec.listing,
                     "title": _title(name), "key_label": _key_label(name, key),
                     "field_labels": breakdowns.field_labels(key)
                     if spec.listing == "correction" else {}}  # fmt: skip
    if period is None:
        return render(request, "dashboards/breakdown_records.html", context, status=400)
    rows = breakdowns.breakdown_records(
        unit=unit, name=name, key=key, bounds=day_bounds(period.first, period.last),
        now=timezone.now(),
    )  # fmt: skip
    query = request.GET.copy()
    query.pop("page", None)
    context |= {
        "period": period,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": query.urlencode(),
        "back": f"{reverse('dashboards:dashboard')}?"
        + urlencode({"unit": unit.code, **period.query()}),
    }
    return render(request, "dashboards/breakdown_records.html", context)
