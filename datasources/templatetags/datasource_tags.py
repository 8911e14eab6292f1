from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from datasources import registry
from datasources.bindings import part_source
from datasources.exceptions import UnknownField, UnknownSource
from datasources.purposes import PurposeKind
from portal.accounts.models import Role
from portal.audit.models import AccessOutcome

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.filter
def source_field(source, name: str):
    if source is None:
        return None
    try:
        return source.field(name)
    except UnknownField:
        return None


@register.filter
def field_labels(source, names) -> str:
    """The data read, by their names in the page language, not their codes."""
    labels = []
    for name in names or ():
        field = source_field(source, name)
        labels.append(str(field.label) if field else registry.part_label(name))
    return ", ".join(labels)


@register.filter
def source_name(code: str) -> str:
    """A source's name in the page language (pages never show its code); for
    a dossier's part read from the applicant's own record, said so."""
    source_code, own = part_source(code)
    try:
        name = registry.source(source_code).name
    except UnknownSource:
        return code
    if not own:
        return name
    whose = _("the applicant’s own record")  # outside the f-string, where makemessages finds it
    return f"{name} ({whose})"


@register.filter
def reporter(flag, correction) -> str:
    """Who said the value is wrong, as the owner needs it to weigh the report:
    the person themselves, someone acting for them, or an official and their unit."""
    by = flag.flagged_by
    if by.personal_id and by.personal_id == correction.subject_personal_id:
        return _("The person concerned")
    if by.role == Role.CITIZEN:
        return _("A citizen acting for them")
    role = Role(by.role).label if by.role in Role.values else by.role
    return f"{role} · {by.agency.name}" if by.agency_id else str(role)


@register.filter
def purpose_kind(code: str) -> str:
    """For what the value was read: a dossier, a complaint…"""
    return str(PurposeKind(code).label) if code in PurposeKind.values else code


# What came of a read, as the person whose data it is understands it; the
# outcome's own labels are the officials' and the administrators' words.
_OUTCOME_FOR_THE_PERSON: dict[str, Promise] = {
    AccessOutcome.OK: gettext_lazy("Your data was read from the database"),
    AccessOutcome.CACHED: gettext_lazy(
        "Data read shortly before was used again (not read again from the database)"
    ),
    AccessOutcome.NOT_FOUND: gettext_lazy("The database holds no such data about you"),
    AccessOutcome.DENIED: gettext_lazy(
        "Not read: refused, as there was no right to read it for this purpose"
    ),
    AccessOutcome.REFUSED: gettext_lazy("Not read: the request was incomplete or not valid"),
    AccessOutcome.FAILED: gettext_lazy("Not read: the database did not answer"),
}


@register.filter
def outcome_for_the_person(code: str) -> str:
    """What came of an access to someone's data, in plain words for them."""
    words = _OUTCOME_FOR_THE_PERSON.get(code)
    return str(words) if words else code
