"""The accounts API: administrators assign staff roles by personal ID."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.accounts.exceptions import AccountError
from portal.accounts.models import Role
from portal.accounts.services import staff_assign
from portal.api_errors import ApiError, invalid
from portal.api_schema import FIELD_ERRORS


class IsAdministrator(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role == Role.ADMINISTRATOR)


class StaffAssignmentApi(APIView):
    """Give a person (by personal ID) a staff role in an agency."""

    permission_classes = [IsAdministrator]

    class InputSerializer(serializers.Serializer):
        personal_id = serializers.CharField(max_length=32)
        role = serializers.CharField(max_length=32)
        agency_code = serializers.CharField(max_length=32, required=False, allow_blank=True)
        full_name = serializers.CharField(max_length=255, required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        personal_id = serializers.CharField()
        full_name = serializers.CharField()
        role = serializers.CharField()
        agency_code = serializers.CharField(source="agency.code", allow_null=True, default=None)

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, 400: FIELD_ERRORS},
        examples=[
            OpenApiExample(
                "A commune official",
                value={"personal_id": "031188002468", "role": "official", "agency_code": "11311"},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = staff_assign(
                personal_id=data.validated_data["personal_id"],
                role=data.validated_data["role"],
                agency_code=data.validated_data.get("agency_code") or None,
                full_name=data.validated_data.get("full_name", ""),
            )
        except AccountError as error:
            if error.field:
                raise invalid({error.field: [error.message]}, detail=error.message) from error
            raise ApiError(http_status=400, code="refused", detail=error.message) from error
        return Response(self.OutputSerializer(user).data, status=status.HTTP_201_CREATED)
