"""The complaints API of those who handle them (officials, service-center
staff, leaders): the queue of their agencies' complaints, a complaint with
every step of its history, and a step of handling it. The same services as
the workspace pages; refusals as complaints.api_errors maps them."""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from complaints import handling, routing
from complaints.api_errors import ERRORS, error_response, invalid_fields, not_found, refused
from complaints.api_serializers import ComplaintSerializer, HandledComplaintSerializer
from complaints.exceptions import ComplaintError
from complaints.models import Complaint, ComplaintOutcome
from portal.accounts.models import Agency, Role, User
from portal.accounts.selectors import agencies_visible_to
from portal.api_errors import ErrorSerializer


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
            return not_found()
        return Response(HandledComplaintSerializer(complaint).data)

    @extend_schema(
        request=ComplaintActionSerializer,
        responses={200: ComplaintSerializer, **ERRORS},
        summary="Take a handling step",
    )
    def post(self, request: Request, code: str) -> Response:
        complaint = handling.complaints_handled_by(user=request.user).filter(code=code).first()
        if complaint is None:
            return not_found()
        data = ComplaintActionSerializer(data=request.data)
        if not data.is_valid():
            raise invalid_fields(data.errors)
        values, by = data.validated_data, request.user
        try:
            complaint = self._act(complaint, values, by)
        except ComplaintError as error:
            return refused(error)
        except (User.DoesNotExist, Agency.DoesNotExist):
            return error_response("not_found", "Không tìm thấy. Not found.",
                                  status.HTTP_400_BAD_REQUEST)  # fmt: skip
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
