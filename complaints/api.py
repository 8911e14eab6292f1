"""Complaints API: intake (a logged-in citizen, or anyone leaving contact
details) with up to three files of evidence, tracking by code and token, the
evidence files, the citizen's own complaints, and the handlers' queue and
actions. The same services as the pages; refusals come back in
the portal's shape (portal.api_errors) with 400, 404, 409, 429 or 503."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import path, reverse
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

from complaints import handling, routing, services
from complaints.exceptions import (
    ComplaintError,
    ComplaintInvalid,
    ComplaintStorageUnavailable,
    ComplaintTransitionRefused,
)
from complaints.models import Complaint, ComplaintCategory, ComplaintEvidence, ComplaintOutcome
from complaints.reporter_history import reporter_history
from complaints.selectors import (
    complaint_for_tracking,
    complaints_of_reporter,
    dossiers_of_reporter,
    evidence_visible,
)
from complaints.throttle import filing_allowed
from complaints.views import evidence_file_response
from dossiers.content_types import KINDS
from portal.accounts.models import Agency, Role, User
from portal.accounts.selectors import agencies_visible_to
from portal.api_errors import ApiError, ErrorSerializer, field_messages, invalid
from procedures.models import Procedure

NOT_FOUND = "Không tìm thấy phản ánh. The complaint was not found."
NO_DOSSIER = "Không tìm thấy hồ sơ của bạn. Your dossier was not found."
TOO_MANY = (
    "Bạn đã gửi quá nhiều phản ánh trong một giờ. Vui lòng thử lại sau. "
    "Too many complaints from you this hour: please try again later."
)


def _error(code: str, detail: str, http_status: int) -> Response:
    return Response({"code": code, "detail": str(detail)}, status=http_status)


def _invalid(errors: dict) -> ApiError:
    """A 400 with each field at fault (named as a multipart request names it:
    contact.email), and the first one's message as the detail."""
    fields = field_messages(errors)
    return invalid(fields, detail=next(iter(fields.values()))[0])


# The service's names for the contact details, as the intake names them.
INTAKE_FIELDS = {"reporter_name": "contact.name", "reporter_phone": "contact.phone",
                 "reporter_email": "contact.email"}  # fmt: skip


def _field_errors(error: ComplaintError) -> dict[str, list[str]]:
    return {INTAKE_FIELDS.get(field, field): messages for field, messages in error.errors.items()}


def _refused(error: ComplaintError) -> Response:
    if isinstance(error, ComplaintTransitionRefused):
        return _error("transition_refused", error.message, status.HTTP_409_CONFLICT)
    if isinstance(error, ComplaintStorageUnavailable):
        return _error("storage_unavailable", error.message, status.HTTP_503_SERVICE_UNAVAILABLE)
    if error.errors:
        raise _invalid(_field_errors(error))
    return _error("invalid", error.message, status.HTTP_400_BAD_REQUEST)


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


ERRORS = {code: ErrorSerializer for code in (400, 403, 404, 409, 429)}


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


class ReporterStepSerializer(serializers.Serializer):
    action = serializers.CharField()
    status = serializers.CharField()
    at = serializers.DateTimeField()
    words = serializers.CharField(help_text="The step in plain words, in the reader's language.")
    note = serializers.CharField(
        help_text="Only words meant for the reporter: the question asked of them, their own "
        "answer, the agency's answer, their comment reopening it; empty otherwise."
    )


class ComplaintEventSerializer(serializers.Serializer):
    """A step as the complaint's handlers see it: every one, with its note."""

    action = serializers.CharField()
    status = serializers.CharField(source="to_status")
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.full_name", allow_null=True, default=None)
    note = serializers.CharField(
        help_text="As recorded: for an escalation, those it was sent to; for an assignment, "
        "the official."
    )


class ComplaintEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, evidence: ComplaintEvidence) -> str:
        return reverse("complaints-api-evidence",
                       kwargs={"code": evidence.complaint.code, "pk": evidence.pk})  # fmt: skip


class TrackedEvidenceSerializer(ComplaintEvidenceSerializer):
    """The download URL carries the tracking token, as the tracking URL does."""

    def get_url(self, evidence: ComplaintEvidence) -> str:
        return f"{super().get_url(evidence)}?t={evidence.complaint.tracking_token}"


class ComplaintSerializer(serializers.Serializer):
    code = serializers.CharField()
    category = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    unit = serializers.CharField(source="unit.code")
    responsible_agency = serializers.CharField(source="responsible_agency.code", allow_null=True,
                                               default=None)  # fmt: skip
    due_date = serializers.DateField()
    received_at = serializers.DateTimeField()
    outcome = serializers.CharField()
    response = serializers.CharField()
    evidence = ComplaintEvidenceSerializer(many=True, source="evidence.all")


class TrackedComplaintSerializer(ComplaintSerializer):
    tracking_url = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField(
        help_text="The history as the reporter is told it: the moves of its status and what "
        "was asked of or answered to them. The administration's own steps (assignment, "
        "re-routing, reminders, escalations) are not listed."
    )
    evidence = TrackedEvidenceSerializer(many=True, source="evidence.all")

    def get_tracking_url(self, complaint: Complaint) -> str:
        return services.tracking_path(complaint)

    @extend_schema_field(ReporterStepSerializer(many=True))
    def get_events(self, complaint: Complaint) -> list:
        return ReporterStepSerializer(reporter_history(complaint), many=True).data


class HandledComplaintSerializer(ComplaintSerializer):
    """A complaint as its handlers see it: every step of its history."""

    events = ComplaintEventSerializer(many=True, source="events.all")


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
            return _error("too_many", TOO_MANY, status.HTTP_429_TOO_MANY_REQUESTS)
        data = ComplaintIntakeWithEvidenceSerializer(data=request.data)
        if data.is_valid():
            values, refused = data.validated_data, {}
        elif isinstance(request.data, Mapping):
            values, refused = _accepted(data, request.data), field_messages(data.errors)
        else:
            raise _invalid(data.errors)  # not an object: no field to go on with
        citizen = request.user.is_authenticated and request.user.role == Role.CITIZEN
        dossier = None
        if values.get("dossier"):
            # Only one the reporter filed or was filed for; any other is simply not found.
            dossier = dossiers_of_reporter(user=request.user).filter(code=values["dossier"]).first()
            if dossier is None:
                refused["dossier"] = [NO_DOSSIER]
        unit = Agency.objects.filter(code=values.get("unit", "")).first()
        if values.get("unit") and unit is None:
            refused["unit"] = ["Không có đơn vị này. There is no such unit."]
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
            if refused:
                # Every fault in one answer: the input's own, then the service's rules.
                services.complaint_check(**filing)
                raise _invalid(refused)
            complaint = services.complaint_file(**filing)
        except ComplaintInvalid as error:
            for field, messages in _field_errors(error).items():
                refused.setdefault(field, messages)  # the input's own word comes first
            raise _invalid(refused) from error
        except ComplaintError as error:
            return _refused(error)
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
            return _error("not_found", NOT_FOUND, status.HTTP_404_NOT_FOUND)
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
        return _error("not_found", NOT_FOUND, status.HTTP_404_NOT_FOUND)


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
            raise _invalid(data.errors)
        values = data.validated_data
        complaint = complaint_for_tracking(code=code, token=values.get("t", ""), user=request.user)
        if complaint is None:
            return _error("not_found", NOT_FOUND, status.HTTP_404_NOT_FOUND)
        by = request.user if request.user.is_authenticated else None
        try:
            if values["action"] == "reply":
                handling.complaint_reporter_reply(complaint=complaint, text=values.get("text", ""),
                                                  by=by)  # fmt: skip
            else:
                handling.complaint_rate(complaint=complaint, rating=values.get("rating") or 0,
                                        by=by, comment=values.get("comment", ""))  # fmt: skip
        except ComplaintError as error:
            return _refused(error)
        complaint.refresh_from_db()
        return Response(TrackedComplaintSerializer(complaint).data)


class IsHandler(permissions.BasePermission):
    message = (
        "Chỉ cán bộ được xử lý phản ánh. Only officials, service-center staff and leaders "
        "handle complaints."
    )

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role in handling.HANDLER_ROLES)


class HandlingQueueApi(APIView):
    """The complaints the caller's agencies handle, by handling deadline (at most 500)."""

    permission_classes = [IsHandler]

    @extend_schema(
        responses={200: ComplaintSerializer(many=True), 403: ErrorSerializer},
        summary="Complaints routed to my agencies",
    )
    def get(self, request: Request) -> Response:
        complaints = (
            handling.complaints_handled_by(user=request.user)
            .select_related("unit", "responsible_agency")
            .prefetch_related("evidence")
        )
        return Response(ComplaintSerializer(complaints.order_by("due_date")[:500], many=True).data)


class ComplaintActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=["start", "assign", "ask_reporter", "conclude", "reroute"]
    )
    official = serializers.IntegerField(required=False, help_text="assign: the official's id.")
    question = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.ChoiceField(choices=ComplaintOutcome.choices, required=False)
    response = serializers.CharField(required=False, allow_blank=True)
    official_responsible = serializers.IntegerField(required=False)
    agency = serializers.CharField(required=False, help_text="reroute: the agency code.")
    reason = serializers.CharField(required=False, allow_blank=True)


class HandlingActionApi(APIView):
    """A complaint the caller's agencies handle, and one step of handling it:
    start, assign to an official, ask the reporter, conclude with the outcome
    and the answer, or reroute to another agency with the reason."""

    permission_classes = [IsHandler]

    @extend_schema(
        responses={200: HandledComplaintSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
        summary="A complaint my agencies handle",
        description="With every step of its history and its note, the administration's own "
        "included (assignment, re-routing, reminders, escalations and to whom).",
    )
    def get(self, request: Request, code: str) -> Response:
        complaint = (
            handling.complaints_handled_by(user=request.user)
            .filter(code=code)
            .prefetch_related("evidence", "events__actor")
            .first()
        )
        if complaint is None:
            return _error("not_found", NOT_FOUND, status.HTTP_404_NOT_FOUND)
        return Response(HandledComplaintSerializer(complaint).data)

    @extend_schema(
        request=ComplaintActionSerializer,
        responses={200: ComplaintSerializer, **ERRORS},
        summary="Take a handling step",
    )
    def post(self, request: Request, code: str) -> Response:
        complaint = handling.complaints_handled_by(user=request.user).filter(code=code).first()
        if complaint is None:
            return _error("not_found", NOT_FOUND, status.HTTP_404_NOT_FOUND)
        data = ComplaintActionSerializer(data=request.data)
        if not data.is_valid():
            raise _invalid(data.errors)
        values, by = data.validated_data, request.user
        try:
            complaint = self._act(complaint, values, by)
        except ComplaintError as error:
            return _refused(error)
        except (User.DoesNotExist, Agency.DoesNotExist):
            return _error("not_found", "Không tìm thấy. Not found.", status.HTTP_400_BAD_REQUEST)
        complaint.refresh_from_db()
        return Response(ComplaintSerializer(complaint).data)

    @staticmethod
    def _act(complaint: Complaint, values: dict, by: User) -> Complaint:
        action = values["action"]
        if action == "start":
            return handling.complaint_start(complaint=complaint, by=by)
        if action == "assign":
            official = User.objects.get(pk=values.get("official", 0))
            return handling.complaint_assign(complaint=complaint, official=official, by=by)
        if action == "ask_reporter":
            return handling.complaint_ask_reporter(complaint=complaint, by=by,
                                                   question=values.get("question", ""))  # fmt: skip
        if action == "conclude":
            responsible = (
                User.objects.get(pk=values["official_responsible"])
                if values.get("official_responsible") else None
            )  # fmt: skip
            return handling.complaint_conclude(
                complaint=complaint, by=by, outcome=values.get("outcome", ""),
                response=values.get("response", ""), official_responsible=responsible,
            )  # fmt: skip
        if by.role != Role.CENTER_STAFF:
            raise ComplaintError("Chỉ Trung tâm Phục vụ hành chính công chuyển phản ánh. "
                                 "Only the service center re-routes complaints.")  # fmt: skip
        agency = agencies_visible_to(user=by).filter(Q(code=values.get("agency", ""))).get()
        return routing.complaint_reroute(complaint=complaint, agency=agency, by=by,
                                         reason=values.get("reason", ""))  # fmt: skip


urlpatterns = [
    path("", ComplaintIntakeApi.as_view(), name="complaints-api-intake"),
    path("mine/", MyComplaintsApi.as_view(), name="complaints-api-mine"),
    path("handling/", HandlingQueueApi.as_view(), name="complaints-api-handling"),
    path("handling/<str:code>/", HandlingActionApi.as_view(), name="complaints-api-act"),
    path("<str:code>/", ComplaintTrackingApi.as_view(), name="complaints-api-track"),
    path("<str:code>/act/", ReporterActionApi.as_view(), name="complaints-api-reporter-act"),
    path(
        "<str:code>/evidence/<int:pk>/",
        ComplaintEvidenceApi.as_view(),
        name="complaints-api-evidence",
    ),
]
