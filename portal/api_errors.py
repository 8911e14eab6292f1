"""How every JSON API of the portal answers an error: one shape,

    {"code": "<machine code>", "detail": "Vietnamese. English.", "fields": {field: [messages]}}

`fields` only for bad input. The framework's own refusals (not logged in, not
allowed, not found, wrong method, unreadable body, throttled) and its field
checks (required, too long…) are rendered in Vietnamese and in English, as the
portal's own messages are written; `exception_handler` is the one place that
shapes them (the REST_FRAMEWORK setting), `portal.errors` the same for a 404 or
500 of an /api/ address outside the framework."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext, override
from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings

from portal.core.api_messages import API_FRAMEWORK_MESSAGES

INVALID = "invalid"
INVALID_DETAIL = (
    "Yêu cầu không hợp lệ: hãy xem từng trường. The request is invalid: see each field."
)
PARSE_ERROR_DETAIL = (
    "Không đọc được nội dung yêu cầu: JSON sai cú pháp hoặc không đúng định dạng đã khai báo. "
    "The request body could not be read: malformed JSON, or not in the declared format."
)
SERVER_ERROR_DETAIL = (
    "Đã có lỗi ở máy chủ; yêu cầu chưa được thực hiện. Vui lòng thử lại sau. "
    "A server error occurred; the request was not carried out. Please try again later."
)
NOT_FOUND_DETAIL = "Không tìm thấy. Not found."


class ApiError(exceptions.APIException):
    """A refusal in the portal's shape, raised from an API view, answered by
    `exception_handler` with `http_status`."""

    def __init__(
        self, *, http_status: int, code: str, detail: str, fields: dict | None = None, **extra
    ) -> None:
        self.status_code = http_status
        body = {"code": code, "detail": detail, **extra}
        if fields:
            body["fields"] = field_messages(fields)
        super().__init__(body, code=code)


def invalid(errors, *, detail: str = INVALID_DETAIL) -> ApiError:
    """The 400 for bad input: each refused field with its messages."""
    return ApiError(http_status=400, code=INVALID, detail=detail, fields=errors)


def in_both_languages(render: Callable[[], str]) -> str:
    """ "Vietnamese. English.": `render` called once in each language; once when
    both come out the same (a message the portal already wrote in both)."""
    with override("vi"):
        vietnamese = str(render())
    with override("en"):
        english = str(render())
    return vietnamese if vietnamese == english else f"{vietnamese} {english}"


# A message's {placeholder}, perhaps with a format ({code_point:X}).
_PLACEHOLDER = re.compile(r"\{(\w+)(?::[^{}]*)?\}")


def _rendered(template: str, seen: set[str]) -> str:
    """A pattern of `template` as shown, each {placeholder} giving back its value;
    one already in `seen` must have the same value again."""
    pattern = ""
    for index, part in enumerate(_PLACEHOLDER.split(template)):
        if index % 2 == 0:
            pattern += re.escape(part)
        else:
            # A value may be empty: a body sent without a type is of type "".
            pattern += f"(?P={part})" if part in seen else f"(?P<{part}>.*?)"
            seen.add(part)
    return pattern


@functools.cache
def _framework_messages(language: str) -> tuple[tuple[re.Pattern, str], ...]:
    """Each framework message as shown in `language`, as a pattern that gives
    back the values put in its {placeholders}."""
    patterns = []
    with override(language):
        for msgid in API_FRAMEWORK_MESSAGES:
            patterns.append((re.compile(_rendered(gettext(msgid), set()) + r"\Z", re.S), msgid))
    return tuple(patterns)


@functools.cache
def _framework_messages_in_both() -> tuple[re.Pattern, ...]:
    """Each framework message as already shown in both languages: an error
    shaped twice (a view's, then the handler's) is not rendered again, which
    would repeat its English after a value at its end ("… 5. Ensure … 5.")."""
    patterns = []
    for msgid in API_FRAMEWORK_MESSAGES:
        seen: set[str] = set()
        with override("vi"):
            vietnamese = _rendered(gettext(msgid), seen)
        with override("en"):
            english = _rendered(gettext(msgid), seen)
        patterns.append(re.compile(rf"{vietnamese} {english}\Z", re.S))
    return tuple(patterns)


def bilingual(message) -> str:
    """A message in Vietnamese and in English. A lazy message or a Django
    validation error is rendered in each language; a framework message already
    rendered in the reader's language is recognised and rendered again in both;
    anything else (the portal's own "Vietnamese. English." literals) is left as it is."""
    if isinstance(message, Promise):
        return in_both_languages(lambda: message)
    if isinstance(message, DjangoValidationError):
        return in_both_languages(lambda: " ".join(message.messages))
    text = str(message)
    if any(pattern.match(text) for pattern in _framework_messages_in_both()):
        return text
    for language in ("vi", "en"):
        for pattern, msgid in _framework_messages(language):
            if match := pattern.match(text):
                values = match.groupdict()
                return in_both_languages(
                    # The values as they were shown: their format is not applied again.
                    lambda msgid=msgid, values=values: _PLACEHOLDER.sub(
                        r"{\1}", gettext(msgid)
                    ).format(**values)
                )
    return text


def field_messages(errors, prefix: str = "") -> dict[str, list[str]]:
    """Field errors as {field: [messages]}, each message in both languages: a
    nested object's fields named with a dot (contact.email), a list's items by
    their index (components.0), a form's errors for the whole under
    `non_field_errors`."""
    fields: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for name, value in errors.items():
            if name == "__all__":
                name = api_settings.NON_FIELD_ERRORS_KEY
            fields.update(field_messages(value, f"{prefix}.{name}" if prefix else str(name)))
    elif isinstance(errors, list | tuple) and not all(_is_message(item) for item in errors):
        for index, item in enumerate(errors):
            if item:
                fields.update(field_messages(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        messages = errors if isinstance(errors, list | tuple) else [errors]
        fields[prefix or api_settings.NON_FIELD_ERRORS_KEY] = [bilingual(m) for m in messages]
    return fields


def in_the_same_shape(errors):
    """Errors as they were given ({field: [messages]}, nested or not), each
    message in both languages: for a body that keeps a shape its clients read."""
    if isinstance(errors, dict):
        return {name: in_the_same_shape(value) for name, value in errors.items()}
    if isinstance(errors, list | tuple):
        return [in_the_same_shape(item) for item in errors]
    return bilingual(errors) if _is_message(errors) else errors


def _is_message(item) -> bool:
    return isinstance(item, str | Promise | DjangoValidationError)


def _throttled_detail(wait: float | None) -> str:
    if wait is None:
        return in_both_languages(lambda: gettext("Request was throttled."))
    seconds = math.ceil(wait)
    return (
        f"Quá nhiều yêu cầu: hãy thử lại sau {seconds} giây. "
        f"Too many requests: try again in {seconds} s."
    )


def error_body(error: exceptions.APIException, data) -> dict:
    """The answer's body for an API exception, in the one shape."""
    if isinstance(data, dict) and isinstance(data.get("code"), str) and "detail" in data:
        # A refusal the portal worded ({code, detail}, and what it adds).
        body = {**data, "code": str(data["code"]), "detail": bilingual(data["detail"])}
        if "fields" in body:
            body["fields"] = field_messages(body["fields"])
        return body
    if isinstance(error, exceptions.ValidationError):
        fields = field_messages(data)
        if list(fields) == [api_settings.NON_FIELD_ERRORS_KEY] and not isinstance(data, dict):
            # A refusal of the input as a whole, without a field to name.
            return {"code": INVALID, "detail": " ".join(fields[api_settings.NON_FIELD_ERRORS_KEY])}
        return {"code": INVALID, "detail": INVALID_DETAIL, "fields": fields}
    codes = error.get_codes()
    code = codes if isinstance(codes, str) else error.default_code
    if isinstance(error, exceptions.Throttled):
        return {"code": code, "detail": _throttled_detail(error.wait)}
    if isinstance(error, exceptions.ParseError):
        return {"code": code, "detail": PARSE_ERROR_DETAIL}
    detail = data.get("detail", "") if isinstance(data, dict) else data
    return {"code": code, "detail": bilingual(detail)}


def exception_handler(error: Exception, context: dict):
    """The REST framework's EXCEPTION_HANDLER: its status and headers
    (WWW-Authenticate, Retry-After), the portal's body."""
    # Imported here: the framework's views read its settings, which name this module's
    # neighbours (the session authentication refuses in this shape).
    from rest_framework.views import exception_handler as framework_exception_handler

    response = framework_exception_handler(error, context)
    if response is None:
        return None  # not an API refusal: a server error, answered by portal.errors
    if not isinstance(error, exceptions.APIException):
        # Django's Http404 or PermissionDenied: their message may name a model, in English.
        found = response.status_code == 404
        error = exceptions.NotFound() if found else exceptions.PermissionDenied()
        response.data = {"detail": error.detail}
    response.data = error_body(error, response.data)
    return response


class ErrorSerializer(serializers.Serializer):
    """Every refusal of the portal's APIs."""

    code = serializers.CharField(
        help_text="What went wrong, for a program: `invalid` (see `fields`), "
        "`not_authenticated`, `authentication_failed`, `permission_denied`, `not_found`, "
        "`method_not_allowed`, `parse_error`, `unsupported_media_type`, `throttled`, or the "
        "API's own (`transition_refused`, `replaced_by_data`…)."
    )
    detail = serializers.CharField(help_text="For a person: in Vietnamese, then in English.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Bad input only: each refused field with its messages, each in Vietnamese "
        "and English. A nested field is named with a dot (`contact.email`).",
    )
