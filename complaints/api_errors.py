"""How the complaints APIs answer a refusal: the portal's one shape
(portal.api_errors) with 400, 404, 409, 429 or 503, the detail in Vietnamese
and English, mapped here once for the reporter's API and the handlers'."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response

from complaints.exceptions import (
    ComplaintError,
    ComplaintStorageUnavailable,
    ComplaintTransitionRefused,
)
from portal.api_errors import ApiError, ErrorSerializer, field_messages, invalid

NOT_FOUND = "Không tìm thấy phản ánh. The complaint was not found."

ERRORS = {code: ErrorSerializer for code in (400, 403, 404, 409, 429)}


def error_response(code: str, detail: str, http_status: int) -> Response:
    return Response({"code": code, "detail": str(detail)}, status=http_status)


def not_found() -> Response:
    return error_response("not_found", NOT_FOUND, status.HTTP_404_NOT_FOUND)


def invalid_fields(errors: dict) -> ApiError:
    """A 400 with each field at fault (named as a multipart request names it:
    contact.email), and the first one's message as the detail."""
    fields = field_messages(errors)
    return invalid(fields, detail=next(iter(fields.values()))[0])


# The service's names for the contact details, as the intake names them.
INTAKE_FIELDS = {"reporter_name": "contact.name", "reporter_phone": "contact.phone",
                 "reporter_email": "contact.email"}  # fmt: skip


def field_errors(error: ComplaintError) -> dict[str, list[str]]:
    return {INTAKE_FIELDS.get(field, field): messages for field, messages in error.errors.items()}


def refused(error: ComplaintError) -> Response:
    if isinstance(error, ComplaintTransitionRefused):
        return error_response("transition_refused", error.message, status.HTTP_409_CONFLICT)
    if isinstance(error, ComplaintStorageUnavailable):
        return error_response("storage_unavailable", error.message,
                              status.HTTP_503_SERVICE_UNAVAILABLE)  # fmt: skip
    if error.errors:
        raise invalid_fields(field_errors(error))
    return error_response("invalid", error.message, status.HTTP_400_BAD_REQUEST)
