"""Dashboards API: a leader's figures and Decision 766 index per unit and
period, within their units; and the public figures of the transparency page,
without login. Refusals come back in the portal's shape (portal.api_errors):
400 for a bad period (`invalid`, the field in `fields`), 403 for a user who
is no leader, 404 for a unit or province out of reach."""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api_errors import ErrorSerializer, field_messages, invalid
from portal.core.vietnamese import vietnamese_order
from portal.dashboards import index766
from portal.dashboards.live import LIVE_FIGURES, live_figures
from portal.dashboards.models import COUNTERS
from portal.dashboards.periods import PERIOD_CHOICES, Period, PeriodForm, default_period
from portal.dashboards.public_figures import public_figures, public_province
from portal.dashboards.selectors import DASHBOARD_ROLES, dashboard_unit, subtree_figures

NO_UNIT = "Không có đơn vị này trong phạm vi của bạn. No such unit among yours."
NO_PROVINCE = "Không có tỉnh, thành phố này. No such province."
NOT_A_LEADER = (
    "Chỉ lãnh đạo xem được số liệu của đơn vị. Only leaders may read their units' figures."
)


def _error(code: str, detail: str, http_status: int) -> Response:
    return Response({"code": code, "detail": str(detail)}, status=http_status)


def _period(request: Request) -> Period:
    """The period asked for (this month when none is); a 400 naming what is wrong."""
    params = request.query_params
    if not {"period", "from", "to"} & set(params):
        return default_period()
    form = PeriodForm(params)
    if form.is_valid():
        return form.chosen()
    # Named as the query names them: a wrong or missing range is the period's.
    fields = field_messages({
        {"start": "from", "end": "to", "__all__": "period"}.get(name, name): errors
        for name, errors in form.errors.as_data().items()
    })  # fmt: skip
    raise invalid(fields, detail=next(iter(fields.values()))[0])


PERIOD_PARAMETERS = [
    OpenApiParameter("period", str, enum=[value for value, _label in PERIOD_CHOICES],
                     description="This week, this month (the default) or chosen dates."),
    OpenApiParameter("from", str, description="First day (YYYY-MM-DD), with period=custom."),
    OpenApiParameter("to", str, description="Last day (YYYY-MM-DD), with period=custom."),
]  # fmt: skip


class DashboardPeriodSerializer(serializers.Serializer):
    kind = serializers.CharField()
    first = serializers.DateField()
    last = serializers.DateField()


class DashboardIndexSerializer(serializers.Serializer):
    total = serializers.FloatField(help_text="Out of 100.")
    class_key = serializers.CharField()
    class_label = serializers.CharField()
    groups = serializers.DictField(
        child=serializers.FloatField(),
        help_text="Points per group: "
        + ", ".join(f"{group.key} ({group.points})" for group in index766.GROUPS),
    )


# The counters of a unit over the period (its subtree summed), then what is late now.
DashboardFiguresSerializer = type(
    "DashboardFiguresSerializer",
    (serializers.Serializer,),
    {name: serializers.IntegerField() for name in (*COUNTERS, *LIVE_FIGURES)},
)


def _index(index: index766.Index | None) -> dict | None:
    if index is None:
        return None
    return {"total": index.total, "class_key": index.class_key, "class_label": index.class_label,
            "groups": index.groups}  # fmt: skip


def _period_data(period: Period) -> dict:
    return {"kind": period.kind, "first": period.first, "last": period.last}


class DashboardUnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    figures = DashboardFiguresSerializer()
    index = DashboardIndexSerializer(allow_null=True, help_text="Null when not rated.")
    rank = serializers.IntegerField(allow_null=True, help_text="Among the units under the unit.")


class TransparencyUnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    total = serializers.BooleanField(help_text="The province: the sum over its units.")
    received = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    online_share = serializers.FloatField(allow_null=True)
    paperless_rate = serializers.FloatField(allow_null=True)
    reprovide_refused = serializers.IntegerField()
    complaints_substantiated = serializers.IntegerField()
    index = DashboardIndexSerializer(allow_null=True, help_text="Null when not rated.")


class UnitFiguresApi(APIView):
    """A unit's figures and index, then each unit directly under it with its rank."""

    # Checked in the view, so that a refusal says why in both languages.
    permission_classes = [permissions.AllowAny]

    class OutputSerializer(serializers.Serializer):
        period = DashboardPeriodSerializer()
        unit = DashboardUnitSerializer()
        units = DashboardUnitSerializer(many=True)

    @extend_schema(
        parameters=[OpenApiParameter("unit", str, description="Agency code; yours by default."),
                    *PERIOD_PARAMETERS],
        responses={200: OutputSerializer, **{code: ErrorSerializer
                                             for code in (400, 403, 404)}},
        summary="Figures and Decision 766 index of a unit and the units under it",
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        if not request.user.is_authenticated or request.user.role not in DASHBOARD_ROLES:
            return _error("forbidden", NOT_A_LEADER, status.HTTP_403_FORBIDDEN)
        unit = dashboard_unit(user=request.user, code=request.query_params.get("unit") or None)
        if unit is None:
            return _error("unit", NO_UNIT, status.HTTP_404_NOT_FOUND)
        period = _period(request)
        children = list(unit.children.order_by(vietnamese_order("name"), "id"))
        units = [unit, *children]
        totals = subtree_figures(units=units, first=period.first, last=period.last)
        now = live_figures(units=units, today=timezone.localdate())
        indices = {u.pk: index766.index_766(totals[u.pk]) for u in units}
        ranks = {u.pk: rank for rank, u, _i in
                 index766.ranking({c: indices[c.pk] for c in children})}  # fmt: skip

        def row(u):
            return {"code": u.code, "name": u.name, "figures": totals[u.pk] | now[u.pk],
                    "index": _index(indices[u.pk]), "rank": ranks.get(u.pk)}  # fmt: skip

        data = {"period": _period_data(period), "unit": row(unit),
                "units": [row(c) for c in children]}  # fmt: skip
        return Response(self.OutputSerializer(data).data)


class TransparencyApi(APIView):
    """The public figures of a province's units: counts and rates, no personal data."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    class OutputSerializer(serializers.Serializer):
        province = serializers.CharField()
        period = DashboardPeriodSerializer()
        units = TransparencyUnitSerializer(many=True)

    @extend_schema(
        parameters=[OpenApiParameter("province", str, description="Agency code; by default "
                                     "the province that received the most dossiers in the "
                                     "period."), *PERIOD_PARAMETERS],
        responses={200: OutputSerializer, **{code: ErrorSerializer
                                             for code in (400, 404)}},
        summary="Public figures per unit of a province",
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        period = _period(request)
        province = public_province(request.query_params.get("province") or None, period=period)
        if province is None:
            return _error("province", NO_PROVINCE, status.HTTP_404_NOT_FOUND)
        rows = public_figures(province=province, period=period)
        units = [
            {"code": r.code, "name": r.name, "total": r.total, "received": r.received,
             "on_time_rate": r.on_time_rate, "online_share": r.online_share,
             "paperless_rate": r.paperless_rate, "reprovide_refused": r.reprovide_refused,
             "complaints_substantiated": r.complaints_substantiated, "index": _index(r.index)}
            for r in rows
        ]  # fmt: skip
        data = {"province": province.code, "period": _period_data(period), "units": units}
        return Response(self.OutputSerializer(data).data)


urlpatterns = [
    path("figures/", UnitFiguresApi.as_view(), name="dashboards-api-figures"),
    path("public/", TransparencyApi.as_view(), name="transparency-api"),
]
