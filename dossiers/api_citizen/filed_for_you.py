"""The citizen API's dossiers filed for the caller by someone else (a parent
for them as a child, an agent under their authorisation), read-only, as the
web page shows them (dossiers.filed_for_you): where each stands, who filed it,
its history in plain words, its due date and the results issued to the
caller. Nothing to act on: the applicant does that, through their own
dossiers. Anyone else's, and a draft, is the same 404 as one that does not exist."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dossiers.api_citizen.dossier_serializers import AwaitedDueDateField
from dossiers.api_citizen.scope import IsCitizen
from dossiers.api_errors import errors, not_found
from dossiers.filed_for_you import filed_for_you
from dossiers.models import ActingBasis, DossierStatus
from dossiers.selectors import dossiers_filed_for
from dossiers.states import NATIONAL_STATUS_CODES
from portal.api_schema import page_of

PAGE_SIZE = 20


class FiledForMeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    procedure_code = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure.name")
    agency_code = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    filed_by = serializers.CharField(
        source="applicant.full_name", help_text="The name of whoever filed it for the caller."
    )
    acting_basis = serializers.ChoiceField(
        choices=ActingBasis.choices, help_text="How they act for the caller."
    )
    status = serializers.ChoiceField(choices=DossierStatus.choices)
    status_text = serializers.CharField(source="get_status_display")
    national_status = serializers.SerializerMethodField(
        help_text="The National Public Service Portal's status code (1-10)."
    )
    submitted_at = serializers.DateTimeField()
    due_date = AwaitedDueDateField(
        allow_null=True,
        help_text="When the result is due; null for a dossier closed without a result.",
    )

    def get_national_status(self, dossier) -> int | None:
        return NATIONAL_STATUS_CODES.get(dossier.status)


class FiledForMeStepSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    description = serializers.CharField(source="words", help_text="What happened, in plain words.")
    reason = serializers.CharField(
        help_text="Why, for the unit's decisions on the procedure (refused, stopped, not "
        "resolved); else empty."
    )


class FiledForMeResultSerializer(serializers.Serializer):
    title = serializers.CharField()
    issued_at = serializers.DateTimeField()
    download = serializers.SerializerMethodField(help_text="Where to download it (PDF).")

    def get_download(self, result) -> str:
        return reverse("dossiers:result-download", args=[result.pk])


class FiledForMeDetailSerializer(FiledForMeSerializer):
    now = serializers.CharField(help_text="What happens now, and who does it.")
    history = FiledForMeStepSerializer(many=True)
    results = FiledForMeResultSerializer(many=True, help_text="The results issued to the caller.")


def _detail(view) -> dict:
    data = FiledForMeSerializer(view.dossier).data
    return {**data, "now": view.now,
            "history": FiledForMeStepSerializer(view.steps, many=True).data,
            "results": FiledForMeResultSerializer(view.results, many=True).data}  # fmt: skip


class FiledForMeApi(APIView):
    """The submitted dossiers someone else filed for the caller, newest first,
    read-only: a parent for them as a child, an agent under their authorisation."""

    permission_classes = [IsCitizen]

    @extend_schema(
        parameters=[OpenApiParameter("page", int)],
        operation_id="dossiers_filed_for_me_list",
        responses={200: page_of(FiledForMeSerializer, "PaginatedFiledForMe"), **errors(403)},
        summary="The dossiers others filed for the caller, read-only",
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        paginator = PageNumberPagination()
        paginator.page_size = PAGE_SIZE
        page = paginator.paginate_queryset(dossiers_filed_for(user=request.user), request,
                                           view=self)  # fmt: skip
        return paginator.get_paginated_response(FiledForMeSerializer(page, many=True).data)


class FiledForMeDossierApi(APIView):
    """One dossier someone else filed for the caller: where it stands, who
    filed it, its history in plain words, its due date and the results issued
    to the caller; nothing to act on."""

    permission_classes = [IsCitizen]

    @extend_schema(
        responses={200: FiledForMeDetailSerializer, **errors(403, 404)},
        summary="A dossier another filed for the caller, read-only",
    )
    def get(self, request: Request, pk: int) -> Response:
        dossier = dossiers_filed_for(user=request.user).filter(pk=pk).first()
        if dossier is None:
            raise not_found()
        return Response(_detail(filed_for_you(dossier=dossier, user=request.user)))
