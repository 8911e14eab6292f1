"""The official reads the applicant's right to act again, from the dossier's
page (dossiers.right_to_act). Thin: parse, call the service, back to the page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from datasources.exceptions import DataAccessError
from dossiers import right_to_act
from dossiers.exceptions import DossierError, TransitionRefused
from dossiers.models import RightCheckOutcome
from dossiers.stale_pages import seen_state_parse
from dossiers.verification import SourceNotAnswering
from dossiers.workspace_views import _refused, _unit_dossier, workspace_staff


@require_POST
@workspace_staff
def right_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the right again and record what the source says, then back to the
    dossier's page (a 303) where it shows. A malformed request is a 400, a
    dossier whose right cannot be verified now a 409, a source that still does
    not answer a 503: each on the dossier's page, saying why; nothing recorded.
    Another unit's dossier is a 404."""
    dossier = _unit_dossier(request, pk)
    try:
        seen = seen_state_parse(request.POST)
    except DossierError as error:
        return _refused(request, dossier, error.message, 400)
    try:
        check = right_to_act.right_verify(dossier=dossier, by=request.user, seen=seen)
    except SourceNotAnswering as error:
        return _refused(request, dossier, error.message, 503)
    except TransitionRefused as error:  # nothing to verify, the status, a stale page
        return _refused(request, dossier, error.message, 409)
    except (DossierError, DataAccessError) as error:
        return _refused(request, dossier, error.message, 400)
    words = right_to_act.right_check_words(check)
    if check.outcome == RightCheckOutcome.CONFIRMED:
        messages.success(request, words)
    else:  # the page says what may be done now, the reason written out
        messages.warning(request, words)
    see_other = redirect(f"{reverse('workspace:dossier', args=[dossier.pk])}#right-to-act")
    see_other.status_code = 303
    return see_other
