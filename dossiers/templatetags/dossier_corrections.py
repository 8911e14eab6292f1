"""The locked values of a dossier that its applicant already said are wrong."""

from django import template

from datasources.selectors import values_flagged_by
from dossiers.purposes import dossier_data_subject

register = template.Library()


@register.simple_tag
def values_flagged(dossier, user) -> set[str]:
    """The bindings ("source.field") the applicant flagged, their request still
    open; nothing for anyone else."""
    if not getattr(user, "is_authenticated", False) or dossier.applicant_id != user.pk:
        return set()
    return values_flagged_by(user=user, subject=dossier_data_subject(dossier))
