"""The data-access API: the source registry, the caller's own access log,
correction requests."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import permissions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from datasources import registry
from datasources.correction_reports import (
    NOTE_MAX_LENGTH,
    PROPOSED_MAX_LENGTH,
    CorrectionReportInvalid,
    correction_report_clean,
)
from datasources.corrections import (
    correction_accept,
    correction_decision_check,
    correction_flag,
    correction_reject,
)
from datasources.exceptions import DataAccessError
from datasources.models import CorrectionFlag, CorrectionStatus
from datasources.selectors import (
    access_log_of,
    corrections_filtered,
    corrections_visible_to,
    latest_proposed_value,
)
from dossiers.purposes import dossier_purpose
from dossiers.selectors import dossier_pages_visible_to
from portal.accounts.models import Role, personal_id_validator
from portal.api_errors import ErrorSerializer, invalid
from portal.api_schema import FIELD_ERRORS, NOT_FOUND, page_of

CORRECTION_LIST_LIMIT = 200
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Refused by the data-access rules: `code` names why (unknown_source, "
    "unknown_field, lookup_denied, correction_error…).",
)


def _error(error: DataAccessError, http_status: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"code": error.code, "detail": error.message}, status=http_status)


class SourceFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    label_vi = serializers.CharField()
    label_en = serializers.CharField()


class SourceListApi(APIView):
    """Every source the portal reads, its owner, fields and freshness."""

    permission_classes = [permissions.AllowAny]

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        name_vi = serializers.CharField()
        name_en = serializers.CharField()
        owner_agency_code = serializers.CharField()
        freshness_seconds = serializers.SerializerMethodField()
        fields = SourceFieldSerializer(many=True)

        def get_freshness_seconds(self, source) -> int:
            return int(source.freshness.total_seconds())

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(registry.all_sources(), many=True).data)


class AccessLogApi(APIView):
    """Every access to the caller's own personal data, newest first."""

    class OutputSerializer(serializers.Serializer):
        created_at = serializers.DateTimeField()
        agency = serializers.CharField(source="actor_agency.name", allow_null=True, default=None)
        source = serializers.CharField()
        fields = serializers.ListField(child=serializers.CharField())
        purpose_type = serializers.CharField()
        purpose_id = serializers.CharField()
        purpose_label = serializers.CharField()
        outcome = serializers.CharField()

    @extend_schema(
        parameters=[
            OpenApiParameter("source", str, description="Only this source's accesses."),
            OpenApiParameter("page", int),
        ],
        responses=page_of(OutputSerializer, "PaginatedAccessLog"),
    )
    def get(self, request: Request) -> Response:
        entries = access_log_of(user=request.user)
        if source := request.query_params.get("source"):
            entries = entries.filter(source=source)
        paginator = PageNumberPagination()
        paginator.page_size = 50
        page = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class CorrectionReportSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField()
    by_role = serializers.CharField(source="flagged_by.role")
    by_agency = serializers.CharField(source="flagged_by.agency.name", allow_null=True,
                                      default=None)  # fmt: skip
    by_the_person_concerned = serializers.SerializerMethodField()
    purpose_type = serializers.CharField()
    note = serializers.CharField()
    proposed_value = serializers.JSONField(
        allow_null=True,
        help_text="The right value this report gave, as typed (text, or a structured value); "
        "null when it gave none.",
    )

    def get_by_the_person_concerned(self, flag) -> bool:
        return flag.flagged_by.personal_id == flag.request.subject_personal_id


class CorrectionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()
    field = serializers.CharField()
    subject_personal_id = serializers.CharField()
    status = serializers.CharField()
    recorded_value = serializers.JSONField()
    proposed_value = serializers.SerializerMethodField(
        help_text="The right value the most recent report gave (null when none gave one), as "
        "the owner's queue offers it: the value an `accept` without `corrected_value` records. "
        "Each report's own is in `reports[].proposed_value`."
    )
    corrected_value = serializers.JSONField()
    resolution_note = serializers.CharField()
    opened_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    flag_count = serializers.SerializerMethodField()
    reports = serializers.SerializerMethodField(
        help_text="The reports the caller may read: every one for the database owner, "
        "the caller's own for anyone else."
    )

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_proposed_value(self, correction) -> Any:
        return latest_proposed_value(correction)

    def get_flag_count(self, correction) -> int:
        return len(correction.flags.all())

    @extend_schema_field(CorrectionReportSerializer(many=True))
    def get_reports(self, correction) -> list[dict]:
        user = self.context["request"].user
        flags = correction.flags.all()
        if user.role not in (Role.DATA_OWNER, Role.ADMINISTRATOR):
            flags = [flag for flag in flags if flag.flagged_by_id == user.pk]
        return CorrectionReportSerializer(flags, many=True).data


class CorrectionListApi(APIView):
    """List the corrections the caller may see; flag a value as wrong (for a dossier)."""

    class InputSerializer(serializers.Serializer):
        dossier = serializers.IntegerField()
        source = serializers.CharField()
        field = serializers.CharField()
        subject = serializers.CharField()
        # What is wrong (required) and the right value if known, of the kind the source
        # keeps: checked by correction_report_clean, nothing cut to fit.
        note = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
        proposed_value = serializers.JSONField(required=False, allow_null=True)

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=CorrectionStatus.choices, required=False)
        source = serializers.ChoiceField(choices=[], required=False)
        subject = serializers.CharField(required=False, validators=[personal_id_validator])

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["source"].choices = [source.code for source in registry.all_sources()]

    @extend_schema(
        parameters=[FilterSerializer],
        responses={200: CorrectionOutputSerializer(many=True),
                   (400, "application/json"): FIELD_ERRORS},
        summary="The correction requests the caller may see, oldest first",
        description=f"At most {CORRECTION_LIST_LIMIT}: narrow by status, source or person "
        "to reach the others.",
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        if not filters.is_valid():
            raise invalid(filters.errors)
        wanted = filters.validated_data
        corrections = corrections_filtered(
            corrections_visible_to(user=request.user),
            source=wanted.get("source", ""), subject=wanted.get("subject", ""),
        ).prefetch_related(
            Prefetch("flags", queryset=CorrectionFlag.objects.select_related("flagged_by__agency"))
        )  # fmt: skip
        if state := wanted.get("status"):
            corrections = corrections.filter(status=state)
        rows = corrections[:CORRECTION_LIST_LIMIT]
        return Response(
            CorrectionOutputSerializer(rows, many=True, context={"request": request}).data
        )

    @extend_schema(
        request=InputSerializer,
        responses={
            201: CorrectionOutputSerializer,
            (400, "application/json"): FIELD_ERRORS,
            403: REFUSED,
            404: OpenApiResponse(ErrorSerializer,
                                 description="No such dossier the caller may see."),
        },
        summary="Flag a value of a dossier's data as wrong",
        description="Opens one correction request to the source's owner (or adds the flag "
        "to the open one for the same subject and field). `note` says what is wrong (required, "
        f"at most {NOTE_MAX_LENGTH} characters); `proposed_value`, if given, is of the kind "
        "the source keeps: one of a coded field's values (its code or its words), a date "
        f"(YYYY-MM-DD), a whole number, else a text of at most {PROPOSED_MAX_LENGTH} "
        "characters. 400 is either a field refused (`invalid`, with `fields`) or a refusal "
        "of the request (`unknown_field`…), 403 `lookup_denied`.",
        examples=[
            OpenApiExample(
                "An outdated address",
                value={"dossier": 42, "source": "population", "field": "permanent_address",
                       "subject": "031090001234", "note": "Đã chuyển nơi ở năm 2025",
                       "proposed_value": "Số 5 phố Minh Khai, phường Hồng Bàng, Hải Phòng"},
                request_only=True,
            )
        ],
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # A draft is its applicant's: the unit reads its subject's data once it is submitted.
        dossier = dossier_pages_visible_to(user=request.user).filter(
            pk=data.validated_data["dossier"]
        )
        if not dossier.exists():
            return Response(
                {"code": "unknown_dossier",
                 "detail": "Không có hồ sơ này. There is no such dossier you may see."},
                status=status.HTTP_404_NOT_FOUND,
            )  # fmt: skip
        try:
            report = correction_report_clean(
                source=data.validated_data["source"], field=data.validated_data["field"],
                note=data.validated_data.get("note", ""),
                proposed_value=data.validated_data.get("proposed_value"),
            )  # fmt: skip
        except CorrectionReportInvalid as error:
            raise invalid({name: [message] for name, message in error.errors.items()}) from error
        except DataAccessError as error:
            return _error(error)
        try:
            correction = correction_flag(
                source=data.validated_data["source"],
                subject=data.validated_data["subject"],
                field=data.validated_data["field"],
                by=request.user,
                purpose=dossier_purpose(dossier.get()),
                note=report.note,
                proposed_value=report.proposed_value,
            )
        except DataAccessError as error:
            return _error(error, status.HTTP_403_FORBIDDEN if error.code == "lookup_denied"
                          else status.HTTP_400_BAD_REQUEST)  # fmt: skip
        return Response(
            CorrectionOutputSerializer(correction, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class CorrectionDecisionApi(APIView):
    """The database owner corrects the value or rejects the request with a reason."""

    class InputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(choices=["accept", "reject"])
        corrected_value = serializers.JSONField(required=False, allow_null=True)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        request=InputSerializer,
        responses={200: CorrectionOutputSerializer, 400: FIELD_ERRORS, 404: NOT_FOUND},
        description="Accept with the corrected value (default: the request's `proposed_value`, "
        "the most recent report's, as the owner's queue offers it), or reject with the reason "
        "in `note`. 400: a field refused (`invalid`, with `fields`: an accept with no value "
        "given nor proposed), or a decision the request's state or the caller's agency does "
        "not allow.",
    )
    def post(self, request: Request, pk: int) -> Response:
        correction = get_object_or_404(corrections_visible_to(user=request.user), pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = data.validated_data
        try:
            if wanted["decision"] == "accept":
                corrected = wanted.get("corrected_value")
                if corrected is None:
                    corrected = latest_proposed_value(correction)
                if corrected is None:
                    # Not the owner's, or decided: said first, as for a value given.
                    correction_decision_check(request=correction, by=request.user)
                    raise invalid(
                        {"corrected_value": ["Nhập giá trị đúng. Enter the correct value."]}
                    )
                correction = correction_accept(
                    request=correction, by=request.user, corrected_value=corrected,
                    note=wanted["note"],
                )  # fmt: skip
            else:
                correction = correction_reject(
                    request=correction, by=request.user, reason=wanted["note"]
                )
        except DataAccessError as error:
            return _error(error)
        return Response(CorrectionOutputSerializer(correction, context={"request": request}).data)
