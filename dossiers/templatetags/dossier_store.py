"""The applicant's stored results that a dossier's components may reuse."""

from django import template

from dossiers.document_store import results_reusable_for, results_standing_for

register = template.Library()


@register.simple_tag
def reusable_results(dossier, user) -> list:
    """The applicant's returned results about this dossier's subject; nothing for anyone else."""
    if not getattr(user, "is_authenticated", False) or dossier.applicant_id != user.pk:
        return []
    return list(results_reusable_for(dossier=dossier))


@register.simple_tag
def results_for_component(results, component) -> list:
    """Of the reusable results, those that can stand for this component's paper."""
    return results_standing_for(results, component)
