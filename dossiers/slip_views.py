"""Downloads of a dossier's slips, and the apology an official issues for an
overdue dossier. Thin: parse, call dossiers/slips.py or dossiers/deadlines.py.
The applicant and the unit get the supplement, refusal and apology slips; the
processing control sheet and the apology form are the unit's; the preview of
what a leader is to sign, theirs. A dossier the user may not see is a 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dossiers import slips
from dossiers.deadlines import apology_issue
from dossiers.exceptions import DossierError
from dossiers.models import Dossier
from dossiers.selectors import dossier_pages_visible_to
from dossiers.signature_preview import PreviewUnavailable, signature_preview_pdf
from dossiers.workspace_selectors import unit_dossiers
from dossiers.workspace_views import _refused, workspace_staff


class ApologyForm(forms.Form):
    new_due_date = forms.DateField(
        label=gettext_lazy("New appointment date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=gettext_lazy("Reason for the delay"), max_length=1000)


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _visible(request: HttpRequest, pk: int) -> Dossier:
    return get_object_or_404(dossier_pages_visible_to(user=request.user), pk=pk, code__isnull=False)


@require_GET
@login_required
def supplement_slip(request: HttpRequest, pk: int, supplement_pk: int) -> HttpResponse:
    dossier = _visible(request, pk)
    supplement = get_object_or_404(dossier.supplements, pk=supplement_pk)
    return _pdf(slips.supplement_slip_pdf(supplement=supplement),
                f"yeu-cau-bo-sung-{dossier.code}.pdf")  # fmt: skip


@require_GET
@login_required
def refusal_slip(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _visible(request, pk)
    try:
        data = slips.refusal_slip_pdf(dossier=dossier)
    except slips.SlipUnavailable:
        return HttpResponse(status=404)
    return _pdf(data, f"tu-choi-{dossier.code}.pdf")


@require_GET
@login_required
def apology_slip(request: HttpRequest, pk: int, apology_pk: int) -> HttpResponse:
    dossier = _visible(request, pk)
    slip = get_object_or_404(dossier.apologies, pk=apology_pk)
    return _pdf(slips.apology_slip_pdf(slip=slip), f"xin-loi-{dossier.code}.pdf")


@require_GET
@workspace_staff
def control_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_object_or_404(unit_dossiers(user=request.user), pk=pk, code__isnull=False)
    return _pdf(slips.control_sheet_pdf(dossier=dossier), f"kiem-soat-{dossier.code}.pdf")


@require_GET
@workspace_staff
def signature_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What the leader would sign now, marked as a preview: 404 unless the
    dossier, of their own unit, awaits their signature (as its signing does)."""
    dossier = get_object_or_404(unit_dossiers(user=request.user), pk=pk, code__isnull=False)
    try:
        name, data = signature_preview_pdf(dossier=dossier, leader=request.user)
    except PreviewUnavailable:
        raise Http404 from None
    response = _pdf(data, name)
    response["Cache-Control"] = "private, no-store"  # a draft of a moment, never kept
    return response


@require_POST
@workspace_staff
def apology(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the apology slip: 400 for a malformed form, 409 when not lawful now."""
    dossier = get_object_or_404(
        unit_dossiers(user=request.user).select_related("form", "assigned_to", "prefill"), pk=pk
    )
    form = ApologyForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, dossier,
            _("Hãy nhập ngày hẹn mới và lý do. Enter the new appointment date and the reason."),
            400,
        )  # fmt: skip
    try:
        apology_issue(dossier=dossier, by=request.user, **form.cleaned_data)
    except DossierError as error:
        return _refused(request, dossier, error.message, 409)
    messages.success(request, _("Apology slip issued; the applicant has been told."))
    return redirect("workspace:dossier", pk=dossier.pk)
