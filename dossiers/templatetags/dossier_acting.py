"""Whether the pages offer a move on a dossier: only to who may make it."""

from __future__ import annotations

from django import template

from dossiers.models import Dossier
from dossiers.states import Actor, actor_kind

register = template.Library()


@register.simple_tag(takes_context=True)
def acts_on(context, dossier: Dossier) -> bool:
    """Whether the signed-in user works this dossier: an official or leader of
    its own unit. A leader above reads it and is offered nothing. No query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and actor_kind(dossier=dossier, user=user) == Actor.OFFICIAL


@register.simple_tag(takes_context=True)
def acts_on_any(context, rows) -> bool:
    """Whether the user works any dossier of a queue's rows ((dossier, …) each):
    its moves are offered then only."""
    return any(acts_on(context, row[0]) for row in rows)
