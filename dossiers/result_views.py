"""Results as their holders see them: the citizen's document store (kho giấy
tờ điện tử) of the results issued to them, each a download; the unit's
officials download a dossier's result from the workspace; anyone checks a
result's QR code on the public verification page (no personal data)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dossiers.document_store import results_of, subject_names
from dossiers.models import ResultDocument
from dossiers.results import result_from_token
from dossiers.workspace_selectors import unit_dossiers
from dossiers.workspace_views import workspace_staff
from portal.accounts.citizen_pages import citizen_only_refusal


def _pdf_download(result: ResultDocument) -> FileResponse:
    try:
        handle = result.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf")
    name = f"ket-qua-{result.dossier.code or result.dossier_id}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def document_store(request: HttpRequest) -> HttpResponse:
    """The citizen's own results and those issued for whom they acted for
    (shown "for <name>"), newest first."""
    if refusal := citizen_only_refusal(request):  # staff keep no document store
        return refusal
    results = list(results_of(user=request.user))
    for_others = [r for r in results if r.subject_personal_id != request.user.personal_id]
    names = subject_names(for_others) if for_others else {}
    for result in for_others:
        result.issued_for = names[result.pk]
    return render(request, "dossiers/results/store.html", {"results": results})


@require_GET
@login_required
def document_download(request: HttpRequest, result_pk: int) -> HttpResponse:
    """One of the citizen's results; anyone else's is a 404."""
    return _pdf_download(get_object_or_404(results_of(user=request.user), pk=result_pk))


@require_GET
@workspace_staff
def workspace_result_download(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    """A result of a dossier of the official's unit; another unit's is a 404."""
    dossier = get_object_or_404(unit_dossiers(user=request.user), pk=pk)
    return _pdf_download(get_object_or_404(ResultDocument, dossier=dossier, pk=result_pk))


@require_GET
def result_verify(request: HttpRequest, token: str) -> HttpResponse:
    """Whether a result with this QR code was issued, by whom and when: the
    document's fingerprint to compare, never the person's data."""
    result = result_from_token(token)
    status = 200 if result is not None else 404
    return render(request, "dossiers/results/verify.html", {"result": result}, status=status)
