"""Conditional bindings (datasources.bindings) on a dossier: whether a field
bound to the applicant's own record applies, as the applicant states it on the
form (the relationship to the child) and as their record says; and why a
statement their record contradicts is refused."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from datasources import registry
from datasources.bindings import Binding
from datasources.exceptions import LookupRefused
from dossiers.models import Dossier, PrefillSource, PrefillStatus

APPLIES, TYPED, CONTRADICTED = "applies", "typed", "contradicted"


def stated_value(dossier: Dossier, stated: Mapping | None, name: str) -> str:
    """What the applicant states in the form's field `name`: posted, else kept."""
    value = stated.get(name) if stated is not None and name in stated else None
    if value is None:
        value = dossier.form_values.get(name)
    return "" if value is None else str(value).strip()


def _recorded(binding: Binding, part: PrefillSource | None) -> str | None:
    """What the applicant's record, read, holds in the binding's condition
    field; None when it was not read (still awaited, not found)."""
    if part is None or part.status != PrefillStatus.OK:
        return None
    return str((part.values.get(binding.when_field) or {}).get("value"))


def binding_applies(binding: Binding, part: PrefillSource | None, dossier: Dossier,
                     stated: Mapping | None) -> str:  # fmt: skip
    """Whether a conditional binding (datasources.bindings) applies. Stated on
    the form: only as stated, and then contradicted when the applicant's record,
    read, holds another value than it needs; unread, it is awaited like any
    bound field. Unstated: only when the record, read, holds the value."""
    recorded = _recorded(binding, part) if binding.when_field else None
    if binding.stated_field:
        if stated_value(dossier, stated, binding.stated_field) != binding.stated_value:
            return TYPED
        if recorded is not None and recorded != binding.when_value:
            return CONTRADICTED
        return APPLIES
    if binding.when_field and recorded != binding.when_value:
        return TYPED
    return APPLIES


def contradiction(binding: Binding, part: PrefillSource | None) -> str:
    """Why what the applicant stated is refused: their own record says otherwise
    ("your sex is Nữ: you cannot choose Cha"), in both languages."""
    source = registry.source(binding.source)
    recorded = (part.values.get(binding.when_field) or {}).get("value") if part else None
    try:
        field = source.field(binding.when_field)
        labels = (field.label_vi, field.label_en)
        values = (field.value_label(recorded, language="vi"),
                  field.value_label(recorded, language="en"))  # fmt: skip
    except LookupRefused:
        labels, values = (binding.when_field,) * 2, (recorded,) * 2
    return _(
        "Theo %(source_vi)s, %(field_vi)s của bạn là “%(value_vi)s”: không thể chọn "
        "“%(stated)s”. According to the %(source_en)s, your %(field_en)s is “%(value_en)s”: "
        "you cannot choose “%(stated)s”."
    ) % {"source_vi": source.name_vi, "source_en": source.name_en,
         "field_vi": labels[0][:1].lower() + labels[0][1:],
         "field_en": labels[1][:1].lower() + labels[1][1:],
         "value_vi": values[0], "value_en": values[1],
         "stated": binding.stated_value}  # fmt: skip
