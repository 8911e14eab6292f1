"""The files the applicant uploads for a dossier's components through the
citizen API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dossiers.api_citizen.scope import IsCitizen, own_dossier
from dossiers.api_errors import (
    DOMAIN_ERRORS,
    dossier_component,
    errors,
    refusal_from,
    validated,
)
from dossiers.attachments import attachment_add


class CitizenAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    component = serializers.CharField(source="component.code")
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


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
        return Response(
            CitizenAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED
        )
