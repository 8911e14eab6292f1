"""The public transparency page: per-unit figures of a province, no login."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.dashboards import index766
from portal.dashboards.periods import PeriodForm, default_period
from portal.dashboards.public_figures import public_figures, public_province, public_provinces


def transparency(request: HttpRequest) -> HttpResponse:
    provinces = list(public_provinces())
    code = request.GET.get("province") or None
    if {"period", "from", "to"} & set(request.GET):
        form = PeriodForm(request.GET)
        period = form.chosen() if form.is_valid() else None
    else:
        form, period = PeriodForm(initial={"period": "month"}), default_period()
    province = public_province(code, period=period or default_period())
    context = {"provinces": provinces, "province": province, "form": form, "period": period,
               "groups": index766.GROUPS}  # fmt: skip
    if province is None:
        context["error"] = _("Không có tỉnh, thành phố này. No such province.") if code else None
        return render(request, "dashboards/transparency.html", context, status=404 if code else 200)
    if period is None:
        return render(request, "dashboards/transparency.html", context, status=400)
    rows = public_figures(province=province, period=period)
    context["rows"] = [row for row in rows if not row.quiet]
    context["quiet_units"] = [row.name for row in rows if row.quiet]
    context["json_query"] = urlencode({"province": province.code, **period.query()})
    return render(request, "dashboards/transparency.html", context)
