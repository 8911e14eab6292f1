"""How the dossier APIs answer a refusal: the portal's one shape
{"code", "detail", "fields"} (portal.api_errors), the detail in Vietnamese
and English, with the HTTP status the domain error calls for, mapped here once."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers, status

from datasources.exceptions import DataAccessError, LookupDenied, SourceUnavailable
from dossiers.api_access.idempotency import IdempotencyKeyReused
from dossiers.exceptions import (
    DossierChanged,
    DossierError,
    FormInvalid,
    LockedValueChanged,
    NoRightToAct,
    NoSigningLeader,
    ReplacedByData,
    SupplementAlreadyRequested,
    TakenAtTheDesk,
    TransitionRefused,
    UploadRefused,
    UploadTooLarge,
)
from portal.api_errors import (
    INVALID_DETAIL,
    ApiError,
    ErrorSerializer,
    bilingual,
    in_the_same_shape,
)
from procedures.models import DossierComponent


class Refusal(ApiError):
    """A 4xx answer in the portal's shape, raised from a view. Field errors go
    in `fields`, and also in `errors`, in the shape the dossier APIs first gave
    them and existing clients read, each message in both languages too."""

    def __init__(self, *, http_status: int, code: str, detail: str, errors=None, **extra) -> None:
        if errors is not None:
            extra.update(fields=errors, errors=in_the_same_shape(errors))
        super().__init__(http_status=http_status, code=code, detail=detail, **extra)


class DossierErrorSerializer(ErrorSerializer):
    """A refusal of the dossier APIs: the portal's shape, and what they add."""

    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="Deprecated: the field errors in their shape before `fields` (each "
        "message in Vietnamese and English, as there), kept for clients written before it.",
    )
    components = serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text="The components refused by the once-only rule (their codes).",
    )  # fmt: skip


# What each status means in the dossier APIs, and one answer of it, for the schema.
ERROR_ANSWERS: dict[int, tuple[str, dict]] = {
    400: ("Bad input: `invalid` with each field's errors, `form_invalid`, `unknown_procedure`, "
          "`unknown_agency`, `unknown_component`, `upload_refused`…",
          {"code": "invalid",
           "detail": INVALID_DETAIL,
           "fields": {"reason": ["Trường này là bắt buộc. This field is required."]},
           "errors": {"reason": ["Trường này là bắt buộc. This field is required."]}}),
    403: ("The caller may not act for this subject (`no_right_to_act`) or read this source "
          "for it (`lookup_denied`).",
          {"code": "no_right_to_act",
           "detail": "Người này chưa ủy quyền cho bạn làm thủ tục này (hoặc ủy quyền đã hết "
                     "hạn). This person has not authorised you for this procedure, or the "
                     "authorisation has expired."}),
    404: ("No such dossier, or not the caller's: never told apart.",
          {"code": "not_found", "detail": "Không có hồ sơ này. There is no such dossier."}),
    409: ("A move the dossier's status does not allow (`transition_refused`), a component "
          "electronic data replaces (`replaced_by_data`, with `components`), a locked value "
          "changed (`locked_value_changed`), a proposal for signature in a unit with no "
          "leader to sign it (`no_signing_leader`)…",
          {"code": "replaced_by_data",
           "detail": "Không được yêu cầu nộp lại giấy tờ đã được thay thế bằng dữ liệu điện "
                     "tử. A component replaced by electronic data cannot be requested.",
           "components": ["giay-ket-hon-cha-me"]}),
    413: ("The file is larger than the portal accepts (`upload_too_large`).",
          {"code": "upload_too_large",
           "detail": "Tệp “giay-to.pdf” lớn hơn 10 MB cho phép. The file “giay-to.pdf” is "
                     "larger than the 10 MB allowed."}),
    422: ("The Idempotency-Key was used before for a different request "
          "(`idempotency_key_reused`).",
          {"code": "idempotency_key_reused",
           "detail": "Khóa này đã dùng cho một yêu cầu khác. This key was used for another "
                     "request."}),
    503: ("A source could not be read now (`source_unavailable`); nothing was changed.",
          {"code": "source_unavailable",
           "detail": "Nguồn dữ liệu tạm thời không truy cập được. The source is unavailable "
                     "for now."}),
}  # fmt: skip


def errors(*codes: int) -> dict:
    """The schema's error responses of an operation: the house shape, what the
    status means here and an example."""
    return {
        code: OpenApiResponse(
            DossierErrorSerializer,
            description=ERROR_ANSWERS[code][0],
            examples=[
                OpenApiExample(
                    ERROR_ANSWERS[code][1]["code"],
                    value=ERROR_ANSWERS[code][1],
                    status_codes=[str(code)],
                )
            ],
        )  # fmt: skip
        for code in codes
    }


def dossier_component(dossier, code: str):
    """The component of the dossier's procedure with this code; a 400 naming
    the problem when the procedure has none."""
    component = DossierComponent.objects.filter(
        procedure_id=dossier.procedure_id, code=code
    ).first()
    if component is None:
        raise Refusal(
            http_status=400, code="unknown_component",
            detail=_("Không có giấy tờ này. Unknown document."),
        )  # fmt: skip
    return component


def not_found() -> Refusal:
    """The same answer for a dossier that does not exist and for one the caller
    may not see: its existence is never revealed."""
    return Refusal(
        http_status=status.HTTP_404_NOT_FOUND, code="not_found",
        detail=_("Không có hồ sơ này. There is no such dossier."),
    )  # fmt: skip


def invalid(serializer_errors: dict) -> Refusal:
    return Refusal(
        http_status=status.HTTP_400_BAD_REQUEST, code="invalid",
        detail=INVALID_DETAIL,
        errors=serializer_errors,
    )  # fmt: skip


def validated(serializer_class, data, **options) -> dict:
    """The input, validated, or a bilingual 400 listing each field's error."""
    serializer = serializer_class(data=data, **options)
    if not serializer.is_valid():
        raise invalid(serializer.errors)
    return serializer.validated_data


def refusal_from(error: Exception, *, conflict: bool = False) -> Refusal:
    """The answer to a domain error raised by a service. `conflict`: the input
    was already checked, so a plain DossierError is about the dossier's state (409)."""
    if isinstance(error, IdempotencyKeyReused):
        return Refusal(http_status=422, code="idempotency_key_reused", detail=error.message)
    if isinstance(error, FormInvalid):
        return Refusal(http_status=400, code="form_invalid", detail=error.message,
                       errors=error.errors)  # fmt: skip
    if isinstance(error, LockedValueChanged):
        return Refusal(http_status=409, code="locked_value_changed", detail=error.message,
                       errors={field.name: error.message for field in error.fields})  # fmt: skip
    if isinstance(error, ReplacedByData):
        return Refusal(http_status=409, code="replaced_by_data", detail=error.message,
                       components=[component.code for component in error.components])  # fmt: skip
    if isinstance(error, SupplementAlreadyRequested):
        return Refusal(http_status=409, code="supplement_already_requested", detail=error.message)
    if isinstance(error, DossierChanged):
        return Refusal(http_status=409, code="dossier_changed", detail=error.message)
    if isinstance(error, NoSigningLeader):
        return Refusal(http_status=409, code="no_signing_leader", detail=error.message)
    if isinstance(error, TransitionRefused):
        return Refusal(http_status=409, code="transition_refused", detail=error.message)
    if isinstance(error, TakenAtTheDesk):
        # The applicant's own dossier, in a state that is not theirs to change: a conflict.
        return Refusal(http_status=409, code="taken_at_the_desk", detail=error.message)
    if isinstance(error, NoRightToAct):
        return Refusal(http_status=403, code="no_right_to_act", detail=error.message)
    if isinstance(error, UploadTooLarge):
        return Refusal(http_status=413, code="upload_too_large", detail=error.message)
    if isinstance(error, UploadRefused):
        return Refusal(http_status=400, code="upload_refused", detail=error.message)
    if isinstance(error, DossierError):
        return Refusal(http_status=409 if conflict else 400, code="refused", detail=error.message)
    if isinstance(error, SourceUnavailable):
        return Refusal(http_status=503, code=error.code, detail=error.message)
    if isinstance(error, LookupDenied):
        return Refusal(http_status=403, code=error.code, detail=error.message)
    if isinstance(error, DataAccessError):
        return Refusal(http_status=400, code=error.code, detail=error.message)
    if isinstance(error, DjangoValidationError):
        # Django's own messages (a model's checks) come in the reader's language.
        return Refusal(http_status=400, code="invalid", detail=bilingual(error))
    raise error


# What the views catch: every refusal a dossier service may raise.
DOMAIN_ERRORS = (DossierError, DataAccessError, DjangoValidationError)
