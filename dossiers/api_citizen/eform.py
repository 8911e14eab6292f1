"""The draft's e-form in the citizen API: its fields as the prefill left
them (with where each locked value came from), its components, and saving
what the applicant types."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dossiers import eforms, services
from dossiers.api_citizen.attachments import CitizenAttachmentSerializer, citizen_files
from dossiers.api_citizen.scope import IsCitizen, own_dossier, readable_dossier
from dossiers.api_errors import DOMAIN_ERRORS, errors, refusal_from, validated
from dossiers.evidence import components_status
from dossiers.models import Dossier
from dossiers.prefill import prefill_overdue_close
from dossiers.result_delivery import delivery_requested


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
    attachments = serializers.SerializerMethodField(
        help_text="Its files, newest first, each with the round it came with."
    )

    @extend_schema_field(CitizenAttachmentSerializer(many=True))
    def get_attachments(self, item):
        files = self.context["files"].get(item.component.pk, [])
        return CitizenAttachmentSerializer(files, many=True).data


class CitizenFormStateSerializer(serializers.Serializer):
    prefill_finished = serializers.BooleanField()
    prefill = CitizenPrefillSourceSerializer(many=True)
    preview_confirmed_at = serializers.DateTimeField(allow_null=True)
    fields = CitizenFieldSerializer(many=True)
    components = CitizenComponentSerializer(many=True)
    result_deliveries = serializers.ListField(
        child=serializers.CharField(),
        help_text="The ways the procedure offers to receive the result (online, counter, post).",
    )
    result_delivery = serializers.CharField(
        help_text="The way kept with the draft; empty until the applicant chose one."
    )
    delivery_address = serializers.CharField(
        help_text="The address kept with the draft to post the result to, with `post`."
    )


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
        "result_deliveries": [way.value for way in dossier.procedure.result_delivery_ways],
        "result_delivery": dossier.result_delivery,
        "delivery_address": dossier.delivery_address,
    }


def _form_shown(dossier: Dossier, serializer=CitizenFormStateSerializer, **extra) -> Response:
    """The form's state, its components' files with the round each came with."""
    state = {**_form_state(dossier), **extra}
    files = citizen_files(dossier=dossier, components=state["components"])
    return Response(serializer(state, context={"files": files}).data)


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

    class KeepInputSerializer(InputSerializer):
        result_delivery = serializers.CharField(
            required=False, allow_blank=True, max_length=16,
            help_text="How the applicant will receive the result, one of the procedure's "
                      "`result_deliveries` (online, counter, post), kept with the draft and "
                      "used at submission unless it sends another; another way is named in "
                      "`refused`. Left out: the one kept before stays.",
        )  # fmt: skip
        delivery_address = serializers.CharField(
            required=False, allow_blank=True,
            help_text="The address to post the result to, with `post` (may be left blank "
                      "in a draft, required at submission); ignored otherwise.",
        )  # fmt: skip

    @extend_schema(
        responses={200: CitizenFormStateSerializer, **errors(403, 404)},
        summary="The draft's e-form as the prefill left it",
        description="403 `no_right_to_act` once the authorisation the draft was started under "
                    "has been revoked or has expired: its values, prefilled or typed, and its "
                    "files are no longer shown to the applicant.",
    )  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return _form_shown(readable_dossier(request, pk))

    @extend_schema(
        request=InputSerializer,
        responses={200: CitizenFormStateSerializer, **errors(400, 404, 409)},
        summary="Save the e-form, every field checked",
        examples=[FORM_VALUES_EXAMPLE],
    )
    def put(self, request: Request, pk: int) -> Response:
        dossier = own_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        try:
            dossier = services.dossier_form_save(
                dossier=dossier, by=request.user, values=data["values"]
            )
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _form_shown(dossier)

    @extend_schema(
        request=KeepInputSerializer,
        responses={200: CitizenFormKeptSerializer, **errors(400, 404, 409)},
        summary="Keep the e-form's valid values, to go on later",
        description="A value the form's rules refuse is not kept, and is named in `refused` "
        "with why; the valid values (and blank ones: a draft may be incomplete) are kept.",
        examples=[FORM_VALUES_EXAMPLE],
    )
    def patch(self, request: Request, pk: int) -> Response:
        dossier = own_dossier(request, pk)
        data = validated(self.KeepInputSerializer, request.data)
        try:
            refused = services.dossier_form_keep(
                dossier=dossier, by=request.user, values=data["values"],
                delivery=delivery_requested(data),
            )  # fmt: skip
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        return _form_shown(dossier, CitizenFormKeptSerializer, refused=refused)
