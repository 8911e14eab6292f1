"""Links to an applicant's dossier: to the page where they pick it up again."""

from __future__ import annotations

from django import template

from dossiers.drafts import dossier_page_url
from dossiers.models import Dossier

register = template.Library()


@register.filter
def dossier_page(dossier: Dossier) -> str:
    """A draft's step to resume, else the dossier's tracking page (dossiers.drafts)."""
    return dossier_page_url(dossier)
