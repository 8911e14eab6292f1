"""OpenAPI schema generation for the portal's API."""

from __future__ import annotations

import re

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import permissions, serializers

from portal.api_errors import INVALID_DETAIL, ErrorSerializer


def page_of(item: type[serializers.Serializer], name: str) -> type[serializers.Serializer]:
    """The envelope of a page of `item`s (PageNumberPagination), named for the schema."""
    return type(name, (serializers.Serializer,), {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": item(many=True),
    })  # fmt: skip


NOT_LOGGED_IN = OpenApiResponse(
    ErrorSerializer,
    description="Not logged in (`not_authenticated`), the session's CSRF token missing "
    "(`csrf_failed`), or a role this API is not for (`permission_denied`).",
    examples=[
        OpenApiExample(
            "Not logged in",
            value={
                "code": "not_authenticated",
                "detail": "Chưa cung cấp thông tin xác thực. "
                "Authentication credentials were not provided.",
            },
            status_codes=["403"],
        )
    ],
)
NO_CLIENT_CREDENTIALS = OpenApiResponse(
    ErrorSerializer,
    description="No HTTP Basic credentials, a wrong client ID or secret, or a revoked client "
    '(with `WWW-Authenticate: Basic realm="agency-api"`).',
    examples=[
        OpenApiExample(
            "Wrong credentials",
            value={
                "code": "authentication_failed",
                "detail": "Mã ứng dụng hoặc khóa bí mật không đúng, hoặc ứng dụng đã bị thu "
                "hồi. Wrong client ID or secret, or the client was revoked.",
            },
            status_codes=["401"],
        )
    ],
)

SUMMARY_MAX = 80
NOT_FOUND = OpenApiResponse(
    ErrorSerializer,
    description="No such object, or one the caller may not see: never told apart.",
    examples=[OpenApiExample("Not found",
                             value={"code": "not_found", "detail": "Không tìm thấy. Not found."},
                             status_codes=["404"])],
)  # fmt: skip

INVALID_PAGE = OpenApiResponse(
    ErrorSerializer,
    description="A page past the last, or a `page` that is not a page number (`not_found`).",
    examples=[OpenApiExample("A page past the last",
                             value={"code": "not_found",
                                    "detail": "Trang không hợp lệ. Invalid page."},
                             status_codes=["404"])],
)  # fmt: skip

INVALID_CHARACTER = OpenApiResponse(
    ErrorSerializer,
    description="A NUL character in the address, the query string or the body "
    "(`invalid_character`): refused before anything is read or stored.",
    examples=[
        OpenApiExample(
            "A NUL character",
            value={
                "code": "invalid_character",
                "detail": "Yêu cầu có ký tự không hợp lệ (NUL); không có gì được lưu. "
                "The request contains a character that is not allowed (NUL); "
                "nothing was stored.",
            },
            status_codes=["400"],
        )
    ],
)

UNSUPPORTED_MEDIA_TYPE = OpenApiResponse(
    ErrorSerializer,
    description="A body in a type this operation does not read, or without a "
    "Content-Type (`unsupported_media_type`).",
    examples=[
        OpenApiExample(
            "A body in another type",
            value={
                "code": "unsupported_media_type",
                "detail": "Không hỗ trợ kiểu dữ liệu “text/plain” trong yêu cầu. "
                'Unsupported media type "text/plain" in request.',
            },
            status_codes=["415"],
        )
    ],
)

FIELD_ERRORS = OpenApiResponse(
    ErrorSerializer,
    description="Bad input (`invalid`): each refused field with its messages in `fields`, "
    "each in Vietnamese and English.",
    examples=[
        OpenApiExample(
            "A field refused",
            value={
                "code": "invalid",
                "detail": INVALID_DETAIL,
                "fields": {
                    "agency": ["Không có cơ quan mã 99999. There is no agency with code 99999."],
                    "role": ["Trường này là bắt buộc. This field is required."],
                },
            },
            status_codes=["400"],
        )
    ],
)

_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)", re.S)


class PortalAutoSchema(AutoSchema):
    """Names nested serializers after the API view holding them: every view has
    its own `InputSerializer` and `OutputSerializer` (the house style), and the
    schema needs them told apart (StaffAssignmentInput, AccessLogOutput…).
    Every operation gets a summary (the first sentence of its docstring, unless
    given) and, when it needs credentials, the refusal of a caller without them;
    a paged list (one with a `page` parameter), the 404 of a page that is not one;
    any operation, the 400 of a NUL character (refused before the view runs);
    one that reads a body, the 415 of a body in a type it does not read."""

    def get_serializer_name(self, serializer, direction) -> str:
        qualname = type(serializer).__qualname__
        if "." not in qualname:
            return super().get_serializer_name(serializer, direction)
        outer, inner = qualname.rsplit(".", 1)
        return f"{outer.removesuffix('Api')}{inner}"

    def get_summary(self) -> str | None:
        description = " ".join((self.get_description() or "").split())
        if not description:
            return None
        match = _FIRST_SENTENCE.match(description)
        summary = (match.group(1) if match else description).rstrip(".")
        if len(summary) > SUMMARY_MAX:
            # A long first sentence: its first clause, the rest stays in the description.
            summary = re.split(r"[:;]\s|\s\(", summary, maxsplit=1)[0]
        return summary

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        # portal.core.middleware refuses a NUL anywhere in the request, whatever the operation.
        responses.setdefault("400", self._get_response_for_code(INVALID_CHARACTER, "400"))
        if self.method in ("POST", "PUT", "PATCH") and self._get_request_body():
            responses.setdefault("415", self._get_response_for_code(UNSUPPORTED_MEDIA_TYPE, "415"))
        if self._is_paged():
            responses.setdefault("404", self._get_response_for_code(INVALID_PAGE, "404"))
        if not self._needs_credentials():
            return responses
        if any(self._challenges()):
            # An authentication that names its scheme (HTTP Basic) is answered with 401.
            responses.setdefault("401", self._get_response_for_code(NO_CLIENT_CREDENTIALS, "401"))
        else:
            # The session has no challenge to send: the framework answers 403.
            responses.setdefault("403", self._get_response_for_code(NOT_LOGGED_IN, "403"))
        return responses

    def _is_paged(self) -> bool:
        return any(
            isinstance(parameter, OpenApiParameter) and parameter.name == "page"
            for parameter in self.get_override_parameters()
        )

    def _needs_credentials(self) -> bool:
        return not all(
            isinstance(permission, permissions.AllowAny)
            for permission in self.view.get_permissions()
        )

    def _challenges(self) -> list[str]:
        request = getattr(self.view, "request", None)
        return [
            header
            for authenticator in self.view.get_authenticators()
            if (header := authenticator.authenticate_header(request))
        ]
