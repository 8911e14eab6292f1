"""The citizen API's dossiers: the caller's own (list, start a draft,
detail) and the moves the applicant makes on one: confirm the data, submit,
answer a supplement request, withdraw. Each answers with the dossier as it
is after the move."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dossiers import services, supplement_answers
from dossiers.api_access.idempotency import (
    KEY_MAX_LENGTH,
    dossier_create_once,
    request_fingerprint,
)
from dossiers.api_citizen.dossier_serializers import (
    CitizenDossierDetailSerializer,
    CitizenDossierSerializer,
)
from dossiers.api_citizen.scope import IsCitizen, own_dossier, own_dossiers, readable_dossier
from dossiers.api_errors import DOMAIN_ERRORS, Refusal, errors, refusal_from, validated
from dossiers.ended_authorisation import ended_authorisations_mark
from dossiers.models import ActingBasis, Dossier, DossierStatus
from dossiers.result_delivery import delivery_requested
from portal.accounts.models import Agency
from portal.api_schema import page_of
from procedures.models import Procedure

PAGE_SIZE = 20


def _shown(request: Request, dossier: Dossier, http_status: int = status.HTTP_200_OK) -> Response:
    dossier = own_dossiers(request).get(pk=dossier.pk)  # as it is now, after the service
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
        dossiers = own_dossiers(request)
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
        return _shown(request, readable_dossier(request, pk))


class CitizenDossierConfirmApi(APIView):
    """The applicant has seen which data came from which source, and agrees to its use."""

    permission_classes = [IsCitizen]

    @extend_schema(request=None, responses={200: CitizenDossierDetailSerializer,
                                            **errors(400, 404, 409)})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        dossier = own_dossier(request, pk)
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
        result_delivery = serializers.CharField(
            required=False, allow_blank=True, max_length=16,
            help_text="How the applicant receives the result, one of the procedure's "
                      "`result_deliveries` (online, counter, post); 400 for another way. "
                      "Left out: none is recorded, and the unit returns it online or at the desk.",
        )  # fmt: skip
        delivery_address = serializers.CharField(
            required=False, allow_blank=True,
            help_text="The address to post the result to: required with `post`, ignored otherwise.",
        )  # fmt: skip

    @extend_schema(
        request=InputSerializer,
        responses={200: CitizenDossierDetailSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        dossier = own_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        values = {**dossier.form_values, **data["values"]}
        try:
            dossier = services.dossier_submit(dossier=dossier, by=request.user, values=values,
                                              delivery=delivery_requested(data))  # fmt: skip
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _shown(request, dossier)


class CitizenSupplementAnswerApi(APIView):
    """Having uploaded every item asked for, send the dossier back to the unit."""

    permission_classes = [IsCitizen]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(request=None, responses={200: CitizenDossierDetailSerializer,
                                            **errors(400, 404, 409)})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        dossier = own_dossier(request, pk)
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
        dossier = own_dossier(request, pk)
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
