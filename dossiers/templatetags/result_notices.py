"""What the applicant is told, next to the field that asks for a use, when a
value verified from a source makes the result for that use untrue
(dossiers.result_terms): before they submit, not after a refusal."""

from __future__ import annotations

from django import template

from dossiers.eforms import field_applies
from dossiers.models import Dossier
from dossiers.result_terms import CONTRADICTIONS, result_contradictions

register = template.Library()


@register.simple_tag
def result_notices(dossier: Dossier | None, field, fields) -> list[tuple[str, bool]]:
    """(notice, whether the form asks for that use now) for the form's `field`,
    when it is the one a contradiction of the dossier's result names."""
    if dossier is None or field is None:
        return []
    rules = CONTRADICTIONS.get(dossier.procedure.result_document_type, ())
    if not any(rule.asked_field == field.name for rule in rules):
        return []
    return [
        (str(found.rule.applicant_notice), found.asked)
        for found in result_contradictions(dossier=dossier, fields=fields)
        if found.rule.asked_field == field.name
    ]


@register.simple_tag
def required_now(field, fields) -> bool:
    """Whether the field is required as the form was last saved: one asked only
    when another holds a value is not, while that other does not hold it (the
    form's script requires it once that value is chosen)."""
    return bool(field.required) and field_applies(field, fields=fields or [field])
