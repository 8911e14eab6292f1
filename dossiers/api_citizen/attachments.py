"""The files the applicant uploads for a dossier's components through the
citizen API: each with the round it came with (the submission or the n-th
supplement request), whether a later request asked for it again and what
answered it, as the documents page shows them (dossiers.attachment_rounds);
and taking back a file not yet sent (dossiers.attachments.attachment_remove)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dossiers.api_citizen.scope import IsCitizen, own_dossier
from dossiers.api_errors import (
    DOMAIN_ERRORS,
    DossierErrorSerializer,
    Refusal,
    dossier_component,
    errors,
    refusal_from,
    validated,
)
from dossiers.attachment_rounds import SubmittedFile, submitted_files
from dossiers.attachments import attachment_add, attachment_remove
from dossiers.evidence import ComponentStatus, components_status
from dossiers.models import Attachment, Dossier, SupplementRequest
from procedures.models import DossierComponent


@dataclass(frozen=True)
class CitizenFile:
    """A file as its applicant is shown it: its round, and what the API adds."""

    file: SubmittedFile
    component: DossierComponent
    superseded_by: list[int]  # the files that answered the request asking for it again
    removable: bool  # its applicant may take it back now (DELETE)


def citizen_files(*, dossier: Dossier,
                  components: list[ComponentStatus]) -> dict[int, list[CitizenFile]]:  # fmt: skip
    """Component pk → its files, newest first, as the documents panel lists
    them (`components` from components_status); removable as the panel offers it."""
    attachments = [attachment for item in components for attachment in item.attachments]
    if not attachments:
        return {}
    statuses = {item.component.pk: item for item in components}
    shown: dict[int, list[CitizenFile]] = {}
    for component_pk, files in submitted_files(dossier=dossier, attachments=attachments).items():
        item = statuses[component_pk]
        shown[component_pk] = [
            CitizenFile(
                file=file,
                component=item.component,
                superseded_by=[
                    later.attachment.pk
                    for later in files
                    if file.superseded and later.round == file.asked_again_round
                ],
                removable=not dossier.taken_at_the_desk
                and (item.remove_allowed or file.in_open_supplement),
            )  # fmt: skip
            for file in files
        ]
    return shown


def _supplement_round(supplement: SupplementRequest | None, number: int) -> dict | None:
    if supplement is None:
        return None
    return {"id": supplement.pk, "number": number, "requested_at": supplement.created_at,
            "reason": supplement.reason}  # fmt: skip


class CitizenSupplementRoundSerializer(serializers.Serializer):
    """A supplement request, numbered in the dossier's order, with the
    official's reason for it."""

    id = serializers.IntegerField(help_text="The supplement request's id.")
    number = serializers.IntegerField(help_text="n: the dossier's n-th supplement request.")
    requested_at = serializers.DateTimeField(help_text="When the official made it.")
    reason = serializers.CharField(help_text="Why the official asked, in their words.")


class CitizenAttachmentSerializer(serializers.Serializer):
    """A file uploaded for a component, with the round it came with. A submitted
    file is never deleted: one the unit asked for again stays, with the
    official's reason, next to the file that answers it."""

    id = serializers.IntegerField(source="file.attachment.pk")
    component = serializers.CharField(source="component.code")
    name = serializers.CharField(source="file.attachment.original_name")
    content_type = serializers.CharField(source="file.attachment.content_type")
    size = serializers.IntegerField(source="file.attachment.size")
    sha256 = serializers.CharField(source="file.attachment.sha256")
    uploaded_at = serializers.DateTimeField(source="file.attachment.uploaded_at")
    round = serializers.IntegerField(
        source="file.round",
        help_text="0: uploaded with the initial submission (or for the draft); n: uploaded "
                  "for the n-th supplement request (`supplement_request`).",
    )  # fmt: skip
    supplement_request = serializers.SerializerMethodField(
        help_text="The supplement request it was uploaded for; null for the initial submission."
    )
    asked_again = serializers.SerializerMethodField(
        help_text="A later supplement request that asked for its component again, the "
                  "official having found it wrong, with their reason; null otherwise. The file "
                  "stays in the dossier's record.",
    )  # fmt: skip
    superseded = serializers.BooleanField(
        source="file.superseded",
        help_text="That request has its answer: a new file (`superseded_by`), or the paper "
                  "seen at the one-stop desk, no copy kept (`superseded_by` empty).",
    )  # fmt: skip
    superseded_by = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="The ids of the files that answered it; empty unless `superseded`.",
    )  # fmt: skip
    removable = serializers.BooleanField(
        help_text="Whether the applicant may take it back now (DELETE): any file of a draft; "
                  "once submitted, only one uploaded for the supplement request still waiting, "
                  "until the answer is sent.",
    )  # fmt: skip

    @extend_schema_field(CitizenSupplementRoundSerializer(allow_null=True))
    def get_supplement_request(self, shown: CitizenFile):
        return _supplement_round(shown.file.supplement, shown.file.round)

    @extend_schema_field(CitizenSupplementRoundSerializer(allow_null=True))
    def get_asked_again(self, shown: CitizenFile):
        return _supplement_round(shown.file.asked_again, shown.file.asked_again_round)


def _file_shown(dossier: Dossier, attachment: Attachment) -> CitizenFile:
    files = citizen_files(dossier=dossier, components=components_status(dossier=dossier))
    return next(shown for shown in files[attachment.component_id]
                if shown.file.attachment.pk == attachment.pk)  # fmt: skip


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
        dossier = own_dossier(request, pk)
        data = validated(self.InputSerializer, request.data)
        component = dossier_component(dossier, data["component"])
        try:
            attachment = attachment_add(
                dossier=dossier, component=component, upload=data["file"], by=request.user
            )
        except DOMAIN_ERRORS as error:
            raise refusal_from(error) from error
        shown = _file_shown(dossier, attachment)
        return Response(CitizenAttachmentSerializer(shown).data, status=status.HTTP_201_CREATED)


FILE_NOT_FOUND = OpenApiResponse(
    DossierErrorSerializer,
    description="No such dossier or file, or not the caller's: never told apart.",
    examples=[OpenApiExample(
        "not_found", status_codes=["404"],
        value={"code": "not_found",
               "detail": "Không có tệp này trong hồ sơ. There is no such file in the dossier."},
    )],
)  # fmt: skip
FILE_KEPT = OpenApiResponse(
    DossierErrorSerializer,
    description="The file stays in the dossier's record (`refused`): submitted before the "
    "supplement request, or the answer already sent; or the draft is being taken at the "
    "one-stop desk (`taken_at_the_desk`). Nothing changed.",
    examples=[OpenApiExample(
        "refused", status_codes=["409"],
        value={"code": "refused",
               "detail": "Tệp “giay-to.pdf” đã được nộp trước khi cơ quan yêu cầu bổ sung: tệp "
                         "được giữ trong hồ sơ. Hãy tải lên bản mới bên cạnh. The file "
                         "“giay-to.pdf” was submitted before the supplement request: it stays "
                         "in the dossier's record. Upload the new one next to it."},
    )],
)  # fmt: skip


class CitizenDossierAttachmentApi(APIView):
    """Take back a file not yet sent: any file of a draft; once submitted,
    only one uploaded for the supplement request still waiting, before the
    answer is sent, as the documents page allows (its `removable`). A
    submitted file, one the unit asked for again included, stays in the
    dossier's record: refused with 409, as is any file once the answer was
    sent; nothing changes then. Another person's dossier, or a file not of
    this dossier, is a 404."""

    permission_classes = [IsCitizen]

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("attachment_pk", int, OpenApiParameter.PATH,
                                     description="The file's `id`.")],
        responses={204: None, 404: FILE_NOT_FOUND, 409: FILE_KEPT},
    )  # fmt: skip
    def delete(self, request: Request, pk: int, attachment_pk: int) -> Response:
        dossier = own_dossier(request, pk)
        attachment = Attachment.objects.filter(dossier=dossier, pk=attachment_pk).first()
        if attachment is None:
            raise Refusal(
                http_status=status.HTTP_404_NOT_FOUND, code="not_found",
                detail=_("Không có tệp này trong hồ sơ. There is no such file in the dossier."),
            )  # fmt: skip
        try:
            attachment_remove(attachment=attachment, by=request.user)
        except DOMAIN_ERRORS as error:
            # The file and the caller are known: what refuses it is the dossier's state.
            raise refusal_from(error, conflict=True) from error
        return Response(status=status.HTTP_204_NO_CONTENT)
