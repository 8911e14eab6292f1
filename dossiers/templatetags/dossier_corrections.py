"""The locked values of a dossier that its applicant said are wrong, and where
each request stands."""

from django import template

from datasources.selectors import ValueReport, values_reported_by
from dossiers.purposes import dossier_data_subject, dossier_purpose

register = template.Library()


@register.simple_tag
def values_reported(dossier, user) -> dict[str, ValueReport]:
    """Per binding ("source.field"), the applicant's latest report of it: still
    open (whatever case it was made for), or decided and made for this dossier;
    nothing for anyone else."""
    if not getattr(user, "is_authenticated", False) or dossier.applicant_id != user.pk:
        return {}
    return values_reported_by(user=user, subject=dossier_data_subject(dossier),
                              purpose_id=dossier_purpose(dossier).reference)  # fmt: skip


@register.filter
def report_of(reports: dict, binding: str) -> ValueReport | None:
    return reports.get(binding) if reports else None
