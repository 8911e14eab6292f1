"""What someone says when they report a value as wrong: why (required, short)
and, if they know it, the right value, checked by the kind of the value the
source keeps: one of a coded value's options, a date, a whole number, or a
text no longer than a line. Nothing is cut to fit: too long is refused."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from datasources import registry
from datasources.exceptions import LookupRefused

NOTE_MAX_LENGTH = 500
PROPOSED_MAX_LENGTH = 500
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,18}")


class CorrectionReportInvalid(LookupRefused):
    """The reason or the proposed value is refused: `errors` says why, per
    input ("note", "proposed_value"), bilingual."""

    code = "invalid"

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(" ".join(errors.values()))


@dataclass(frozen=True)
class CorrectionReport:
    note: str
    proposed_value: Any  # None when the reporter does not know the right value


def correction_report_clean(
    *, source: str, field: str, note: Any, proposed_value: Any
) -> CorrectionReport:
    """The report's reason and proposed value, checked against what `source`
    keeps in `field`; a coded value is proposed as its code. Raises
    UnknownSource, UnknownField and CorrectionReportInvalid."""
    kept = registry.source(source).field(field)
    errors: dict[str, str] = {}
    reason = note.strip() if isinstance(note, str) else ""
    if not reason:
        errors["note"] = _(
            "Hãy cho biết dữ liệu sai ở chỗ nào. Say what is wrong with this value."
        )  # fmt: skip
    elif len(reason) > NOTE_MAX_LENGTH:
        errors["note"] = _(
            "Lý do tối đa %(n)s ký tự. The reason can have at most %(n)s characters."
        ) % {"n": NOTE_MAX_LENGTH}  # fmt: skip
    proposed, error = _proposed_clean(kept, proposed_value)
    if error:
        errors["proposed_value"] = error
    if errors:
        raise CorrectionReportInvalid(errors)
    return CorrectionReport(note=reason, proposed_value=proposed)


def _proposed_clean(kept: registry.SourceField, value: Any) -> tuple[Any, str | None]:
    """The proposed value in the source's terms, or why it is refused."""
    if isinstance(value, str):
        value = value.strip()
    if value in (None, ""):
        return None, None
    if kept.value_labels:
        for code, vietnamese, english in kept.value_labels:
            if value in (code, vietnamese, english):
                return code, None
        return None, _(
            "Chọn giá trị đúng trong danh sách: %(options)s. "
            "Choose the right value from the list: %(options)s."
        ) % {"options": ", ".join(vi for _code, vi, _en in kept.value_labels)}  # fmt: skip
    if kept.type == "date":
        day = _date(value)
        if day is None:
            return None, _("Nhập ngày hợp lệ. Enter a valid date.")
        return day.isoformat(), None
    if kept.type == "integer":
        if isinstance(value, bool) or not _WHOLE_NUMBER.fullmatch(str(value)):
            return None, _("Nhập một số nguyên. Enter a whole number.")
        return int(value), None
    if kept.type in ("object", "list") and isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, str):
        text = value
    else:
        return None, _("Nhập giá trị dạng văn bản. Enter the value as text.")
    if len(text) > PROPOSED_MAX_LENGTH:
        return None, _(
            "Giá trị đúng tối đa %(n)s ký tự. The right value can have at most %(n)s characters."
        ) % {"n": PROPOSED_MAX_LENGTH}  # fmt: skip
    return value, None


def _date(value: Any) -> datetime.date | None:
    """A date typed as the date picker sends it (yyyy-mm-dd) or as people write it (dd/mm/yyyy)."""
    if not isinstance(value, str):
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None
