"""The one page a draft shows its applicant once the authorisation it was
started under has ended: how and when, and the button to discard it; none of
the principal's data read for it, typed into it or uploaded to it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dossiers.models import Dossier
from dossiers.representation import authorisation_ended


def authorisation_ended_page(request: HttpRequest, dossier: Dossier) -> HttpResponse | None:
    """That page (403) in place of any page of the draft, while its applicant
    may no longer see its data; None while they may."""
    ended = authorisation_ended(dossier=dossier, user=request.user)
    if ended is None:
        return None
    context = {"dossier": dossier, "ended": ended, "desk_draft": dossier.taken_at_the_desk}
    return render(request, "dossiers/authorisation_ended.html", context, status=403)
