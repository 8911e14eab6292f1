"""Parts of a form that what the applicant states decides (datasources.bindings:
"applicant[form.relationship=Cha,…]"): on a birth declaration the father's
part is the applicant's own record when he states he is the father, and typed
when a grandparent or another relative declares the birth.

A form posted with another statement than its page was drawn with carries, for
such a part, what the page showed instead of what the applicant typed: the
applicant's own values from the hidden inputs of a part that is no longer
theirs, or typed values for a part their record now fills. Those are not
taken: the part is drawn again as it now is, for the applicant to check."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from datasources.bindings import binding_parse
from dossiers import eforms
from dossiers.models import Dossier, PrefillSource

# The form page posts which fields it showed locked, under this name.
SHOWN_LOCKED = "shown_locked"


@dataclass(frozen=True)
class PostedForm:
    fields: list[eforms.FieldState]  # as the posted statement makes them
    values: dict  # the posted values, but those of the parts in `relocked`
    relocked: dict[str, str]  # field -> the stated field that changed its lock
    stated: dict[str, str]  # every part a statement decides -> its stated field


def parts_stated(dossier: Dossier) -> dict[str, str]:
    """The fields bound under a statement, each with the field stating it."""
    parts = {}
    for field in dossier.form.fields if dossier.form else []:
        binding = binding_parse(field.get("binding"))
        if binding and binding.stated_field:
            parts[field["name"]] = binding.stated_field
    return parts


def locked_names(fields: list[eforms.FieldState]) -> str:
    """What the form page posts as SHOWN_LOCKED."""
    return ",".join(field.name for field in fields if field.locked)


def relocked(*, dossier: Dossier, values: Mapping,
             fields: list[eforms.FieldState]) -> dict[str, str]:  # fmt: skip
    """The stated parts whose lock in `fields` differs from what the page
    showed (SHOWN_LOCKED). Values sent without it (the API, the desk) claim no
    page: each is taken as the statement they carry makes it, a locked one
    checked against its source, a typed one typed."""
    stated = parts_stated(dossier)
    if not stated or SHOWN_LOCKED not in values:
        return {}
    shown = set(str(values.get(SHOWN_LOCKED) or "").split(","))
    now = {field.name for field in fields if field.locked}
    return {name: stated[name] for name in (shown ^ now) & stated.keys()}


def posted_form(*, dossier: Dossier, values: Mapping,
                parts: dict[str, PrefillSource] | None = None) -> PostedForm:  # fmt: skip
    """The form as the posted values make it, and the values to take from the post."""
    if parts is None:
        parts = eforms.prefill_parts(dossier=dossier)
    fields = eforms.form_fields(dossier=dossier, parts=parts, stated=values)
    changed = relocked(dossier=dossier, values=values, fields=fields)
    taken = {name: values.get(name) for name in values if name not in changed}
    return PostedForm(fields=fields, values=taken, relocked=changed,
                      stated=parts_stated(dossier))  # fmt: skip


def relocked_errors(posted: PostedForm) -> dict[str, str]:
    """A submission whose statement changed the parts the page showed is not
    sent: said on the stated field, for the applicant to check the parts again."""
    return {
        stated: _(
            "Lựa chọn này thay đổi phần được điền từ dữ liệu của chính bạn: hãy kiểm tra các "
            "trường bên dưới rồi nộp lại. This choice changes which parts are filled from your "
            "own record: check the fields below, then submit again."
        )
        for stated in set(posted.relocked.values())
    }
