"""Dossier pages. For now: the live prefill of a draft, source by source."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from datasources import registry
from dossiers.models import PrefillStatus
from dossiers.selectors import dossiers_visible_to

POLL_INTERVAL_MS = 500


def _prefill_context(request: HttpRequest, pk: int) -> dict:
    dossier = get_object_or_404(
        dossiers_visible_to(user=request.user).select_related("prefill"), pk=pk
    )
    snapshot = getattr(dossier, "prefill", None)
    parts = []
    for part in snapshot.sources.all() if snapshot else []:
        source = registry.source(part.source)
        parts.append({
            "part": part,
            "source": source,
            "values": [(source.field(name), part.values.get(name, {}).get("value"))
                       for name in part.fields],
        })  # fmt: skip
    pending = any(item["part"].status == PrefillStatus.PENDING for item in parts)
    return {"dossier": dossier, "snapshot": snapshot, "parts": parts, "pending": pending,
            "poll_ms": POLL_INTERVAL_MS}  # fmt: skip


@login_required
def prefill_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "dossiers/prefill_page.html", _prefill_context(request, pk))


@login_required
def prefill_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel alone, polled by HTMX until every source has answered."""
    return render(request, "dossiers/prefill_panel.html", _prefill_context(request, pk))
