"""The leader's dashboard: figures and the Decision 766 index of their units
over a period, a trend, and the records behind every number."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal.accounts.models import Agency
from portal.core.vietnamese import vietnamese_order, vietnamese_sort_key
from portal.dashboards import index766
from portal.dashboards.live import LIVE_FIGURES, live_figures
from portal.dashboards.models import COUNTERS, UnitDayFigures
from portal.dashboards.periods import Period, PeriodForm, default_period
from portal.dashboards.records import late_dossiers_page, listing_of, records_behind
from portal.dashboards.selectors import (
    DASHBOARD_ROLES,
    daily_figures,
    dashboard_unit,
    figures_refreshed_at,
    subtree_figures,
)

PAGE_SIZE = 50
# The two tables of figures: the dossiers, then once-only compliance and complaints.
# A live figure (what is late now) closes each table.
DOSSIER_FIGURES = (
    "dossiers_received", "dossiers_online", "dossiers_with_replacements", "dossiers_paperless",
    "dossiers_on_time", "dossiers_overdue", "dossiers_approved", "results_digitised",
    "payments_paid", "payments_online", "dossier_ratings_count", "dossier_ratings_satisfied",
    "dossiers_open_overdue",
)  # fmt: skip
COMPLIANCE_FIGURES = (
    *(name for name in COUNTERS if name not in DOSSIER_FIGURES),
    "complaints_open_overdue",
)
# The trend: what a leader watches day by day.
TREND_FIGURES = ("dossiers_received", "dossiers_on_time", "dossiers_overdue",
                 "dossiers_paperless", "reprovide_refused")  # fmt: skip


def figure_label(name: str) -> str:
    if name in LIVE_FIGURES:
        return capfirst(str(LIVE_FIGURES[name].label))
    return capfirst(str(UnitDayFigures._meta.get_field(name).verbose_name))


def _period(request: HttpRequest) -> tuple[PeriodForm, Period | None]:
    """The period asked for, or None (with the form's errors) when the input is wrong."""
    if not {"period", "from", "to"} & set(request.GET):
        return PeriodForm(initial={"period": "month"}), default_period()
    form = PeriodForm(request.GET)
    return form, form.chosen() if form.is_valid() else None


def _leader_only(request: HttpRequest) -> HttpResponse | None:
    if request.user.role not in DASHBOARD_ROLES:
        return render(request, "403.html", status=403)
    return None


def _unit(request: HttpRequest) -> Agency:
    unit = dashboard_unit(user=request.user, code=request.GET.get("unit") or None)
    if unit is None:
        raise Http404(_("Không có đơn vị này. No such unit."))
    return unit


def _figure_rows(units: list[Agency], totals: dict, now: dict, names: tuple[str, ...],
                 period: Period) -> list[dict]:  # fmt: skip
    # Each figure's address reversed once, each unit's query built once: a
    # city's table is a hundred units times a dozen numbers, each a link.
    bases = {name: reverse("dashboards:records", args=[name]) for name in names}
    rows = []
    for position, unit in enumerate(units):
        values = totals[unit.pk] | now[unit.pk]
        query = urlencode({"unit": unit.code, **period.query()})
        cells = [(values[name], f"{bases[name]}?{query}") for name in names]
        rows.append({"unit": unit, "total": position == 0, "cells": cells})
    return rows


def _quiet_apart(rows: list[dict]) -> tuple[list[dict], list[Agency]]:
    """The rows with something to show (the total first), and the units under
    it with nothing in the period: a city has a hundred wards, most of them
    quiet on a given day, which a leader scans past as names, not rows of 0."""
    total, *units = rows
    busy = [row for row in units if any(value for value, _url in row["cells"])]
    quiet = [row["unit"] for row in units if not any(value for value, _url in row["cells"])]
    return [total, *busy], quiet


def _points(index: index766.Index | None) -> list[float]:
    return [index.groups[group.key] for group in index766.GROUPS] if index else []


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if refusal := _leader_only(request):
        return refusal
    unit = _unit(request)
    form, period = _period(request)
    context: dict = {"unit": unit, "form": form, "period": period, "groups": index766.GROUPS}
    if unit.parent_id and unit.pk != request.user.agency_id:
        context["parent"] = unit.parent  # within the leader's subtree: below their own unit
    if period is None:
        return render(request, "dashboards/dashboard.html", context, status=400)
    children = list(unit.children.order_by(vietnamese_order("name"), "id"))
    units = [unit, *children]
    totals = subtree_figures(units=units, first=period.first, last=period.last)
    now = live_figures(units=units, today=timezone.localdate())
    indices = {u.pk: index766.index_766(totals[u.pk]) for u in units}
    ranks = {
        u.pk: rank for rank, u, _index in index766.ranking({c: indices[c.pk] for c in children})
    }
    daily = daily_figures(unit=unit, first=period.first, last=period.last)
    context |= {
        "unit_query": urlencode(period.query()),
        "index": indices[unit.pk],
        "unit_points": _points(indices[unit.pk]),
        "index_rows": sorted(
            (
                {
                    "unit": c,
                    "index": indices[c.pk],
                    "rank": ranks[c.pk],
                    "points": _points(indices[c.pk]),
                }
                for c in children
                if c.pk in ranks
            ),
            key=lambda row: (row["rank"], vietnamese_sort_key(row["unit"].name)),
        ),
        # Units with no dossier received or resolved in the period: not rated.
        "unrated_units": [c for c in children if c.pk not in ranks],
        "dossier_heads": [figure_label(name) for name in DOSSIER_FIGURES],
        **dict(
            zip(
                ("dossier_rows", "dossier_quiet"),
                _quiet_apart(_figure_rows(units, totals, now, DOSSIER_FIGURES, period)),
                strict=True,
            )
        ),
        "compliance_heads": [figure_label(name) for name in COMPLIANCE_FIGURES],
        **dict(
            zip(
                ("compliance_rows", "compliance_quiet"),
                _quiet_apart(_figure_rows(units, totals, now, COMPLIANCE_FIGURES, period)),
                strict=True,
            )
        ),
        "trend_heads": [figure_label(name) for name in TREND_FIGURES],
        "trend_rows": [(day, [f[name] for name in TREND_FIGURES]) for day, f in daily],
        "trend_chart": {
            "labels": [day.strftime("%d/%m") for day, _f in daily],
            "series": [
                {"label": figure_label(name), "data": [f[name] for _day, f in daily]}
                for name in TREND_FIGURES
            ],
        },
        "refreshed_at": figures_refreshed_at(unit=unit, first=period.first, last=period.last),
    }
    # Imported here: the breakdowns' views reuse this module's helpers.
    from portal.dashboards.breakdown_views import breakdowns_of

    context["breakdowns"] = breakdowns_of(unit, period)
    return render(request, "dashboards/dashboard.html", context)


@login_required
def records(request: HttpRequest, figure: str) -> HttpResponse:
    """The records a number counts: the unit's subtree, the period, the figure's condition."""
    if refusal := _leader_only(request):
        return refusal
    if figure not in COUNTERS and figure not in LIVE_FIGURES:
        raise Http404(_("Không có số liệu này. No such figure."))
    unit = _unit(request)
    form, period = _period(request)
    context: dict = {"unit": unit, "form": form, "figure": figure_label(figure),
                     "listing": listing_of(figure), "live": figure in LIVE_FIGURES}  # fmt: skip
    if period is None:
        return render(request, "dashboards/records.html", context, status=400)
    rows = records_behind(user=request.user, unit=unit, figure=figure, period=period)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if context["listing"] == "late_dossier":
        page = late_dossiers_page(page)
    query = request.GET.copy()
    query.pop("page", None)
    context |= {
        "period": period,
        "page": page,
        "query": query.urlencode(),
        "back": f"{reverse('dashboards:dashboard')}?"
        + urlencode({"unit": unit.code, **period.query()}),
    }
    return render(request, "dashboards/records.html", context)
