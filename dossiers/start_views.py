"""Starting a dossier: whose procedure it is and which unit receives it; for a
parent, the children of their household, shown as soon as they choose "my child"
(without JavaScript, on the start page asked for "my child", a GET); for a
business procedure, the enterprises they legally represent. What a source says
for this step is kept a short while (dossiers/start_answers.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from datasources.exceptions import DataAccessError
from dossiers.concerned import (
    ConcernedPersonRefused,
    concerned_statement_check,
    dossier_draft_start_concerning,
)
from dossiers.drafts import open_draft, open_drafts
from dossiers.exceptions import DossierError
from dossiers.forms import DossierStartForm, deceased_statement
from dossiers.models import ActingBasis
from dossiers.representation import (
    BUSINESS_SOURCE,
    household_children,
    minor_children,
    procedure_for_business,
    represented_enterprises,
)
from dossiers.selectors import (
    authorisations_received,
    last_filing_place,
    provinces,
    receiving_units,
)
from dossiers.start_answers import start_answer, start_answers_drop
from portal.accounts.citizen_pages import citizen_only_refusal
from portal.accounts.models import Agency
from portal.core.keys import key_or_none
from procedures.models import Procedure


def _procedure(procedure_code: str) -> Procedure:
    return get_object_or_404(Procedure.objects.select_related("sector"), code=procedure_code,
                             active=True)  # fmt: skip


def _province_code(request: HttpRequest) -> int | None:
    raw = request.POST.get("province") or request.GET.get("province")
    return key_or_none(raw)


def _household_children(request: HttpRequest, agency: Agency | None = None) -> list[dict] | None:
    """The applicant's children under 18 ({personal_id, full_name}), those a
    parent may act for, as kept from the last read if it is recent, else read
    now (logged); None when unreadable."""
    return start_answer(
        request, source="population", shown=("personal_id", "full_name"),
        read=lambda: minor_children(household_children(applicant=request.user, agency=agency)),
    )  # fmt: skip


def _represented_enterprises(request: HttpRequest) -> list[dict] | None:
    """The enterprises the applicant legally represents ({enterprise_code, name,
    status}), as kept from the last read if it is recent, else read from the
    business register now (logged); None when unreadable."""
    return start_answer(
        request, source=BUSINESS_SOURCE, shown=("enterprise_code", "name", "status"),
        read=lambda: represented_enterprises(applicant=request.user),
    )  # fmt: skip


def _children_step_url(request: HttpRequest, procedure: Procedure) -> str:
    """The start page as the second step without JavaScript: "my child" and the
    unit chosen, as a GET that a reload repeats without posting again."""
    kept = {name: request.POST.get(name, "") for name in ("province", "agency", "acting_basis")}
    query = urlencode({name: value for name, value in kept.items() if value})
    return f"{reverse('dossiers:start', args=[procedure.code])}?{query}"


def _statement_valid(request: HttpRequest, procedure: Procedure, form: DossierStartForm) -> bool:
    """Whether the deceased named is well formed, checked before an open draft
    is offered, so that a wrong ID is said as such (no source is read yet)."""
    statement = deceased_statement(form.cleaned_data)
    if statement is None:
        return True
    try:
        concerned_statement_check(procedure, request.user, statement)
    except ConcernedPersonRefused as error:
        form.add_error(error.field or None, error.message)
        return False
    return True


def _draft_start(request: HttpRequest, procedure: Procedure, form: DossierStartForm):
    """The draft started, its data being read: the page that shows them; or
    None, the refusal added to the form (nothing created)."""
    data = form.cleaned_data
    try:
        dossier = dossier_draft_start_concerning(
            applicant=request.user, procedure=procedure, agency=data["agency"],
            statement=deceased_statement(data),
            subject_personal_id=data["subject_personal_id"] or None,
            acting_basis=data["acting_basis"],
        )  # fmt: skip
    except ConcernedPersonRefused as error:  # said next to the field it is about
        form.add_error(error.field or None, error.message)
    except (DossierError, DataAccessError) as error:
        form.add_error(None, error.message)
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
    else:
        start_answers_drop(request)  # kept no longer than needed
        return redirect("dossiers:prefill", pk=dossier.pk)
    return None


@login_required
def dossier_start(request: HttpRequest, procedure_code: str) -> HttpResponse:
    """Whose procedure, which unit; then the draft starts and its data is read."""
    if refusal := citizen_only_refusal(request):
        return refusal
    procedure = _procedure(procedure_code)
    province_code = _province_code(request)
    for_business = procedure_for_business(procedure)
    last_unit = None
    # Opened with no province chosen (not one chosen empty): where the citizen
    # filed last, which they may change. Not for a business procedure: its form
    # reads the business register (logged), which only their own choice may start.
    preselected = request.method == "GET" and "province" not in request.GET and not for_business
    if preselected:
        province_code, last_unit = last_filing_place(applicant=request.user, procedure=procedure)
    units = receiving_units(procedure=procedure, province_code=province_code)
    form = DossierStartForm(request.POST or None, units=units, for_business=for_business,
                            concerns=procedure.concerns,
                            initial={"agency": last_unit and last_unit.pk})  # fmt: skip
    status = 200
    if request.method == "POST" and form.children_not_yet_offered():
        # Without JavaScript, "my child" is a second step: the household's
        # children are shown to choose from, the rest kept, and no error yet;
        # on a page of its own (a 303), so that a reload posts nothing.
        see_other = redirect(_children_step_url(request, procedure))
        see_other.status_code = 303
        return see_other
    step_agency = existing_draft = None
    children_step = (
        request.method == "GET" and province_code is not None
        and request.GET.get("acting_basis") == ActingBasis.PARENT
    )  # fmt: skip
    if children_step:
        step_agency = units.filter(pk=key_or_none(request.GET.get("agency"))).first()
        form = DossierStartForm(
            initial={"acting_basis": ActingBasis.PARENT, "agency": step_agency and step_agency.pk},
            units=units, for_business=for_business, concerns=procedure.concerns,
        )  # fmt: skip
    elif request.method == "POST":
        status = 400
        if form.is_valid() and _statement_valid(request, procedure, form):
            statement = deceased_statement(form.cleaned_data)
            existing_draft = None if request.POST.get("new_draft") else open_draft(
                applicant=request.user, procedure=procedure,
                subject_personal_id=form.cleaned_data["subject_personal_id"],
                concerned_personal_id=statement.personal_id if statement else None,
            )  # fmt: skip
            if existing_draft is not None:
                # No second draft unasked: the open one is offered, or a new one on purpose.
                status = 200
            elif started := _draft_start(request, procedure, form):
                return started
    # The household record is read (and logged) only for a parent's procedure.
    children_shown = children_step or (
        request.method == "POST" and form["acting_basis"].value() == ActingBasis.PARENT
    )
    children = None
    if children_shown:
        agency = step_agency or getattr(form, "cleaned_data", {}).get("agency")
        children = _household_children(request, agency)
    # "My enterprises", read from the business register (logged) once the form shows.
    enterprises = _represented_enterprises(request) if for_business and province_code else None
    context = {
        "procedure": procedure, "form": form, "provinces": provinces(),
        "children_shown": children_shown, "children_step": children_step,
        "children": children, "chosen_child": form["child"].value() or "",
        "province_code": province_code, "from_last_dossier": bool(preselected and province_code),
        "authorisations": authorisations_received(user=request.user),
        "for_business": for_business, "enterprises": enterprises,
        "existing_draft": existing_draft,
        "open_drafts": open_drafts(applicant=request.user, procedure=procedure)
        .select_related("agency")[:3] if request.method == "GET" else (),
    }  # fmt: skip
    return render(request, "dossiers/start.html", context, status=status)


@require_GET
@login_required
def start_children(request: HttpRequest, procedure_code: str) -> HttpResponse:
    """The household's children, fetched into the start form when "my child"
    is chosen; nothing for any other choice (and nothing is read then)."""
    if refusal := citizen_only_refusal(request):
        return refusal
    _procedure(procedure_code)
    if request.GET.get("acting_basis") != ActingBasis.PARENT:
        return HttpResponse("")
    children = _household_children(request)
    return render(request, "dossiers/start_children.html", {"children": children})
