"""Dossier pages. For now: the live prefill of a draft, source by source."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from datasources import registry
from datasources.bindings import part_source
from dossiers.drafts import draft_kept_days
from dossiers.eforms import value_shown
from dossiers.ended_authorisation import authorisation_ended_page
from dossiers.exceptions import DossierError
from dossiers.models import DossierStatus, PrefillStatus
from dossiers.prefill import no_answer_deadline, prefill_overdue_close
from dossiers.selectors import dossier_pages_visible_to, dossiers_visible_to
from dossiers.services import dossier_prefill_retry

POLL_INTERVAL_MS = 500
# A source that takes longer is asked after less often, until it answers or
# is shown as not answering (the server decides when: prefill_overdue_close).
SLOW_AFTER_SECONDS = 10
SLOW_POLL_INTERVAL_MS = 3000


def prefill_context(request: HttpRequest, pk: int) -> dict:
    dossier = get_object_or_404(
        dossier_pages_visible_to(user=request.user).select_related("prefill"), pk=pk
    )
    snapshot = getattr(dossier, "prefill", None)
    if snapshot is not None:
        prefill_overdue_close(snapshot=snapshot)
    parts = []
    for part in snapshot.sources.all() if snapshot else []:
        source_code, own = part_source(part.source)
        source = registry.source(source_code)
        fields = [source.field(name) for name in part.fields]
        parts.append({
            "part": part,
            "source": source,
            # The applicant's own record, read apart from the subject's.
            "own": own,
            "key": part.source.replace(":", "-"),
            # As people read them: words for codes, dd/mm/yyyy, no Python reprs.
            "values": [(field, value_shown(field.value_label(
                part.values.get(field.name, {}).get("value")))) for field in fields],
        })  # fmt: skip
    pending = any(item["part"].status == PrefillStatus.PENDING for item in parts)
    retryable = any(item["part"].status == PrefillStatus.UNAVAILABLE for item in parts)
    waited = (timezone.now() - snapshot.started_at).total_seconds() if snapshot else 0
    return {"dossier": dossier, "snapshot": snapshot, "parts": parts, "pending": pending,
            "retryable": retryable,
            "no_answer": any(item["part"].no_answer for item in parts),
            "slow": pending and waited >= SLOW_AFTER_SECONDS,
            "poll_ms": POLL_INTERVAL_MS if waited < SLOW_AFTER_SECONDS else SLOW_POLL_INTERVAL_MS,
            # Until when a source is waited for, said on the page while it is slow.
            "no_answer_at": no_answer_deadline(snapshot) if snapshot else None,
            "no_answer_seconds": round(settings.PREFILL_NO_ANSWER_SECONDS),
            "draft_kept_days": draft_kept_days()}  # fmt: skip


@login_required
def prefill_page(request: HttpRequest, pk: int) -> HttpResponse:
    context = prefill_context(request, pk)
    if ended := authorisation_ended_page(request, context["dossier"]):
        return ended
    if context["dossier"].taken_at_the_desk or context["dossier"].status != DossierStatus.DRAFT:
        # The official checks the data with the citizen at the desk; a dossier
        # past its draft keeps what was read with it: its tracking page says so.
        return redirect("dossiers:track", pk=pk)
    return render(request, "dossiers/prefill_page.html", context)


@login_required
@require_POST
def prefill_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the unavailable sources again, for the applicant only: an official
    pressing it would have the reads logged in another's name (the workspace
    has its own, logged in theirs)."""
    dossier = get_object_or_404(
        dossiers_visible_to(user=request.user).filter(applicant=request.user), pk=pk
    )
    try:
        dossier_prefill_retry(dossier=dossier, by=request.user)
    except DossierError as error:  # a draft the desk is taking
        from dossiers.journey_views import _track_refused

        return _track_refused(request, dossier, error.message, status=409)
    return redirect("dossiers:prefill", pk=dossier.pk)


@login_required
def prefill_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel alone, polled by HTMX until every source has answered."""
    context = prefill_context(request, pk)
    if ended := authorisation_ended_page(request, context["dossier"]):
        return ended
    return render(request, "dossiers/prefill_panel.html", context)
