"""The interactive e-form (biểu mẫu điện tử tương tác) of a dossier, built from
its FormDefinition and its prefill snapshot. A field bound to a source that
answered is locked and shows where its value came from; the applicant types
only the rest. The same rules validate what the applicant typed and re-check,
at submission, that no locked value was changed."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from datasources import places, registry
from datasources.bindings import Binding, binding_parse
from datasources.exceptions import LookupRefused
from dossiers.form_conditions import APPLIES, CONTRADICTED, binding_applies, contradiction
from dossiers.models import Dossier, PrefillSource, PrefillStatus
from dossiers.prefill_subjects import binding_part

TYPES = frozenset({"string", "text", "date", "integer", "choice", "email", "phone", "boolean"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^(0|\+84)\d{9,10}$")
EMPTY = (None, "", [], {})
AWAITED = (PrefillStatus.UNAVAILABLE, PrefillStatus.PENDING)


@dataclass(frozen=True)
class Provenance:
    source_code: str
    source_name: str
    record_id: str
    fetched_at: str  # ISO 8601, as the snapshot keeps it

    @property
    def fetched(self) -> datetime.datetime | None:
        """The fetch time as a datetime, for pages to show in local time."""
        return parse_datetime(self.fetched_at) if self.fetched_at else None


# A typed value no form bounds is still bounded: a name or an address fits a
# line, a free text a paragraph or two.
DEFAULT_MAX_LENGTH = {"string": 255, "email": 254, "phone": 20, "text": 2000}
# A number no form bounds is still bounded: none is negative (a count, an area,
# an amount of money), and none passes a million billion (10^15: more than the
# capital of any enterprise, and still exact in JSON and in the browser).
DEFAULT_NUMBER_MIN = 0
DEFAULT_NUMBER_MAX = 10**15
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,30}")


@dataclass(frozen=True)
class FieldState:
    name: str
    label: str
    type: str
    required: bool
    validation: dict
    binding: str | None
    value: Any
    locked: bool
    provenance: Provenance | None
    # Bound to a source that did not answer: typed by the applicant, verified later.
    awaiting_source: bool = False
    # Its label in Vietnamese and in English, for a message in both languages.
    labels: tuple[str, str] = ("", "")
    # What the applicant states here, their own record contradicts: why (refused).
    contradiction: str = ""

    @property
    def source_binding(self) -> Binding | None:
        """What its binding reads, parsed (None when typed)."""
        return binding_parse(self.binding)

    @property
    def report_key(self) -> str:
        """Its source field, "source.field", as reports of a wrong value name it."""
        binding = self.source_binding
        return binding.key if binding else ""

    @property
    def source_field(self) -> registry.SourceField | None:
        """What its source keeps in its place: a value proposed for it, as
        the right one, is of that kind (None when typed or unknown)."""
        binding = self.source_binding
        if binding is None:
            return None
        try:
            return registry.source(binding.source).field(binding.field)
        except LookupRefused:
            return None

    @property
    def choices(self) -> list:
        return self.validation.get("choices", [])

    @property
    def only_when(self) -> tuple[str, str] | None:
        """(field, value): the field applies only when another field of the form
        holds that value ({"only_when": "purpose=Kết hôn"}: the intended spouse
        of a certificate asked to marry); else it is neither asked nor kept."""
        name, equals, value = str(self.validation.get("only_when") or "").partition("=")
        return (name, value) if equals and name else None

    @property
    def max_length(self) -> int | None:
        """The most characters a typed value may have: the form's own limit, or
        the default for its type (a line, a paragraph)."""
        return self.validation.get("max_length") or DEFAULT_MAX_LENGTH.get(self.type)

    @property
    def number_min(self) -> int | None:
        """The smallest whole number allowed: the form's own, else 0; never
        below -10^15, whatever the form says."""
        if self.type != "integer":
            return None
        bound = self.validation.get("min")
        return max(bound, -DEFAULT_NUMBER_MAX) if _whole(bound) else DEFAULT_NUMBER_MIN

    @property
    def number_max(self) -> int | None:
        """The largest whole number allowed: the form's own, else the default;
        never above it, whatever the form says."""
        if self.type != "integer":
            return None
        bound = self.validation.get("max")
        return min(bound, DEFAULT_NUMBER_MAX) if _whole(bound) else DEFAULT_NUMBER_MAX

    @property
    def date_max(self) -> str:
        """The latest date allowed, ISO, for the date picker ("" when none)."""
        day = _day(self.validation.get("max")) if self.type == "date" else None
        return day.isoformat() if day else ""

    @property
    def date_min(self) -> str:
        """The earliest date allowed, ISO, for the date picker ("" when none)."""
        day = _day(self.validation.get("min")) if self.type == "date" else None
        return day.isoformat() if day else ""

    @property
    def display_value(self) -> str:
        return value_shown(self.value)

    @property
    def posted_value(self) -> str:
        return _posted(self.value) if self.value is not None else ""


def value_display(value: Any) -> str:
    """A source's value as people read it: dates as dd/mm/yyyy, a record's
    parts joined, never a Python repr."""
    if value is None or value == "":
        return ""
    if isinstance(value, dict):
        return ", ".join(value_display(v) for v in value.values() if v not in EMPTY)
    if isinstance(value, list):
        return "; ".join(value_display(item) for item in value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    return str(value)


def value_shown(value: Any) -> str:
    """A source's value for the page: as value_display, each part of a record
    named ("Số: 36/2013, Ngày đăng ký: 14/06/2013"). Depends on the page
    language: never what a locked input posts (that is value_display)."""
    if isinstance(value, dict):
        return ", ".join(
            _part_shown(name, part) for name, part in value.items() if part not in EMPTY
        )
    if isinstance(value, list):
        return "; ".join(value_shown(item) for item in value)
    return value_display(value)


def _part_shown(name: str, part: Any) -> str:
    # A ward is read by its name, not the code the source sends (11311).
    if name == "ward_code":
        return f"{registry.part_label('ward')}: {places.ward_title(part)}"
    return f"{registry.part_label(name)}: {value_shown(part)}"


def _label(field: dict) -> str:
    from datasources.registry import _in_english

    return field.get("label_en") if _in_english() and field.get("label_en") else field["label_vi"]


def _snapshot_values(dossier: Dossier) -> dict[str, PrefillSource]:
    """Per source code, the prefilled part (status and values with provenance)."""
    snapshot = getattr(dossier, "prefill", None)
    if snapshot is None:
        return {}
    return {part.source: part for part in snapshot.sources.all()}


def prefill_parts(*, dossier: Dossier) -> dict[str, PrefillSource]:
    """Per source code, the prefilled part, in one query: for a caller that
    reads the form and the components of one dossier from the same parts."""
    return {
        part.source: part for part in PrefillSource.objects.filter(snapshot__dossier_id=dossier.pk)
    }


def _form_value(source_code: str, source_field: str, value: Any) -> Any:
    """A coded source value in the form's words: the form is a Vietnamese
    document whose choices read "Nam", not the source's "male"."""
    try:
        field = registry.source(source_code).field(source_field)
    except LookupRefused:
        return value
    return field.value_label(value, language="vi")


def form_fields(*, dossier: Dossier, parts: dict[str, PrefillSource] | None = None,
                stated: Mapping | None = None) -> list[FieldState]:  # fmt: skip
    """Every field of the dossier's form, with its value and whether it is
    locked; `parts` are the prefilled parts when the caller read them already.
    What the applicant states on the form (a relationship to the child) is
    read from `stated`, the values posted, when it holds it, else from the
    values kept: it decides which parts their own record fills."""
    if dossier.form is None:
        return []
    if parts is None:
        parts = _snapshot_values(dossier)
    states = []
    contradicted: dict[str, str] = {}
    for field in dossier.form.fields:
        binding = binding_parse(field.get("binding"))
        value = dossier.form_values.get(field["name"])
        locked, provenance, awaiting = False, None, False
        part = parts.get(binding_part(binding, parts)) if binding else None
        applies = binding_applies(binding, part, dossier, stated) if binding else APPLIES
        if binding and applies == CONTRADICTED:
            contradicted.setdefault(binding.stated_field, contradiction(binding, part))
        if applies != APPLIES:
            binding = None  # not the applicant's part, as stated or as their record says: typed
        elif binding:
            source_code, source_field = binding.source, binding.field
            prefilled = (part.values.get(source_field) if part else None) or {}
            if part and part.status == PrefillStatus.OK and prefilled.get("value") not in EMPTY:
                value, locked = _form_value(source_code, source_field, prefilled["value"]), True
                provenance = Provenance(
                    source_code, registry.source(source_code).name,
                    prefilled.get("record_id", ""), prefilled.get("fetched_at") or "",
                )  # fmt: skip
            else:
                awaiting = part is not None and part.status in AWAITED
        states.append(FieldState(
            name=field["name"], label=_label(field), type=field.get("type", "string"),
            required=bool(field.get("required")), validation=field.get("validation") or {},
            binding=field.get("binding") if binding else None, value=value, locked=locked,
            provenance=provenance, awaiting_source=awaiting,
            labels=(field["label_vi"], field.get("label_en") or field["label_vi"]),
        ))  # fmt: skip
    if contradicted:
        states = [replace(s, contradiction=contradicted.get(s.name, "")) for s in states]
    return states


def _clean(field: FieldState, raw: Any) -> tuple[Any, str | None]:
    """The typed value converted to its type, or an error (bilingual)."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        if field.required and field.type != "boolean":
            return None, _("Trường này là bắt buộc. This field is required.")
        return (False if field.type == "boolean" else None), None
    rules = field.validation
    if field.type == "boolean":
        return text.lower() in ("1", "true", "on", "yes"), None
    if field.type == "integer":
        # ASCII digits only: int() would also take "1_000" and other scripts' digits.
        if not _WHOLE_NUMBER.fullmatch(text):
            return None, _("Nhập một số nguyên. Enter a whole number.")
        number, least, most = int(text), field.number_min, field.number_max
        if least is not None and number < least:
            return None, _("Giá trị nhỏ nhất là %(n)s. The minimum is %(n)s.") % {"n": least}
        if most is not None and number > most:
            return None, _("Giá trị lớn nhất là %(n)s. The maximum is %(n)s.") % {"n": most}
        return number, None
    if field.type == "date":
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            return None, _("Nhập ngày hợp lệ. Enter a valid date.")
        latest, earliest = _day(rules.get("max")), _day(rules.get("min"))
        if latest and day > latest:
            return None, _("Ngày không được sau %(day)s. The date cannot be after %(day)s.") % {
                "day": latest.strftime("%d/%m/%Y")
            }
        if earliest and day < earliest:
            return None, _("Ngày không được trước %(day)s. The date cannot be before %(day)s.") % {
                "day": earliest.strftime("%d/%m/%Y")
            }
        return day.isoformat(), None
    if field.type == "choice":
        allowed = [str(c[0] if isinstance(c, list | tuple) else c) for c in field.choices]
        if text not in allowed:
            return None, _("Chọn một giá trị trong danh sách. Choose one of the options.")
        return text, None
    if field.type == "email" and not _EMAIL.match(text):
        return None, _("Nhập địa chỉ thư điện tử hợp lệ. Enter a valid e-mail address.")
    if field.type == "phone" and not _PHONE.match(text.replace(" ", "")):
        return None, _("Nhập số điện thoại hợp lệ. Enter a valid phone number.")
    if field.max_length and len(text) > field.max_length:
        limit = field.max_length
        return None, _("Tối đa %(n)s ký tự. At most %(n)s characters.") % {"n": limit}
    if "min_length" in rules and len(text) < rules["min_length"]:
        limit = rules["min_length"]
        return None, _("Tối thiểu %(n)s ký tự. At least %(n)s characters.") % {"n": limit}
    if "pattern" in rules and not re.fullmatch(rules["pattern"], text):
        return None, _("Giá trị không đúng định dạng. The value is not in the expected format.")
    return text, None


def _whole(bound: Any) -> bool:
    """Whether a form's number bound is a whole number (true and false are not)."""
    return isinstance(bound, int) and not isinstance(bound, bool)


def _day(bound: Any) -> datetime.date | None:
    """A date field's bound: "today" (a birth or a death cannot be in the
    future) or an ISO date; None when there is none."""
    if bound == "today":
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(bound) if isinstance(bound, str) else None
    except ValueError:
        return None


def typed_values_clean(*, fields: list[FieldState], data) -> tuple[dict, dict[str, str]]:
    """The applicant's values for the unlocked fields, and errors per field.
    Locked fields are never taken from the input."""
    cleaned, errors = {}, {}
    for field in fields:
        if field.locked:
            continue
        if not field_applies(field, fields=fields, data=data):
            cleaned[field.name] = None  # not asked as the form stands: nothing kept, or printed
            continue
        value, error = _clean(field, data.get(field.name))
        if not error and field.contradiction and value not in EMPTY:
            error = field.contradiction
        if error:
            errors[field.name] = error
        else:
            cleaned[field.name] = value
    for name, error in _date_order_errors(fields, cleaned).items():
        errors[name] = error
        cleaned.pop(name, None)
    return cleaned, errors


def field_applies(
    field: FieldState, *, fields: list[FieldState], data: Mapping | None = None
) -> bool:
    """Whether a field with an "only_when" condition is asked, as the form stands:
    the other field's value as posted in `data`, else as kept (or as its source gave it)."""
    if field.only_when is None:
        return True
    name, value = field.only_when
    other = next((f for f in fields if f.name == name), None)
    if other is None:
        return False
    stated = other.value if other.locked or data is None else data.get(name)
    return str(stated or "").strip() == value


def _date_order_errors(fields: list[FieldState], cleaned: dict) -> dict[str, str]:
    """A date that must come before another field's ({"before_field": name}: a
    parent is born before the child), locked or typed. Said on the typed one of
    the two; two dates the sources gave are not the applicant's to change."""
    by_name = {field.name: field for field in fields}

    def day(field: FieldState) -> datetime.date | None:
        value = field.value if field.locked else cleaned.get(field.name)
        return _day(value) if isinstance(value, str) and value != "today" else None

    errors = {}
    for field in fields:
        later = by_name.get(field.validation.get("before_field", ""))
        if field.type != "date" or later is None:
            continue
        earlier_day, later_day = day(field), day(later)
        if earlier_day is None or later_day is None or earlier_day < later_day:
            continue
        if not field.locked:
            errors[field.name] = _(
                "Ngày này phải trước “%(vi)s” (%(day)s). This date must be before “%(en)s” "
                "(%(day)s)."
            ) % {"vi": later.labels[0], "en": later.labels[1],
                 "day": later_day.strftime("%d/%m/%Y")}  # fmt: skip
        elif not later.locked:
            errors[later.name] = _(
                "Ngày này phải sau “%(vi)s” (%(day)s). This date must be after “%(en)s” "
                "(%(day)s)."
            ) % {"vi": field.labels[0], "en": field.labels[1],
                 "day": earlier_day.strftime("%d/%m/%Y")}  # fmt: skip
    return errors


def locked_values_changed(*, fields: list[FieldState], data) -> list[FieldState]:
    """The locked fields whose posted value differs from the snapshot: a
    submission that carries one is refused."""
    changed = []
    for field in fields:
        if (
            field.locked
            and field.name in data
            and str(data.get(field.name)) != _posted(field.value)
        ):
            changed.append(field)
    return changed


def _posted(value: Any) -> str:
    """How a locked value travels in the form (a read-only input)."""
    return value_display(value) if isinstance(value, dict | list) else str(value)
