"""The citizen's dossier API: their own dossiers (list, detail with the
history in plain words and what is expected now), and the journey the pages
offer: start a draft, read the prefilled form, save what they type, confirm
the data, submit, upload, answer a supplement request, withdraw. Session
authentication with CSRF, as the other APIs. Every write is a service call;
refusals come back as {"code", "detail"} (dossiers.api_errors)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import permissions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dossiers import eforms, services, supplement_answers
from dossiers.api_access.idempotency import (
    KEY_MAX_LENGTH,
    dossier_create_once,
    request_fingerprint,
)
from dossiers.api_errors import (
    DOMAIN_ERRORS,
    Refusal,
    dossier_component,
    errors,
    not_found,
    refusal_from,
    validated,
)
from dossiers.attachments import attachment_add
from dossiers.ended_authorisation import ended_authorisations_mark
from dossiers.evidence import _source_name, components_status
from dossiers.history import event_words, history_in_words, reason_for_applicant
from dossiers.lookup import lookup_key_given
from dossiers.models import (
    ActingBasis,
    Channel,
    Dossier,
    DossierEvent,
    DossierStatus,
    RightToActCheck,
)
from dossiers.prefill import prefill_overdue_close
from dossiers.representation import authorisation_ended
from dossiers.right_to_act import right_not_read
from dossiers.selectors import dossiers_visible_to
from dossiers.states import NATIONAL_STATUS_CODES, TRANSITIONS, allowed_actions
from portal.accounts.models import Agency, Role
from portal.api_schema import page_of
from procedures.models import Procedure

PAGE_SIZE = 20


class IsCitizen(permissions.BasePermission):
    message = _(
        "Chỉ công dân đã đăng nhập bằng VNeID dùng được API này. "
        "Only a citizen logged in with VNeID may use this API."
    )

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and user.role == Role.CITIZEN and user.personal_id
        )


def _own_dossiers(request: Request) -> QuerySet[Dossier]:
    return dossiers_visible_to(user=request.user).select_related("form", "prefill")


def _own_dossier(request: Request, pk: int) -> Dossier:
    """The caller's dossier; anyone else's is the same 404 as one that does not exist."""
    dossier = _own_dossiers(request).filter(pk=pk).first()
    if dossier is None:
        raise not_found()
    return dossier


def _readable_dossier(request: Request, pk: int) -> Dossier:
    """The caller's dossier whose data they may still see: a draft started
    under an authorisation that was revoked or expired since is refused (403
    no_right_to_act, saying how and when it ended); it can only be discarded."""
    dossier = _own_dossier(request, pk)
    if ended := authorisation_ended(dossier=dossier, user=request.user):
        raise Refusal(http_status=403, code="no_right_to_act", detail=ended.message)
    return dossier


# What the applicant is expected to do now, in the words of the tracking page.
def _next_step(dossier: Dossier) -> dict:
    # Set on a listed draft whose authorisation ended (ended_authorisations_mark).
    if ended := getattr(dossier, "authorisation_ended", None):
        return {"code": "authorisation_ended", "text": ended.message}
    if dossier.taken_at_the_desk:
        return {"code": "taken_at_desk", "text": _(
            "Nothing online: the dossier is being received at the one-stop desk, where the "
            "official completes and submits it with you"
        )}  # fmt: skip
    if dossier.status == DossierStatus.DRAFT:
        if dossier.preview_confirmed_at is None:
            return {"code": "check_data", "text": _("Check your data")}
        return {"code": "complete_and_submit", "text": _("Complete and submit")}
    steps = {
        DossierStatus.FINANCIAL_OBLIGATION: ("pay_fee", _("Pay the fee")),
        DossierStatus.SUPPLEMENT_REQUESTED: ("provide_supplement", _("Provide what is asked")),
        DossierStatus.RESULT_READY: ("collect_result", _("Collect the result")),
    }
    if dossier.is_closed:
        return {"code": "none", "text": _("Nothing: the dossier is closed")}
    code, text = steps.get(dossier.status, ("none", _("Nothing: the unit is handling it")))
    return {"code": code, "text": text}


class NextStepSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["authorisation_ended", "taken_at_desk", "check_data", "complete_and_submit",
                 "pay_fee", "provide_supplement", "collect_result", "none"],
        help_text="What the applicant is expected to do now. authorisation_ended (in the list "
                  "of dossiers): a draft started under an authorisation that the principal has "
                  "revoked, or that has expired; it cannot go on and can only be discarded, "
                  "on its page /dossiers/<id>/; its detail and form answer 403 no_right_to_act.",
    )  # fmt: skip
    text = serializers.CharField(
        help_text="The same in words; for authorisation_ended, in Vietnamese and English, how "
                  "and on which date (dd/mm/yyyy) the authorisation ended."
    )  # fmt: skip


class CitizenHistorySerializer(serializers.Serializer):
    """One step of the history: when, the move made, what it did in plain words
    (as the tracking page says it), the status it reached, and why."""

    at = serializers.DateTimeField(help_text="When the move was made.")
    action = serializers.ChoiceField(
        choices=list(TRANSITIONS),
        help_text="The move made, e.g. resubmit_for_reception: the dossier was completed "
                  "before it was received and waits to be received again.",
    )  # fmt: skip
    description = serializers.SerializerMethodField(
        help_text="What the move did, in plain words, in the request's language "
                  "(Vietnamese unless Accept-Language asks for English), as the tracking "
                  "page shows it. For fee_paid, how the fee was paid: online, with the "
                  "payment platform's transaction, or at the desk, by which official and "
                  "against which fee receipt.",
    )  # fmt: skip
    status = serializers.ChoiceField(
        source="to_status", choices=DossierStatus.choices,
        help_text="The status the move reached.",
    )  # fmt: skip
    text = serializers.CharField(
        source="get_to_status_display",
        help_text="The name of that status in the request's language; two different moves "
                  "can reach the same status, so `description` says what happened.",
    )  # fmt: skip
    reason = serializers.SerializerMethodField(
        help_text="Why, when the move needs a reason; else empty. Empty too for the notes "
                  "passed between the unit's official and its leader (the signature step).",
    )  # fmt: skip

    def get_reason(self, event: DossierEvent) -> str:
        return reason_for_applicant(event)

    def get_description(self, event: DossierEvent) -> str:
        words = self.context.get("words", {})  # the whole history's, read once
        return words[event.pk] if event.pk in words else event_words(event)


class CitizenAskedItemSerializer(serializers.Serializer):
    component = serializers.CharField(source="component.code")
    name = serializers.CharField(source="component.name")
    uploads = serializers.IntegerField()
    answered = serializers.BooleanField()


class CitizenSupplementSerializer(serializers.Serializer):
    reason = serializers.CharField()
    requested_at = serializers.DateTimeField(source="created_at")
    items = serializers.SerializerMethodField()

    @extend_schema_field(CitizenAskedItemSerializer(many=True))
    def get_items(self, supplement):
        items = supplement_answers.supplement_items(supplement=supplement)
        return CitizenAskedItemSerializer(items, many=True).data


class AwaitedDueDateField(serializers.DateField):
    """The result's due date while a result is awaited (or came); none once the
    dossier closed without one (withdrawn, refused, stopped, not resolved), as
    the tracking page shows it."""

    def get_attribute(self, dossier: Dossier):
        return dossier.due_date if dossier.result_awaited else None


class CitizenDossierSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(allow_null=True)
    reference = serializers.CharField()
    procedure_code = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure.name")
    agency_code = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    subject_personal_id = serializers.CharField()
    acting_basis = serializers.ChoiceField(choices=ActingBasis.choices)
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        help_text="Where it was taken: online, or at the one-stop desk (a draft there is the "
                  "official's to complete and submit: 409 taken_at_the_desk to any change).",
    )  # fmt: skip
    status = serializers.ChoiceField(choices=DossierStatus.choices)
    status_text = serializers.CharField(source="get_status_display")
    national_status = serializers.SerializerMethodField(
        help_text="The National Public Service Portal's status code (1-10), none for a draft."
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    due_date = AwaitedDueDateField(
        allow_null=True,
        help_text="When the result is due; null before submission and for a dossier closed "
                  "without a result (withdrawn, refused at reception, stopped, not resolved).",
    )  # fmt: skip
    fee_vnd = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    next_step = serializers.SerializerMethodField()

    def get_national_status(self, dossier: Dossier) -> int | None:
        return NATIONAL_STATUS_CODES.get(dossier.status)

    @extend_schema_field(NextStepSerializer)
    def get_next_step(self, dossier: Dossier):
        return _next_step(dossier)


class CitizenRightUnreadSerializer(serializers.Serializer):
    """The mark a dossier carries when its applicant's right to act could not
    be read again at submission: the unit will verify it with that source."""

    source = serializers.CharField(help_text="The national source's code, e.g. population.")
    source_name = serializers.SerializerMethodField()
    noted_at = serializers.DateTimeField(source="verified_at", help_text="When it was submitted.")
    text = serializers.SerializerMethodField(help_text="The tracking page's words.")

    def get_source_name(self, check: RightToActCheck) -> str:
        return _source_name(check.source)

    def get_text(self, check: RightToActCheck) -> str:
        return _(
            "When you submitted, %(source)s could not be read to check again that you may still "
            "act for this person. Your dossier was submitted all the same: the unit that handles "
            "it will verify your right to act with %(source)s. You need not do anything now; if "
            "it no longer holds, you will be told why."
        ) % {"source": _source_name(check.source)}


class CitizenDossierDetailSerializer(CitizenDossierSerializer):
    """A dossier with its history, the moves open to the applicant now, the
    supplement request waiting for an answer, if any, its look-up key and
    whether the unit is to verify the applicant's right to act."""

    history = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    supplement = serializers.SerializerMethodField()
    lookup_key = serializers.SerializerMethodField(
        help_text="Once submitted, the look-up key printed on the receipt (as XXXX-XXXX): with "
                  "the code, anyone the applicant passes them on to (whoever they filed for) "
                  "follows the dossier without logging in at /dossiers/lookup/. Null for a draft."
    )  # fmt: skip
    right_to_act_unverified = serializers.SerializerMethodField(
        help_text="Set while the applicant's right to act for the subject was not read again "
                  "at submission (its national source could not be read; the dossier was "
                  "submitted all the same) and nobody has verified it since: the unit will "
                  "verify it with that source. Null otherwise."
    )  # fmt: skip

    @extend_schema_field(CitizenHistorySerializer(many=True))
    def get_history(self, dossier: Dossier):
        history = history_in_words(dossier=dossier)
        words = {event.pk: text for event, text in history}
        events = [event for event, _text in history]
        return CitizenHistorySerializer(events, many=True, context={"words": words}).data

    def get_allowed_actions(self, dossier: Dossier) -> list[str]:
        return allowed_actions(dossier=dossier, user=self.context["user"])

    @extend_schema_field(CitizenSupplementSerializer(allow_null=True))
    def get_supplement(self, dossier: Dossier):
        supplement = supplement_answers.supplement_open(dossier=dossier)
        return CitizenSupplementSerializer(supplement).data if supplement else None

    def get_lookup_key(self, dossier: Dossier) -> str | None:
        return lookup_key_given(dossier)

    @extend_schema_field(CitizenRightUnreadSerializer(allow_null=True))
    def get_right_to_act_unverified(self, dossier: Dossier):
        unread = right_not_read(dossier=dossier)
        return CitizenRightUnreadSerializer(unread).data if unread else None


def _shown(request: Request, dossier: Dossier, http_status: int = status.HTTP_200_OK) -> Response:
    dossier = _own_dossiers(request).get(pk=dossier.pk)  # as it is now, after the service
    data = CitizenDossierDetailSerializer(dossier, context={"user": request.user}).data
    return Response(data, status=http_status)


class CitizenDossiersApi(APIView):
    """The caller's own dossiers, newest first; start a draft (which starts
    reading the sources). With an Idempotency-Key header, repeating the same
    request returns the draft it created instead of a second one."""

    permission_classes = [IsCitizen]

    class InputSerializer(serializers.Serializer):
        procedure = serializers.CharField(max_length=32, help_text="The procedure's national code.")
        agency = serializers.CharField(max_length=32, help_text="The receiving unit's code.")
        subject_personal_id = serializers.CharField(
            max_length=12, required=False, allow_blank=True, default="",
            help_text="Whose procedure it is; empty: the caller's own.",
        )  # fmt: skip
        acting_basis = serializers.ChoiceField(
            choices=ActingBasis.choices, default=ActingBasis.SELF
        )

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=DossierStatus.values),
                    OpenApiParameter("page", int)],
        operation_id="dossiers_list",
        responses=page_of(CitizenDossierSerializer, "PaginatedCitizenDossier"),
        summary="The caller's own dossiers, newest first",
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        dossiers = _own_dossiers(request)
        if state := request.query_params.get("status"):
            dossiers = dossiers.filter(status=state)
        paginator = PageNumberPagination()
        paginator.page_size = PAGE_SIZE
        page = paginator.paginate_queryset(dossiers, request, view=self)
        ended_authorisations_mark(page, user=request.user)
        return paginator.get_paginated_response(CitizenDossierSerializer(page, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "Idempotency-Key", str, OpenApiParameter.HEADER,
                description="Any unique string (a UUID): the same key again returns the same "
                            "draft (200) instead of creating another.",
            )
        ],
        request=InputSerializer,
        responses={201: CitizenDossierDetailSerializer, 200: CitizenDossierDetailSerializer,
                   **errors(400, 403, 409, 422, 503)},
        summary="Start a draft, which starts reading the sources",
        examples=[
            OpenApiExample(
                "A birth registration for one's child",
                value={"procedure": "1.001193", "agency": "11311",
                       "subject_personal_id": "031218000321", "acting_basis": "parent"},
                request_only=True,
            )
        ],
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request.data)
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > KEY_MAX_LENGTH:
            raise Refusal(
                http_status=400, code="invalid_idempotency_key",
                detail=_("Khóa Idempotency-Key dài tối đa %(n)d ký tự. "
                         "An Idempotency-Key has at most %(n)d characters.")
                % {"n": KEY_MAX_LENGTH},
            )  # fmt: skip
        procedure = Procedure.objects.filter(code=data["procedure"], active=True).first()
        if procedure is None:
            raise Refusal(
                http_status=400, code="unknown_procedure",
                detail=_("Không có thủ tục này. Unknown procedure."),
            )  # fmt: skip
        agency = Agency.objects.filter(code=data["agency"]).first()
        if agency is None:
            raise Refusal(
                http_status=400, code="unknown_agency",
                detail=_("Không có cơ quan này. Unknown agency."),
            )  # fmt: skip

        def create() -> Dossier:
            return services.dossier_draft_start(
                applicant=request.user, procedure=procedure, agency=agency,
                subject_personal_id=data["subject_personal_id"] or None,
                acting_basis=data["acting_basis"],
            )  # fmt: skip

        try:
            if key:
                dossier, created = dossier_create_once(
                    user=request.user, key=key, fingerprint=request_fingerprint(data),
                    create=create,
                )  # fmt: skip
            else:
                dossier, created = create(), True
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class CitizenDossierApi(APIView):
    """One of the caller's dossiers: where it stands, its history in plain
    words, its due date and what is expected of the applicant now."""

    permission_classes = [IsCitizen]

    @extend_schema(
        responses={200: CitizenDossierDetailSerializer, **errors(403, 404)},
        description="A draft started under an authorisation that the principal has revoked, "
                    "or that has expired, is refused with 403 `no_right_to_act` (saying how and "
                    "when it ended): its applicant no longer sees the principal's data in it, "
                    "and can only discard it.",
    )  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return _shown(request, _readable_dossier(request, pk))


class CitizenProvenanceSerializer(serializers.Serializer):
    source_code = serializers.CharField()
    source_name = serializers.CharField()
    record_id = serializers.CharField()
    fetched_at = serializers.CharField()


class CitizenFieldSerializer(serializers.Serializer):
    """A field of the e-form: locked when a source answered (with where the
    value came from), otherwise for the applicant to type."""

    name = serializers.CharField()
    label = serializers.CharField()
    type = serializers.CharField()
    required = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.JSONField())
    value = serializers.JSONField(allow_null=True)
    locked = serializers.BooleanField()
    awaiting_source = serializers.BooleanField()
    provenance = CitizenProvenanceSerializer(allow_null=True)


class CitizenPrefillSourceSerializer(serializers.Serializer):
    source = serializers.CharField()
    status = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField())
    record_id = serializers.CharField()
    fetched_at = serializers.DateTimeField(allow_null=True)


class CitizenAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    component = serializers.CharField(source="component.code")
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class CitizenComponentSerializer(serializers.Serializer):
    """A component of the procedure: filled online, replaced by data, or to upload."""

    code = serializers.CharField(source="component.code")
    name = serializers.CharField(source="component.name")
    required = serializers.BooleanField()
    e_form = serializers.BooleanField()
    replaced = serializers.BooleanField()
    data_state = serializers.CharField()
    source_name = serializers.CharField()
    action = serializers.CharField()
    missing = serializers.BooleanField()
    upload_allowed = serializers.BooleanField()
    attachments = CitizenAttachmentSerializer(many=True)


class CitizenFormStateSerializer(serializers.Serializer):
    prefill_finished = serializers.BooleanField()
    prefill = CitizenPrefillSourceSerializer(many=True)
    preview_confirmed_at = serializers.DateTimeField(allow_null=True)
    fields = CitizenFieldSerializer(many=True)
    components = CitizenComponentSerializer(many=True)


class CitizenFormKeptSerializer(CitizenFormStateSerializer):
    refused = serializers.DictField(
        child=serializers.CharField(),
        help_text="The values not kept, by field name, each with why (in Vietnamese, then "
        "English); the others were kept. Empty when every value was kept.",
    )


def _form_state(dossier: Dossier) -> dict:
    snapshot = getattr(dossier, "prefill", None)
    if snapshot is not None:
        prefill_overdue_close(snapshot=snapshot)  # a source not answering is not waited for
    return {
        "prefill_finished": snapshot is None or snapshot.is_finished,
        "prefill": list(snapshot.sources.all()) if snapshot else [],
        "preview_confirmed_at": dossier.preview_confirmed_at,
        "fields": eforms.form_fields(dossier=dossier),
        "components": components_status(dossier=dossier),
    }


FORM_VALUES_EXAMPLE = OpenApiExample(
    "Typed values",
    value={"values": {"relationship": "Cha", "place_of_birth": "Bệnh viện Phụ sản Hải Phòng"}},
    description="The e-form's field names (GET form/) with the applicant's values; locked "
    "fields may be left out.",
    request_only=True,
)


class CitizenDossierFormApi(APIView):
    """The draft's e-form as the prefill left it (GET); keep what the applicant
    typed: PATCH keeps the valid values to go on later, PUT checks them all.
    Locked values are never taken from the input, and a changed one is refused."""

    permission_classes = [IsCitizen]

    class InputSerializer(serializers.Serializer):
        values = serializers.DictField(child=serializers.JSONField(allow_null=True))

    @extend_schema(
        responses={200: CitizenFormStateSerializer, **errors(403, 404)},
        summary="The draft's e-form as the prefill left it",
        description="403 `no_right_to_act` once the authorisation the draft was started under "
                    "has been revoked or has expired: its values, prefilled or typed, and its "
                    "files are no longer shown to the applicant.",
    )  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        dossier = _readable_dossier(request, pk)
        return Response(CitizenFormStateSerializer(_form_state(dossier)).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: CitizenFormStateSerializer, **errors(400, 404, 409)},
        summary="Save the e-form, every field checked",
        examples=[FORM_VALUES_EXAMPLE],
    )
    def put(self, request: Request, pk: int) -> Response:
        dossier = _own_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        try:
            dossier = services.dossier_form_save(
                dossier=dossier, by=request.user, values=data["values"]
            )
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return Response(CitizenFormStateSerializer(_form_state(dossier)).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: CitizenFormKeptSerializer, **errors(400, 404, 409)},
        summary="Keep the e-form's valid values, to go on later",
        description="A value the form's rules refuse is not kept, and is named in `refused` "
        "with why; the valid values (and blank ones: a draft may be incomplete) are kept.",
        examples=[FORM_VALUES_EXAMPLE],
    )
    def patch(self, request: Request, pk: int) -> Response:
        dossier = _own_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        try:
            refused = services.dossier_form_keep(
                dossier=dossier, by=request.user, values=data["values"]
            )
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        state = {**_form_state(dossier), "refused": refused}
        return Response(CitizenFormKeptSerializer(state).data)


class CitizenDossierConfirmApi(APIView):
    """The applicant has seen which data came from which source, and agrees to its use."""

    permission_classes = [IsCitizen]

    @extend_schema(request=None, responses={200: CitizenDossierDetailSerializer,
                                            **errors(400, 404, 409)})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        dossier = _own_dossier(request, pk)
        try:
            services.dossier_preview_confirm(dossier=dossier, by=request.user)
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)


class CitizenDossierSubmitApi(APIView):
    """Submit the draft. Idempotent: the draft is the dossier, so a repeated
    call (a retry after a lost answer) returns the dossier already submitted
    with its one code. The right to act for the subject is checked again: 403
    `no_right_to_act` once it no longer holds (the authorisation ended, the
    child came of age or left the household, another legal representative),
    the draft kept as it was. While the national source holding that right
    cannot be read, the dossier is submitted all the same and the unit
    verifies the right later; its tracking page says so."""

    permission_classes = [IsCitizen]

    class InputSerializer(serializers.Serializer):
        values = serializers.DictField(
            child=serializers.JSONField(allow_null=True), required=False, default=dict,
            help_text="The typed values (those already saved are kept).",
        )  # fmt: skip

    @extend_schema(
        request=InputSerializer,
        responses={200: CitizenDossierDetailSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = _own_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        values = {**dossier.form_values, **data["values"]}
        try:
            dossier = services.dossier_submit(dossier=dossier, by=request.user, values=values)
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)


class CitizenDossierAttachmentsApi(APIView):
    """Upload a file for a component (multipart: `component`, `file`), while
    the dossier is a draft or a supplement is requested. A component that data
    replaces is refused (409): the applicant never provides it again."""

    permission_classes = [IsCitizen]
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        component = serializers.CharField(max_length=64, help_text="The component's code.")
        file = serializers.FileField()

    @extend_schema(request={"multipart/form-data": InputSerializer},
                   responses={201: CitizenAttachmentSerializer,
                              **errors(400, 404, 409, 413)})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        dossier = _own_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        component = dossier_component(dossier, data["component"])
        try:
            attachment = attachment_add(
                dossier=dossier, component=component, upload=data["file"], by=request.user
            )
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return Response(
            CitizenAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED
        )


class CitizenSupplementAnswerApi(APIView):
    """Having uploaded every item asked for, send the dossier back to the unit."""

    permission_classes = [IsCitizen]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(request=None, responses={200: CitizenDossierDetailSerializer,
                                            **errors(400, 404, 409)})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        dossier = _own_dossier(request, pk)
        try:
            supplement_answers.supplement_answer(dossier=dossier, by=request.user)
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)


class CitizenDossierWithdrawApi(APIView):
    """Withdraw a submitted dossier, with the reason (409 once it is decided)."""

    permission_classes = [IsCitizen]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=1000)

    @extend_schema(
        request=InputSerializer,
        responses={200: CitizenDossierDetailSerializer, **errors(400, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = _own_dossier(request, pk)
        try:  # a closed dossier is refused as such before its reason is checked
            services.dossier_withdraw_check(dossier=dossier, by=request.user)
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        data = validated(self.InputSerializer, request.data)
        try:
            services.dossier_withdraw(dossier=dossier, by=request.user, reason=data["reason"])
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)
