"""The agency integration API: an agency's own case-management system drives
its queue and the processing of its dossiers. It authenticates with client
credentials (HTTP Basic, client_id:secret) scoped to one agency, and acts as
the client's service account, an official of that agency: the same
selectors scope what it sees, the same services and transitions table decide
what it may do, and the history, compliance events and access log name it.
Another agency's dossier is a 404, as one that does not exist."""

from __future__ import annotations

import base64
import binascii

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import authentication, exceptions, permissions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dossiers import data_gaps, eforms, results, signing, supplement_requests, workspace
from dossiers.api_access.clients import TooManyFailedAttempts, agency_client_authenticate
from dossiers.api_access.models import AgencyApiClient
from dossiers.api_citizen.dossier_serializers import AwaitedDueDateField
from dossiers.api_errors import (
    DOMAIN_ERRORS,
    Refusal,
    dossier_component,
    errors,
    not_found,
    refusal_from,
    validated,
)
from dossiers.evidence import components_status
from dossiers.history import national_history_in_words
from dossiers.models import Dossier, DossierStatus
from dossiers.refusals import dossier_refuse
from dossiers.stale_pages import SeenState
from dossiers.states import NATIONAL_STATUS_CODES, allowed_actions
from dossiers.workspace_selectors import (
    Deadline,
    QueueFilters,
    Sort,
    deadline_state,
    due_soon_limit,
    unit_dossiers,
    unit_staff,
    workspace_queue,
)
from portal.accounts.models import User
from portal.api_schema import page_of
from portal.core.rate_limits import client_address
from procedures.models import DossierComponent

PAGE_SIZE = 50

# The moves of the transitions table this API has an endpoint for: the only
# ones its `allowed_actions` lists. The pages offer more (a supplement received
# at the desk completes it for the applicant, a dossier's processing stopped);
# a client is never told of a move it has no way to make.
API_ACTIONS = frozenset({
    "receive",  # receive/
    "start_processing",  # start-processing/
    "request_supplement",  # supplement-request/
    "propose_approval",  # propose-approval/
    "propose_not_resolve",  # propose-not-resolve/, or refuse/ once in processing
    # The unit's leader only: sign/ signs what was proposed (approve/ an approval).
    "approve", "not_resolve", "send_back_for_review",  # sign/ or approve/, sign/, send-back/
    "refuse_at_reception",  # refuse/ while newly submitted
    "return_result",  # return-result/
})  # fmt: skip


class AgencyClientAuthentication(authentication.BaseAuthentication):
    """HTTP Basic with an agency API client's client_id and secret. The request
    runs as the client's service account; `request.auth` is the client. Past
    API_RATE_AUTH_FAILURES wrong credentials from one address or for one
    client ID, a 429 `throttled` with Retry-After, before any secret is hashed."""

    throttle_scope = "agency_client"  # each client has its own rate (REST_FRAMEWORK)

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != b"basic":
            return None
        try:
            decoded = (
                base64.b64decode(header[1], validate=True).decode() if len(header) == 2 else ""
            )
        except (binascii.Error, UnicodeDecodeError):
            decoded = ""
        client_id, colon, secret = decoded.partition(":")
        try:
            client = (
                agency_client_authenticate(
                    client_id=client_id, secret=secret, address=client_address(request)
                )
                if colon and client_id
                else None
            )
        except TooManyFailedAttempts as refused:
            # Answered before the secret is hashed: guessing costs the portal nothing.
            raise exceptions.Throttled(wait=refused.wait) from None
        if client is None:
            raise exceptions.AuthenticationFailed(
                _(
                    "Mã ứng dụng hoặc khóa bí mật không đúng, hoặc ứng dụng đã bị thu hồi. "
                    "Wrong client ID or secret, or the client was revoked."
                )
            )
        return client.service_user, client

    def authenticate_header(self, request) -> str:
        return 'Basic realm="agency-api"'


class AgencyClientAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = AgencyClientAuthentication
    name = "agencyClient"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "basic",
            "description": "An agency API client's client_id and secret.",
        }


class IsAgencyClient(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, AgencyApiClient) and request.auth.is_active


class AgencyApiView(APIView):
    authentication_classes = [AgencyClientAuthentication]
    permission_classes = [IsAgencyClient]


def _client_dossiers(request: Request) -> QuerySet[Dossier]:
    """The client's agency's dossiers that have left the applicant's hands."""
    client: AgencyApiClient = request.auth
    return unit_dossiers(user=request.user).filter(agency_id=client.agency_id)


def _client_dossier(request: Request, pk: int) -> Dossier:
    dossier = (
        _client_dossiers(request)
        .select_related("form", "prefill", "assigned_to")
        .filter(pk=pk)
        .first()
    )
    if dossier is None:
        raise not_found()
    return dossier


class AgencyDossierSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(allow_null=True)
    procedure_code = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure.name")
    subject_personal_id = serializers.CharField()
    applicant_name = serializers.CharField(source="applicant.__str__")
    acting_basis = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.ChoiceField(choices=DossierStatus.choices)
    national_status = serializers.SerializerMethodField(
        help_text="The National Public Service Portal's status code (1-10)."
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    due_date = AwaitedDueDateField(
        allow_null=True,
        help_text="When the result is due; null when no result is awaited: a dossier refused "
                  "at reception, withdrawn, stopped or not resolved (as the citizen API and "
                  "the tracking page give it).",
    )  # fmt: skip
    deadline = serializers.SerializerMethodField(help_text="overdue, due_soon or empty.")
    assigned_to = serializers.CharField(
        source="assigned_to.username", allow_null=True, default=None
    )

    def get_national_status(self, dossier: Dossier) -> int | None:
        return NATIONAL_STATUS_CODES.get(dossier.status)

    def get_deadline(self, dossier: Dossier) -> str:
        today = timezone.localdate()
        return deadline_state(dossier, today=today, soon=due_soon_limit(today))


class AgencyProvenanceSerializer(serializers.Serializer):
    source_code = serializers.CharField()
    source_name = serializers.CharField()
    record_id = serializers.CharField()
    fetched_at = serializers.CharField()


class AgencyFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    value = serializers.JSONField(allow_null=True)
    locked = serializers.BooleanField(help_text="Verified from a source (see provenance).")
    awaiting_source = serializers.BooleanField()
    provenance = AgencyProvenanceSerializer(allow_null=True)


class AgencyComponentSerializer(serializers.Serializer):
    code = serializers.CharField(source="component.code")
    name = serializers.CharField(source="component.name")
    required = serializers.BooleanField()
    e_form = serializers.BooleanField()
    replaced = serializers.BooleanField(help_text="Replaced by electronic data: never asked for.")
    data_state = serializers.CharField()
    source_name = serializers.CharField()
    record_id = serializers.CharField()
    attachments = serializers.SerializerMethodField()

    def get_attachments(self, status) -> list[str]:
        return [attachment.original_name for attachment in status.attachments]


class AgencyResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    sha256 = serializers.CharField()
    issued_at = serializers.DateTimeField()
    returned_at = serializers.DateTimeField(allow_null=True)


class AgencyProposalBlockedSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="`no_signing_leader`.")
    detail = serializers.CharField(help_text="Why, in Vietnamese and English.")


class AgencyDossierDetailSerializer(AgencyDossierSerializer):
    """The dossier as the unit checks it: values with their provenance, each
    component's evidence, results, and the moves open now."""

    form_fields = serializers.SerializerMethodField()
    components = serializers.SerializerMethodField()
    result_delivery = serializers.CharField(
        help_text="How the applicant chose to receive the result (online, counter, post); "
                  "empty for a dossier submitted before the choice was asked.",
    )  # fmt: skip
    delivery_address = serializers.CharField(help_text="The address to post to, with `post`.")
    postal_tracking_number = serializers.CharField(
        help_text="The postal service's tracking number, once posted."
    )
    results = AgencyResultSerializer(many=True, source="results.all")
    supplement_requested = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField(
        help_text="The moves open now that this API makes: receive, start_processing, "
                  "request_supplement, propose_approval, propose_not_resolve (propose-not-"
                  "resolve/, or refuse/ in processing), refuse_at_reception (refuse/), "
                  "return_result; and the unit's leader's: approve (sign/ or approve/), "
                  "not_resolve (sign/: the refusal proposed) and send_back_for_review.",
    )  # fmt: skip
    proposal_blocked = serializers.SerializerMethodField(
        help_text="Why the dossier, in processing, cannot be proposed for signature now "
                  "(propose_approval and propose_not_resolve are then not open): `code` "
                  "`no_signing_leader` and the bilingual `detail` when its unit has no active "
                  "leader to sign it; null otherwise.",
    )  # fmt: skip

    @extend_schema_field(AgencyFieldSerializer(many=True))
    def get_form_fields(self, dossier: Dossier):
        return AgencyFieldSerializer(eforms.form_fields(dossier=dossier), many=True).data

    @extend_schema_field(AgencyComponentSerializer(many=True))
    def get_components(self, dossier: Dossier):
        return AgencyComponentSerializer(components_status(dossier=dossier), many=True).data

    def get_supplement_requested(self, dossier: Dossier) -> bool:
        return dossier.supplements.exists()

    def get_allowed_actions(self, dossier: Dossier) -> list[str]:
        moves = allowed_actions(dossier=dossier, user=self.context["user"])
        return [action for action in moves if action in API_ACTIONS]

    @extend_schema_field(AgencyProposalBlockedSerializer(allow_null=True))
    def get_proposal_blocked(self, dossier: Dossier) -> dict | None:
        blocked = signing.proposal_blocked(dossier=dossier, user=self.context["user"])
        return {"code": "no_signing_leader", "detail": blocked.message} if blocked else None


class SeenInput(serializers.Serializer):
    """What the client last saw of the dossier: a move made on a stale view (a
    colleague took the dossier or moved it on since) is refused, nothing done."""

    seen_status = serializers.ChoiceField(
        choices=DossierStatus.choices, required=False,
        help_text="The dossier's `status` as the client last saw it. When given, the move is "
                  "refused with 409 `dossier_changed` if the dossier's status is no longer this.",
    )  # fmt: skip
    seen_assigned_to = serializers.CharField(
        max_length=150, required=False, allow_null=True, allow_blank=True,
        help_text="The dossier's `assigned_to` (a username; null or empty: nobody) as the "
                  "client last saw it. When given, the move is refused with 409 "
                  "`dossier_changed` if the dossier's assignee is no longer this.",
    )  # fmt: skip


def _seen(data: dict) -> SeenState | None:
    """The view the client claims (stale_pages checks it under the dossier's lock)."""
    if "seen_status" not in data and "seen_assigned_to" not in data:
        return None
    username = data.get("seen_assigned_to")
    # A name no official has is no dossier's assignee: 0 is no user's key.
    assigned_to_id = (
        User.objects.filter(username=username).values_list("pk", flat=True).first() or 0
        if username else None
    )  # fmt: skip
    return SeenState(status=data.get("seen_status"), assigned_to_id=assigned_to_id,
                     assignee_claimed="seen_assigned_to" in data)  # fmt: skip


def _shown(request: Request, dossier: Dossier, **extra) -> Response:
    dossier = (
        _client_dossiers(request)
        .select_related("form", "prefill", "assigned_to")
        .get(pk=dossier.pk)
    )
    data = AgencyDossierDetailSerializer(dossier, context={"user": request.user}).data
    return Response({**data, **extra})


class AgencyQueueApi(AgencyApiView):
    """The agency's queue: every dossier submitted to it, filtered, by due date first."""

    class FilterSerializer(serializers.Serializer):
        procedure = serializers.CharField(required=False, default="")
        status = serializers.ChoiceField(
            choices=DossierStatus.choices, required=False, default="",
            help_text="A status (a draft never reaches the queue).",
        )  # fmt: skip
        deadline = serializers.ChoiceField(
            choices=[Deadline.OVERDUE, Deadline.DUE_SOON], required=False, default=""
        )
        sort = serializers.ChoiceField(
            choices=[Sort.DUE, Sort.SUBMITTED, Sort.SUBMITTED_DESC], required=False,
            default=Sort.DUE,
        )  # fmt: skip

    @extend_schema(operation_id="agency_dossiers_list",
                   parameters=[FilterSerializer, OpenApiParameter("page", int)],
                   responses={200: page_of(AgencyDossierSerializer, "PaginatedAgencyDossier"),
                              **errors(400)})  # fmt: skip
    def get(self, request: Request) -> Response:
        data = validated(self.FilterSerializer, request.query_params)
        dossiers = workspace_queue(user=request.user, filters=QueueFilters(**data)).filter(
            agency_id=request.auth.agency_id
        )
        paginator = PageNumberPagination()
        paginator.page_size = PAGE_SIZE
        page = paginator.paginate_queryset(dossiers, request, view=self)
        return paginator.get_paginated_response(AgencyDossierSerializer(page, many=True).data)


class AgencyDossierApi(AgencyApiView):
    """One dossier of the agency."""

    @extend_schema(responses={200: AgencyDossierDetailSerializer, **errors(404)})
    def get(self, request: Request, pk: int) -> Response:
        return _shown(request, _client_dossier(request, pk))


class AgencyReceiveApi(AgencyApiView):
    """Receive a newly submitted dossier (national status 2)."""

    @extend_schema(
        request=SeenInput,
        responses={200: AgencyDossierDetailSerializer, **errors(400, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        seen = _seen(validated(SeenInput, request.data))
        try:
            workspace.dossier_act(dossier=dossier, action="receive", by=request.user, seen=seen)
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)


class AgencyStartProcessingApi(AgencyApiView):
    """Start processing a received dossier (national status 4)."""

    @extend_schema(
        request=SeenInput,
        responses={200: AgencyDossierDetailSerializer, **errors(400, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        seen = _seen(validated(SeenInput, request.data))
        try:
            workspace.dossier_act(
                dossier=dossier, action="start_processing", by=request.user, seen=seen
            )
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)


class AgencyAssignApi(AgencyApiView):
    """Give the dossier to an active official of the agency, by username. Its
    leaders sign dossiers and are not assigned: 400 `leader_not_assignable`."""

    class InputSerializer(SeenInput):
        official = serializers.CharField(max_length=150, help_text="The official's username.")

    @extend_schema(
        request=InputSerializer,
        responses={200: AgencyDossierDetailSerializer, **errors(400, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        official = unit_staff(dossier=dossier).filter(username=data["official"]).first()
        if official is None:
            raise Refusal(
                http_status=400, code="unknown_official",
                detail=_("Chỉ phân công cho cán bộ của đơn vị tiếp nhận hồ sơ. "
                         "A dossier can be assigned only to an official of its unit."),
            )  # fmt: skip
        try:
            workspace.dossier_assign(dossier=dossier, to=official, by=request.user,
                                    seen=_seen(data))  # fmt: skip
        except workspace.LeaderNotAssignable as error:
            raise Refusal(http_status=400, code="leader_not_assignable",
                          detail=error.message) from error  # fmt: skip
        except DOMAIN_ERRORS as error:
            raise refusal_from(error, conflict=True) from error
        return _shown(request, dossier)


class AgencySupplementRequestApi(AgencyApiView):
    """Ask the applicant, once and for every missing item at once, for
    components of the procedure. A component electronic data replaces is
    refused with 409 `replaced_by_data` (the once-only rule; the attempt is
    recorded as a compliance event of the agency) unless a data gap was
    recorded for it first."""

    class InputSerializer(SeenInput):
        components = serializers.ListField(
            child=serializers.CharField(max_length=64), allow_empty=False,
            help_text="The components' codes.",
        )  # fmt: skip
        reason = serializers.CharField(max_length=2000)

    @extend_schema(
        request=InputSerializer,
        responses={200: AgencyDossierDetailSerializer, **errors(400, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        codes = list(dict.fromkeys(data["components"]))
        components = list(
            DossierComponent.objects.filter(procedure_id=dossier.procedure_id, code__in=codes)
        )
        unknown = sorted(set(codes) - {component.code for component in components})
        if unknown:
            raise Refusal(
                http_status=400, code="unknown_component",
                detail=_("Giấy tờ không thuộc thủ tục của hồ sơ: %(components)s. "
                         "Not part of the dossier's procedure: %(components)s.")
                % {"components": ", ".join(unknown)},
                components=unknown,
            )  # fmt: skip
        try:
            supplement_requests.supplement_request(
                dossier=dossier, by=request.user, components=components, reason=data["reason"],
                seen=_seen(data),
            )  # fmt: skip
        except DOMAIN_ERRORS as error:
            raise refusal_from(error, conflict=True) from error
        return _shown(request, dossier)


class AgencyDataGapApi(AgencyApiView):
    """Record that the source replacing a component returned nothing or wrong
    data for this subject, with the evidence: the one lawful way to then ask
    for that component. Opens the correction request to the database owner."""

    class InputSerializer(serializers.Serializer):
        component = serializers.CharField(max_length=64, help_text="The component's code.")
        evidence = serializers.CharField(max_length=4000)

    @extend_schema(request=InputSerializer,
                   responses={200: AgencyDossierDetailSerializer,
                              **errors(400, 404, 409, 503)})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        component = dossier_component(dossier, data["component"])
        try:
            data_gaps.data_gap_record(
                dossier=dossier, component=component, by=request.user, evidence=data["evidence"]
            )
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)


class AgencyProposeApprovalApi(AgencyApiView):
    """Propose the dossier's approval (trình ký), with an optional note: it awaits
    the signature of the unit's leader, who is told (national status 4). A unit
    with no active leader to sign it is refused, 409 `no_signing_leader`."""

    class InputSerializer(SeenInput):
        note = serializers.CharField(max_length=1000, required=False, default="")

    @extend_schema(
        request=InputSerializer,
        responses={200: AgencyDossierDetailSerializer, **errors(400, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        try:
            signing.dossier_propose_approval(dossier=dossier, by=request.user, note=data["note"],
                                             seen=_seen(data))  # fmt: skip
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)


class AgencyProposeNotResolveApi(AgencyApiView):
    """Propose to refuse the dossier (trình ký từ chối), with the reason the refusal
    notice will give: it awaits the signature of the unit's leader, who is told
    and signs it with sign/ (national status 4 until signed, then 8). A unit
    with no active leader to sign it is refused, 409 `no_signing_leader`."""

    class InputSerializer(SeenInput):
        reason = serializers.CharField(
            max_length=1000,
            help_text="Why the dossier is not resolved, as the applicant will read it once "
                      "the leader signs the refusal.",
        )  # fmt: skip

    @extend_schema(
        request=InputSerializer,
        responses={200: AgencyDossierDetailSerializer, **errors(400, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        try:
            signing.dossier_propose_not_resolve(
                dossier=dossier, by=request.user, reason=data["reason"], seen=_seen(data)
            )
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)


class AgencySendBackApi(AgencyApiView):
    """The unit's leader sends a dossier awaiting signature back to processing,
    with the reason, which the official who proposed it is told. Refused (409)
    for anyone else: a client's service account acts as an official."""

    class InputSerializer(SeenInput):
        reason = serializers.CharField(max_length=1000)

    @extend_schema(
        request=InputSerializer,
        responses={200: AgencyDossierDetailSerializer, **errors(400, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        try:
            signing.dossier_send_back(dossier=dossier, by=request.user, reason=data["reason"],
                                      seen=_seen(data))  # fmt: skip
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)


class AgencyApproveApi(AgencyApiView):
    """Sign a dossier proposed for approval: the result is ready and its electronic
    result is issued in the signer's name (a PDF with a QR code, kept in the
    subject's document store). A dossier proposed for refusal is signed with
    sign/ (409 here). Only the unit's leader signs: a client's service account
    acts as an official, and is refused (409)."""

    class OutputSerializer(AgencyDossierDetailSerializer):
        result = AgencyResultSerializer(help_text="The result just issued.")

    @extend_schema(request=SeenInput,
                   responses={200: OutputSerializer, **errors(400, 404, 409)})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        seen = _seen(validated(SeenInput, request.data))
        try:
            result = results.dossier_approve_with_result(dossier=dossier, by=request.user,
                                                         seen=seen)  # fmt: skip
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier, result=AgencyResultSerializer(result).data)


class AgencySignApi(AgencyApiView):
    """Sign what was proposed for the leader's signature: an approval issues the
    electronic result in the signer's name (`result`); a refusal makes the dossier
    not resolved for the reason proposed, its refusal notice in the signer's name
    (`result` null). Only the unit's leader signs: a client's service account
    acts as an official, and is refused (409)."""

    class OutputSerializer(AgencyDossierDetailSerializer):
        result = AgencyResultSerializer(
            allow_null=True, help_text="The result just issued; null for a refusal signed."
        )

    @extend_schema(request=SeenInput,
                   responses={200: OutputSerializer, **errors(400, 404, 409)})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        seen = _seen(validated(SeenInput, request.data))
        try:
            result = signing.dossier_sign(dossier=dossier, by=request.user, seen=seen)
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier,
                      result=AgencyResultSerializer(result).data if result else None)  # fmt: skip


class AgencyRefuseApi(AgencyApiView):
    """Refuse with the reasons: at reception while newly submitted (status 3);
    in processing, proposed to the unit's leader, whose signature (sign/) makes
    it not resolved (status 4 until signed, then 8); 409 `no_signing_leader` when
    the unit has no active leader to sign it."""

    class InputSerializer(SeenInput):
        reasons = serializers.ListField(
            child=serializers.CharField(max_length=1000), allow_empty=False
        )

    @extend_schema(
        request=InputSerializer,
        responses={200: AgencyDossierDetailSerializer, **errors(400, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        try:
            dossier_refuse(dossier=dossier, by=request.user, reasons=data["reasons"],
                           seen=_seen(data))  # fmt: skip
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)


class AgencyReturnResultApi(AgencyApiView):
    """Return the result to the applicant as they chose at submission (online,
    at the counter, or by post with the postal tracking number); for a dossier
    with no choice recorded, online (default) or at the counter."""

    class InputSerializer(SeenInput):
        how = serializers.ChoiceField(
            choices=results.ReturnChannel.choices, required=False,
            help_text="Left out: the applicant's choice, or online. Another way than the "
                      "applicant's is refused (400).",
        )  # fmt: skip
        tracking_number = serializers.CharField(
            required=False, allow_blank=True, default="",
            help_text="By post: the postal service's tracking number (e.g. EE123456789VN).",
        )  # fmt: skip

    @extend_schema(
        request=InputSerializer,
        responses={200: AgencyDossierDetailSerializer, **errors(400, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        try:
            results.result_return(dossier=dossier, by=request.user, how=data.get("how"),
                                  tracking_number=data["tracking_number"],
                                  seen=_seen(data))  # fmt: skip
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)


class AgencyNationalStatusSerializer(serializers.Serializer):
    """One step: the national status reached, when and why, and what happened
    in plain words in both languages, whatever the request's language."""

    code = serializers.CharField(allow_null=True)
    status = serializers.IntegerField(help_text="The national status code (1-10).")
    at = serializers.CharField()
    note = serializers.CharField()
    description_vi = serializers.CharField(
        help_text="What the move did, in plain Vietnamese words, as the applicant reads it on "
                  "the tracking page and in the citizen API's `description` (\"you\" is the "
                  "applicant). Two moves can reach the same status code: this says which. "
                  "For a fee paid later, how it was paid: online, with the payment platform's "
                  "transaction, or at the desk, by which official and against which fee receipt.",
    )  # fmt: skip
    description_en = serializers.CharField(
        help_text="The same words in English.",
    )


class AgencyHistoryApi(AgencyApiView):
    """The dossier's status history in the national portal's ten-code
    vocabulary, each step also said in plain words, in Vietnamese and English."""

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField(allow_null=True)
        history = AgencyNationalStatusSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer, **errors(404)})
    def get(self, request: Request, pk: int) -> Response:
        dossier = _client_dossier(request, pk)
        history = national_history_in_words(dossier=dossier)
        return Response(self.OutputSerializer({"code": dossier.code, "history": history}).data)
