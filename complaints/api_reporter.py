"""The complaints API of the public and the reporter: intake (a logged-in
citizen, or anyone leaving contact details) with up to three files of
evidence, tracking by code and token, the evidence files, the citizen's own
complaints, and the reporter's answer or rating. The same services as the
pages; refusals as complaints.api_errors maps them."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotAcceptable
from rest_framework.fields import SkipField
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from complaints import handling, services
from complaints.api_errors import (
    ERRORS,
    error_response,
    field_errors,
    invalid_fields,
    not_found,
    refused,
)
from complaints.api_serializers import ComplaintSerializer, TrackedComplaintSerializer
from complaints.exceptions import ComplaintError, ComplaintInvalid
from complaints.models import ComplaintCategory
from complaints.selectors import (
    complaint_for_tracking,
    complaints_of_reporter,
    dossiers_of_reporter,
    evidence_visible,
)
from complaints.throttle import filing_allowed
from complaints.views import evidence_file_response
from dossiers.content_types import KINDS
from portal.accounts.models import Agency, Role
from portal.api_errors import ErrorSerializer, field_messages
from procedures.models import Procedure

NO_DOSSIER = "Không tìm thấy hồ sơ của bạn. Your dossier was not found."
TOO_MANY = (
    "Bạn đã gửi quá nhiều phản ánh trong một giờ. Vui lòng thử lại sau. "
    "Too many complaints from you this hour: please try again later."
)


def _accepted(serializer: serializers.Serializer, data) -> dict:
    """The values of the fields that pass their own checks, a refused text as
    sent (a malformed e-mail address is still a way of reaching the reporter),
    anything else refused left out: the service's rules then name the other
    faults in the same answer."""
    values = {}
    for name, field in serializer.fields.items():
        primitive = field.get_value(data)
        if isinstance(field, serializers.Serializer):
            if isinstance(primitive, Mapping):
                values[name] = _accepted(field, primitive)
            continue
        try:
            values[name] = field.run_validation(primitive)
        except serializers.ValidationError:
            # Not one with a NUL, which no lookup or column can take (PostgreSQL).
            if (isinstance(field, serializers.CharField) and isinstance(primitive, str)
                    and "\x00" not in primitive):  # fmt: skip
                values[name] = primitive
        except SkipField:
            pass
    return values


class ComplaintContactSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=services.EMAIL_MAX, required=False, allow_blank=True)


class ComplaintIntakeSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=ComplaintCategory.choices)
    description = serializers.CharField(max_length=services.DESCRIPTION_MAX)
    unit = serializers.CharField(required=False, help_text="The agency code of the unit concerned.")
    dossier = serializers.CharField(
        required=False,
        help_text="The code of a dossier you filed or that was filed for you; its unit is "
        "then the unit concerned.",
    )
    procedure = serializers.CharField(required=False, help_text="A national procedure code.")
    requested_item = serializers.CharField(
        max_length=services.SHORT_TEXT_MAX, required=False, allow_blank=True
    )
    official_named = serializers.CharField(
        max_length=services.OFFICIAL_NAMED_MAX, required=False, allow_blank=True
    )
    contact = ComplaintContactSerializer(
        required=False,
        help_text="Required without a login; in multipart: contact.name, contact.phone, "
        "contact.email.",
    )


@extend_schema_field(OpenApiTypes.BINARY)
class EvidenceFileField(serializers.FileField):
    """A file part of a multipart request (the service checks it, as on the page)."""


class ComplaintIntakeWithEvidenceSerializer(ComplaintIntakeSerializer):
    evidence = serializers.ListField(
        child=EvidenceFileField(allow_empty_file=True), required=False,
        help_text="Up to 3 files (PDF or image); their content decides their type.",
    )  # fmt: skip


class ComplaintIntakeApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request={"application/json": ComplaintIntakeSerializer,
                 "multipart/form-data": ComplaintIntakeWithEvidenceSerializer},
        responses={201: TrackedComplaintSerializer, **ERRORS, 503: ErrorSerializer},
        summary="File a complaint",
        description="As JSON, or as multipart/form-data to attach up to 3 `evidence` files "
        "(PDF or image, checked by content; a bad file refuses the whole complaint). "
        "503 `storage_unavailable` when the files cannot be stored: nothing is filed.",
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        if not filing_allowed(request):
            return error_response("too_many", TOO_MANY, status.HTTP_429_TOO_MANY_REQUESTS)
        data = ComplaintIntakeWithEvidenceSerializer(data=request.data)
        if data.is_valid():
            values, faults = data.validated_data, {}
        elif isinstance(request.data, Mapping):
            values, faults = _accepted(data, request.data), field_messages(data.errors)
        else:
            raise invalid_fields(data.errors)  # not an object: no field to go on with
        citizen = request.user.is_authenticated and request.user.role == Role.CITIZEN
        dossier = None
        if values.get("dossier"):
            # Only one the reporter filed or was filed for; any other is simply not found.
            dossier = dossiers_of_reporter(user=request.user).filter(code=values["dossier"]).first()
            if dossier is None:
                faults["dossier"] = [NO_DOSSIER]
        unit = Agency.objects.filter(code=values.get("unit", "")).first()
        if values.get("unit") and unit is None:
            faults["unit"] = ["Không có đơn vị này. There is no such unit."]
        procedure = Procedure.objects.filter(code=values.get("procedure", "")).first()
        contact = values.get("contact") or {}
        filing = {
            "report": services.Report(
                category=values.get("category", ""), description=values.get("description", ""),
                unit=unit, procedure=procedure, dossier=dossier,
                requested_item=values.get("requested_item", ""),
                official_named=values.get("official_named", ""),
            ),
            "reporter": request.user if citizen else None,
            "contact": None if citizen else services.Contact(**contact),
            "evidence": values.get("evidence", []),
        }  # fmt: skip
        try:
            if faults:
                # Every fault in one answer: the input's own, then the service's rules.
                services.complaint_check(**filing)
                raise invalid_fields(faults)
            complaint = services.complaint_file(**filing)
        except ComplaintInvalid as error:
            for field, messages in field_errors(error).items():
                faults.setdefault(field, messages)  # the input's own word comes first
            raise invalid_fields(faults) from error
        except ComplaintError as error:
            return refused(error)
        return Response(TrackedComplaintSerializer(complaint).data, status=status.HTTP_201_CREATED)


class MyComplaintsApi(APIView):
    """The complaints the logged-in caller filed, newest first (at most 200)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: ComplaintSerializer(many=True)}, summary="My complaints")
    def get(self, request: Request) -> Response:
        complaints = complaints_of_reporter(user=request.user).prefetch_related("evidence")[:200]
        return Response(ComplaintSerializer(complaints, many=True).data)


class ComplaintTrackingApi(APIView):
    """A complaint as its reporter follows it: status, deadline, the questions
    asked and the answer, by its code with the tracking token from the filing
    (or logged in as the reporter). A wrong token is the same 404 as no complaint.
    Its history leaves out the administration's own steps (assignment,
    re-routing, reminders, escalations) and their notes."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("t", str, description="The tracking token, unless logged in "
                                     "as the reporter.")],
        responses={200: TrackedComplaintSerializer, 404: ErrorSerializer},
        summary="Follow a complaint",
    )  # fmt: skip
    def get(self, request: Request, code: str) -> Response:
        complaint = complaint_for_tracking(code=code, token=request.query_params.get("t", ""),
                                           user=request.user)  # fmt: skip
        if complaint is None:
            return not_found()
        return Response(TrackedComplaintSerializer(complaint).data)


class FileDownloadNegotiation(DefaultContentNegotiation):
    """A download answers with the file in its own type whatever the client
    accepts (application/octet-stream, the file's type, */*): a file is never
    refused with a 406. Only a refusal goes through a renderer, and it is JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


class ComplaintEvidenceApi(APIView):
    """A file of evidence, to the reporter (account or tracking token) or the
    complaint's handlers, as on the page; to anyone else a 404."""

    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FileDownloadNegotiation

    @extend_schema(
        parameters=[OpenApiParameter("t", str, description="The tracking token, unless logged in "
                                     "as the reporter or a handler.")],
        responses={**{(200, kind.content_type): OpenApiTypes.BINARY for kind in KINDS},
                   404: ErrorSerializer},
        summary="Download a file of evidence",
        description="The file's bytes in its own type (PDF or image), as an attachment, "
        "whatever the Accept header asks for (application/octet-stream, the file's type, "
        "*/*). A refusal is JSON.",
    )  # fmt: skip
    def get(self, request: Request, code: str, pk: int) -> HttpResponse:
        evidence = evidence_visible(code=code, pk=pk, token=request.query_params.get("t", ""),
                                    user=request.user)  # fmt: skip
        if evidence is not None:
            try:
                return evidence_file_response(evidence)
            except Http404:
                pass  # gone from storage: as if it never existed
        return not_found()


class ReporterActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["reply", "rate"])
    t = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The tracking token, unless logged in as the reporter.",
    )
    text = serializers.CharField(required=False, allow_blank=True, help_text="reply: the answer.")
    rating = serializers.IntegerField(required=False, help_text="rate: 1 to 5.")
    comment = serializers.CharField(
        required=False, allow_blank=True, help_text="rate: why, required at 2 or less (reopens)."
    )


class ReporterActionApi(APIView):
    """The reporter answers a handler's question or rates the outcome."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request=ReporterActionSerializer,
        responses={200: TrackedComplaintSerializer, **ERRORS},
        summary="Answer or rate, as the reporter",
    )
    def post(self, request: Request, code: str) -> Response:
        data = ReporterActionSerializer(data=request.data)
        if not data.is_valid():
            raise invalid_fields(data.errors)
        values = data.validated_data
        complaint = complaint_for_tracking(code=code, token=values.get("t", ""), user=request.user)
        if complaint is None:
            return not_found()
        by = request.user if request.user.is_authenticated else None
        try:
            if values["action"] == "reply":
                handling.complaint_reporter_reply(complaint=complaint, text=values.get("text", ""),
                                                  by=by)  # fmt: skip
            else:
                handling.complaint_rate(complaint=complaint, rating=values.get("rating") or 0,
                                        by=by, comment=values.get("comment", ""))  # fmt: skip
        except ComplaintError as error:
            return refused(error)
        complaint.refresh_from_db()
        return Response(TrackedComplaintSerializer(complaint).data)
