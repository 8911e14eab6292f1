"""Who a dossier is from and for, as its e-form and the registers give them:
the name of the person or enterprise the procedure is for, and the first
address, telephone or e-mail the applicant filled in, for the papers that
print them (the receipt, the result)."""

from __future__ import annotations

from dossiers import eforms
from dossiers.models import Dossier
from portal.accounts.models import User

# (name, type, value) of each e-form field.
FormValues = list[tuple[str, str, object]]


def form_values(dossier: Dossier) -> FormValues:
    """(name, type, value) of each e-form field, prefilled values included."""
    return [(field.name, field.type, field.value) for field in eforms.form_fields(dossier=dossier)]


def form_value_first(values: FormValues, kind: str) -> str:
    """The first non-empty value of a field of this type, or whose name says it is one."""
    for name, type_, value in values:
        if (type_ == kind or kind in name) and _text(value):
            return _text(value)
    return ""


def subject_name(dossier: Dossier, values: FormValues) -> str:
    """The name of the person or enterprise the dossier is for: the
    enterprise's from the business register, a person's from the form, else
    from their account."""
    if dossier.subject_is_enterprise:
        from dossiers.representation import dossier_enterprise

        return (dossier_enterprise(dossier) or {}).get("name", "")
    for name, _type, value in values:
        if name == "full_name" and _text(value):
            return _text(value)
    user = User.objects.filter(personal_id=dossier.subject_personal_id).first()
    return user.full_name if user else ""


def _text(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(str(part) for part in value.values() if part not in (None, ""))
    if isinstance(value, list):
        return "; ".join(_text(part) for part in value)
    return "" if value is None else str(value).strip()
