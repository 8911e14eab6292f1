"""The fee a draft will be charged, shown next to the button that submits it."""

from __future__ import annotations

from django import template

from dossiers.fees import fee_ahead
from dossiers.models import Dossier

register = template.Library()


@register.inclusion_tag("dossiers/fee_ahead.html")
def fee_before_submission(dossier: Dossier) -> dict:
    return {"fee": fee_ahead(dossier=dossier)}
