"""Links to an applicant's dossier, to the page where they pick it up again, and
its name as pages headed for them show it."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from dossiers.drafts import dossier_page_url
from dossiers.models import Dossier

register = template.Library()


@register.filter
def dossier_page(dossier: Dossier) -> str:
    """A draft's step to resume, else the dossier's tracking page (dossiers.drafts)."""
    return dossier_page_url(dossier)


@register.filter
def dossier_title(dossier: Dossier) -> str:
    """The dossier as its pages are headed: "Dossier <code>", or for a draft, which
    has no code yet, "Dossier (draft of <day>)"; never its row number, which means
    nothing to the applicant."""
    name = dossier.code or f"({dossier.reference_shown})"
    return f"{gettext('Dossier')} {name}"
