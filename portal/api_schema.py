"""OpenAPI schema generation for the portal's API."""

from drf_spectacular.openapi import AutoSchema


class PortalAutoSchema(AutoSchema):
    """Names nested serializers after the API view holding them: every view has
    its own `InputSerializer` and `OutputSerializer` (the house style), and the
    schema needs them told apart (StaffAssignmentInput, AccessLogOutput…)."""

    def get_serializer_name(self, serializer, direction) -> str:
        qualname = type(serializer).__qualname__
        if "." not in qualname:
            return super().get_serializer_name(serializer, direction)
        outer, inner = qualname.rsplit(".", 1)
        return f"{outer.removesuffix('Api')}{inner}"
