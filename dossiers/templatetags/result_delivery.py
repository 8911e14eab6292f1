"""How the applicant receives the result: chosen on the page that submits a
dossier (online or at the desk), shown wherever the dossier is read."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from dossiers.models import Dossier
from dossiers.result_delivery import delivery_choice_state

register = template.Library()


@register.inclusion_tag("dossiers/result_delivery_choice.html")
def result_delivery_choice(
    dossier: Dossier, request: HttpRequest, errors: dict | None = None, fields: list | None = None
):
    """The choice among the ways the procedure offers, with what was posted
    kept; `fields`, the page's e-form fields, hold the verified residence."""
    posted = request.POST if request.method == "POST" else None
    return {
        "choice": delivery_choice_state(dossier=dossier, posted=posted, fields=fields),
        "errors": errors or {},
    }
