"""Counter intake pages: the official enters the citizen's personal ID, picks
a procedure of their unit and confirms the citizen's consent; then checks the
prefilled data with the citizen, types what no source holds and submits.
Thin: parse, call dossiers/counter.py, render."""

from __future__ import annotations

import dataclasses
import re
from itertools import groupby

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from datasources.exceptions import DataAccessError
from dossiers import counter, eforms, stated_parts
from dossiers.counter_gaps import counter_data_gap_record
from dossiers.data_gaps import EVIDENCE_MAX_LENGTH
from dossiers.evidence import components_status
from dossiers.exceptions import DossierError, FormInvalid, LockedValueChanged
from dossiers.forms import deceased_fields, deceased_required_check, deceased_statement
from dossiers.models import Dossier, DossierStatus, PrefillSource
from dossiers.prefill import prefill_overdue_close
from dossiers.result_delivery import delivery_requested
from dossiers.workspace_views import workspace_staff
from payments.desk import payment_record_at_counter
from payments.exceptions import PaymentError
from payments.models import COUNTER_METHODS
from payments.selectors import dossier_fee_settled
from portal.accounts.models import User
from portal.core.keys import key_or_none
from procedures.models import DossierComponent

THOUSANDS = re.compile(r"\d{1,3}([. ]\d{3})+")


class CounterIntakeForm(forms.Form):
    personal_id = forms.RegexField(
        # No max_length: the pattern says "12 digits" once, where a length check would say it twice.
        regex=r"^\d{12}$", label=gettext_lazy("Citizen's personal ID number"),
        error_messages={
            "invalid": gettext_lazy("A personal ID number has 12 digits."),
            "required": gettext_lazy("Enter the citizen's personal ID number (12 digits)."),
        },
    )  # fmt: skip
    procedure = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Procedure"), empty_label=gettext_lazy("Choose…"),
        error_messages={
            "required": gettext_lazy("Choose the procedure."),
            "invalid_choice": gettext_lazy("Your unit does not handle this procedure."),
        },
    )  # fmt: skip
    # Checked by the service against the business register, with a bilingual refusal.
    enterprise_code = forms.CharField(
        label=gettext_lazy("Enterprise code"), required=False, max_length=32,
        help_text=gettext_lazy(
            "Only for a business procedure done for an enterprise the citizen legally "
            "represents; leave it empty for a procedure for individuals."
        ),
    )  # fmt: skip
    consent = forms.BooleanField(
        required=True,
        label=gettext_lazy(
            "The citizen agrees that their data is read from the national databases "
            "for this dossier"
        ),
        error_messages={"required": gettext_lazy("The citizen's consent is required.")},
    )

    def __init__(self, *args, official: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        procedures = counter.counter_procedures(official=official)
        self.fields["procedure"].queryset = procedures
        # Only for a procedure that concerns a person who died (funeral-cost support).
        self.fields.update(deceased_fields(required=False))
        # The list the official picks from, by sector (<optgroup>), in the selector's order.
        self.procedure_groups = [
            (
                sector,
                [(procedure.pk, f"{procedure.name} ({procedure.code})") for procedure in group],
            )
            for sector, group in groupby(procedures, key=lambda procedure: procedure.sector.name)
        ]

    def clean(self):
        data = super().clean()
        procedure = data.get("procedure")
        deceased_required_check(self, procedure.concerns if procedure else "")
        return data


class AmountField(forms.IntegerField):
    """Đồng, whole, as written on a fee receipt: "50.000" is fifty thousand (the dots
    group thousands in Vietnamese), never 50 read as a decimal."""

    def to_python(self, value):
        text = str(value or "").strip()
        if THOUSANDS.fullmatch(text):
            text = text.replace(".", "").replace(" ", "")
        elif "." in text or "," in text:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(text)


class CounterFeeForm(forms.Form):
    method = forms.ChoiceField(
        label=gettext_lazy("Paid by"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        choices=[(method.value, method.label) for method in COUNTER_METHODS],
        error_messages={"required": gettext_lazy(
            "Chọn hình thức thanh toán. Choose how the fee was paid."
        )},
    )  # fmt: skip
    amount_vnd = AmountField(
        label=gettext_lazy("Amount taken (VND)"), min_value=1,
        error_messages={
            "invalid": gettext_lazy("Nhập số tiền bằng chữ số, ví dụ 50.000. "
                                    "Enter the amount in digits, for example 50.000."),
            "min_value": gettext_lazy("Số tiền phải lớn hơn 0. The amount must be more than 0."),
            "required": gettext_lazy("Nhập số tiền đã thu, ví dụ 50.000. "
                                     "Enter the amount taken, for example 50.000."),
        },
    )  # fmt: skip
    receipt_number = forms.CharField(
        label=gettext_lazy("Fee receipt number"), max_length=40,
        error_messages={
            "required": gettext_lazy("Nhập số của biên lai thu phí, lệ phí đã giao cho công dân. "
                                     "Enter the number of the fee receipt handed to the citizen."),
            "max_length": gettext_lazy("Số biên lai dài tối đa %(limit_value)d ký tự (đang có "
                                       "%(show_value)d). A receipt number has at most "
                                       "%(limit_value)d characters (this one has %(show_value)d)."),
        },
    )  # fmt: skip


def _counter_draft(request: HttpRequest, pk: int) -> Dossier:
    return get_object_or_404(
        counter.counter_drafts(user=request.user).select_related(
            "procedure", "agency", "form", "applicant"
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@workspace_staff
def intake(request: HttpRequest) -> HttpResponse:
    """Start a counter dossier, for the citizen or the enterprise they legally
    represent; 400 (and nothing created) without consent, a valid ID or the
    right to act for the enterprise, 503 while the business register is down."""
    form = CounterIntakeForm(
        request.POST if request.method == "POST" else None, official=request.user
    )
    context = {"form": form, "drafts": counter.counter_drafts(user=request.user)
               .select_related("procedure", "applicant").order_by("-created_at")[:20],
               "fees_due": counter.counter_fees_due(user=request.user)[:20]}  # fmt: skip
    if request.method == "GET":
        return render(request, "dossiers/counter/intake.html", context)
    if not form.is_valid():
        return render(request, "dossiers/counter/intake.html", context, status=400)
    try:
        dossier = counter.counter_intake_start(
            official=request.user, personal_id=form.cleaned_data["personal_id"],
            procedure=form.cleaned_data["procedure"], consent=form.cleaned_data["consent"],
            enterprise_code=form.cleaned_data["enterprise_code"],
            deceased=deceased_statement(form.cleaned_data),
        )  # fmt: skip
    except DossierError as error:
        # A refusal about one field is shown next to it, with what was typed kept.
        if getattr(error, "field", "") in form.fields:
            form.add_error(error.field, error.message)
        else:
            messages.error(request, error.message)
        status = 503 if isinstance(error, counter.RegisterUnavailable) else 400
        return render(request, "dossiers/counter/intake.html", context, status=status)
    return redirect("workspace:counter-dossier", pk=dossier.pk)


def _draft_context(dossier: Dossier, **extra) -> dict:
    snapshot = getattr(dossier, "prefill", None)
    if snapshot is not None:
        prefill_overdue_close(snapshot=snapshot)  # the page stops waiting for a silent source
    components = components_status(dossier=dossier)
    fields = eforms.form_fields(dossier=dossier)
    return {
        "dossier": dossier,
        # Told to the citizen before submission: what the desk will then ask for.
        "fee_vnd": counter.counter_fee_vnd(dossier.procedure),
        "finished": snapshot is None or snapshot.is_finished,
        "sources": list(PrefillSource.objects.filter(snapshot__dossier=dossier)),
        "fields": fields,
        # Which fields it shows locked, on a form where a statement decides some.
        "shown_locked": _shown_locked(dossier, fields),
        "components": components,
        # Only what data replaces, read and not yet recorded, can be a gap at the desk.
        "gap_candidates": [
            status
            for status in components
            if status.replaced and not status.to_verify and not status.gap_recorded
        ],  # fmt: skip
        "evidence_max_length": EVIDENCE_MAX_LENGTH,
        "errors": {},
        **extra,
    }


def _typed_context(dossier: Dossier, posted, **extra) -> dict:
    """The draft page after a refused submission, at the address it was posted to:
    it shows again what the official typed (nothing of it was stored), which a
    redirect would lose. Locked values are the source's, never what was posted."""
    context = _draft_context(dossier, **extra)
    # Drawn as what the citizen stated makes it (the relationship to the child):
    # a part the page showed locked and typed now shows what is kept.
    posted_form = stated_parts.posted_form(dossier=dossier, values=posted)
    context["fields"] = [
        field if field.locked or field.name in posted_form.relocked else dataclasses.replace(
            field,
            value=field.name in posted if field.type == "boolean"
            else posted.get(field.name, field.value),
        )
        for field in posted_form.fields
    ]  # fmt: skip
    context["shown_locked"] = _shown_locked(dossier, context["fields"])
    return context


def _shown_locked(dossier: Dossier, fields: list[eforms.FieldState]) -> str | None:
    return stated_parts.locked_names(fields) if stated_parts.parts_stated(dossier) else None


@require_GET
@workspace_staff
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The counter draft: the data read from the sources with its provenance,
    the fields to type, and which papers to see at the desk."""
    dossier = _counter_draft(request, pk)
    return render(request, "dossiers/counter/draft.html", _draft_context(dossier))


@require_POST
@workspace_staff
def data_gap(request: HttpRequest, pk: int) -> HttpResponse:
    """Record at the desk that a source holds nothing or wrong data for the
    citizen, with the evidence (opening the correction request): 400, nothing
    recorded, without evidence or for a component data does not replace."""
    dossier = _counter_draft(request, pk)
    component_pk = key_or_none(request.POST.get("component"))
    component = (
        DossierComponent.objects.filter(procedure_id=dossier.procedure_id, pk=component_pk).first()
        if component_pk else None
    )  # fmt: skip
    try:
        if component is None:
            raise DossierError(_("Giấy tờ không hợp lệ. Unknown document."))
        counter_data_gap_record(dossier=dossier, component=component, by=request.user,
                                evidence=request.POST.get("evidence", ""))  # fmt: skip
    except (DossierError, DataAccessError) as error:
        messages.error(request, error.message)
        # The evidence typed is shown again where it was typed, to be corrected.
        typed = {"component": component.pk if component else None,
                 "evidence": request.POST.get("evidence", "")}  # fmt: skip
        context = {**_draft_context(dossier), "gap_typed": typed}
        return render(request, "dossiers/counter/draft.html", context, status=400)
    messages.success(
        request,
        _("Data gap recorded for “%(component)s”; a correction request went to the database "
          "owner. See the paper at the desk.") % {"component": component.name},
    )  # fmt: skip
    return redirect("workspace:counter-dossier", pk=dossier.pk)


@require_POST
@workspace_staff
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit on the citizen's behalf, received at once unless a fee is due first:
    400 for invalid values, 409 when not possible now."""
    dossier = _counter_draft(request, pk)
    try:
        dossier = counter.counter_submit(dossier=dossier, by=request.user, values=request.POST,
                                         delivery=delivery_requested(request.POST))  # fmt: skip
    except FormInvalid as error:
        context = _typed_context(dossier, request.POST, errors=error.errors)
        return render(request, "dossiers/counter/draft.html", context, status=400)
    except LockedValueChanged as error:
        messages.error(request, error.message)
        context = _typed_context(dossier, request.POST)
        return render(request, "dossiers/counter/draft.html", context, status=400)
    except DossierError as error:
        messages.error(request, error.message)
        context = _typed_context(dossier, request.POST)
        return render(request, "dossiers/counter/draft.html", context, status=409)
    if dossier.status == DossierStatus.FINANCIAL_OBLIGATION:
        messages.success(
            request, _("Submitted: dossier %(code)s. Print the receipt for the citizen.")
            % {"code": dossier.code},
        )  # fmt: skip
        return redirect("workspace:counter-fee", pk=dossier.pk)
    messages.success(
        request, _("Submitted and received: dossier %(code)s. Print the receipt for the citizen.")
        % {"code": dossier.code},
    )  # fmt: skip
    return redirect("workspace:dossier", pk=dossier.pk)


@require_http_methods(["GET", "POST"])
@workspace_staff
def fee(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the dossier's fee at the desk, in cash or by card: 400 for a wrong
    amount or no receipt number, 409 for a receipt number already used or a fee
    the applicant paid online meanwhile, 503 while the payment platform cannot
    close the applicant's open online order; nothing recorded then."""
    dossier = counter.counter_fees_due(user=request.user).filter(pk=pk).first()
    if dossier is None:
        return _fee_no_longer_due(request, pk)
    form = CounterFeeForm(
        request.POST if request.method == "POST" else None, initial={"amount_vnd": dossier.fee_vnd}
    )
    if request.method == "GET":
        return render(request, "dossiers/counter/fee.html", {"dossier": dossier, "form": form})
    if not form.is_valid():
        return render(request, "dossiers/counter/fee.html", {"dossier": dossier, "form": form},
                      status=400)  # fmt: skip
    try:
        payment = payment_record_at_counter(
            dossier=dossier, by=request.user, amount_vnd=form.cleaned_data["amount_vnd"],
            method=form.cleaned_data["method"], receipt_number=form.cleaned_data["receipt_number"],
        )  # fmt: skip
    except PaymentError as error:
        messages.error(request, error.message)
        return render(request, "dossiers/counter/fee.html", {"dossier": dossier, "form": form},
                      status=error.http_status)  # fmt: skip
    dossier.refresh_from_db(fields=["status"])
    if dossier.status == DossierStatus.RECEIVED:  # taken at the counter: received at once
        done = _("Fee recorded, receipt number %(receipt)s, and dossier %(code)s received. "
                 "Print the receipt for the citizen.")  # fmt: skip
    else:
        done = _("Fee recorded, receipt number %(receipt)s. Print the receipt for the citizen.")
    messages.success(request, done % {"receipt": payment.receipt_number, "code": dossier.code})
    return redirect("workspace:dossier", pk=dossier.pk)


def _fee_no_longer_due(request: HttpRequest, pk: int) -> HttpResponse:
    """The fee page of a dossier whose fee was paid meanwhile (a second press of
    "Record the payment", the back button): to the dossier, saying so, nothing
    recorded again; 404 for one the desk never had a fee to take for."""
    dossier = get_object_or_404(counter.counter_fees_no_longer_due(user=request.user), pk=pk)
    if not dossier_fee_settled(dossier=dossier):
        raise Http404
    messages.info(request, _("The fee of dossier %(code)s was already paid; nothing was recorded "
                             "again.") % {"code": dossier.code})  # fmt: skip
    return redirect("workspace:dossier", pk=dossier.pk)
