"""The one page a draft shows its applicant once the authorisation it was
started under has ended, or a national source says their right as a parent
or legal representative lapsed: how and when, and the button to discard it;
none of the subject's data read for it, typed into it or uploaded to it."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dossiers.draft_right import draft_right_lapsed, draft_rights_lapsed
from dossiers.models import ActingBasis, Dossier, DossierStatus
from dossiers.representation import (
    AuthorisationEnded,
    authorisation_ended,
    authorisations_held,
)


def authorisation_ended_page(request: HttpRequest, dossier: Dossier) -> HttpResponse | None:
    """That page (403) in place of any page of the draft, while its applicant
    may no longer see its data; None while they may. The same for a parent's or
    a legal representative's draft once its national source says the right
    lapsed (dossiers.draft_right, which may read the source again for it)."""
    ended = authorisation_ended(dossier=dossier, user=request.user)
    if ended is None:
        lapsed = draft_right_lapsed(dossier=dossier, user=request.user)
        if lapsed is None:
            return None
        context = {"dossier": dossier, "lapsed": lapsed, "desk_draft": dossier.taken_at_the_desk}
        return render(request, "dossiers/right_lapsed.html", context, status=403)
    context = {"dossier": dossier, "ended": ended, "desk_draft": dossier.taken_at_the_desk}
    return render(request, "dossiers/authorisation_ended.html", context, status=403)


def ended_authorisations_mark(
    dossiers: Iterable[Dossier], *, user
) -> dict[int, AuthorisationEnded | None]:
    """Sets `authorisation_ended` on each of `user`'s listed dossiers (None,
    or how the authorisation its draft was started under ended), reading the
    user's authorisations once for them all, and only when one of them is a
    draft started under an authorisation; returns them by dossier id. Sets
    `right_lapsed` too (None, or how a parent's or representative's right
    lapsed, as its source last said: dossiers.draft_right), reading no source."""
    dossiers = list(dossiers)
    under_authorisation = [
        dossier for dossier in dossiers
        if dossier.status == DossierStatus.DRAFT
        and dossier.acting_basis == ActingBasis.AUTHORISATION
    ]  # fmt: skip
    held = authorisations_held(agent=user) if under_authorisation else []
    lapsed = draft_rights_lapsed(dossiers, user=user)
    for dossier in dossiers:
        dossier.authorisation_ended = (
            authorisation_ended(dossier=dossier, user=user, held=held)
            if dossier in under_authorisation
            else None
        )
        # A parent's or representative's right its source last said lapsed.
        dossier.right_lapsed = lapsed.get(dossier.pk)
    return {dossier.pk: dossier.authorisation_ended for dossier in dossiers}
