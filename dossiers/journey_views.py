"""The citizen journey's pages: start a dossier, confirm the data, fill in
the rest, submit, follow it, withdraw it; authorisations."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from datasources.correction_reports import CorrectionReportInvalid, correction_report_clean
from datasources.corrections import correction_flag
from datasources.exceptions import DataAccessError, SourceUnavailable
from dossiers import eforms, ratings, services, stated_parts
from dossiers.concerned import concerned_person_shown
from dossiers.document_store import results_of
from dossiers.ended_authorisation import authorisation_ended_page, ended_authorisations_mark
from dossiers.exceptions import (
    DossierError,
    FormInvalid,
    LockedValueChanged,
    NoRightToAct,
    TakenAtTheDesk,
)
from dossiers.filed_for_you import filed_for_you
from dossiers.forms import AuthorisationForm, ReasonForm
from dossiers.history import history_in_words
from dossiers.lookup import lookup_key_given, lookup_page_url, lookup_url
from dossiers.models import Dossier, DossierStatus, SatisfactionRating
from dossiers.purposes import dossier_data_subject, dossier_purpose
from dossiers.result_delivery import delivery_requested
from dossiers.right_to_act import right_not_read
from dossiers.selectors import (
    authorisations_given,
    authorisations_received,
    dossier_pages_visible_to,
    dossiers_filed_for,
    dossiers_visible_to,
)
from dossiers.states import allowed_actions
from dossiers.views import prefill_context
from payments.selectors import dossier_fee_settled
from portal.accounts.citizen_pages import citizen_only_refusal
from portal.core.keys import key_or_none
from procedures.selectors import catalog_procedures

PAGE_SIZE = 20
# My dossiers lists this many of those others filed for the citizen, newest first.
FILED_FOR_YOU_SHOWN = 50


def _own_dossier(request: HttpRequest, pk: int):
    """The user's own dossier (as applicant); anyone else's is a 404."""
    return get_object_or_404(
        dossiers_visible_to(user=request.user)
        .filter(applicant=request.user)
        .select_related("procedure", "form", "agency", "prefill"),
        pk=pk,
    )


@login_required
@require_POST
def preview_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _own_dossier(request, pk)
    try:
        services.dossier_preview_confirm(dossier=dossier, by=request.user)
    except TakenAtTheDesk as error:
        return _track_refused(request, dossier, error.message, status=409)
    except DossierError as error:
        if ended := authorisation_ended_page(request, dossier):
            return ended
        messages.error(request, error.message)
        context = prefill_context(request, dossier.pk)
        return render(request, "dossiers/prefill_page.html", context, status=409)
    return redirect("dossiers:form", pk=dossier.pk)


def _form_context(dossier, *, errors=None, values=None, summary: str = "") -> dict:
    """The form's page; with `errors`, the fields refused, each with its error,
    listed at the top under `summary` (what happened) and linked to its field."""
    from dossiers.evidence import components_status

    if values is None:
        fields = eforms.form_fields(dossier=dossier)
    else:
        # Drawn as what the applicant stated makes it (stated_parts), showing
        # again what was typed, so that nothing is lost on an error; a part that
        # was locked on the page and is typed now shows what is kept, not what
        # the page carried for it.
        posted = stated_parts.posted_form(dossier=dossier, values=values)
        kept = posted.relocked
        fields = [f if f.locked or f.name in kept else replace(f, value=values.get(f.name))
                  for f in posted.fields]  # fmt: skip
    # Whom the dossier is for, by name when the form reads it from their record.
    subject_name = next((f.display_value for f in fields if f.name == "full_name" and f.locked),
                        "")  # fmt: skip
    errors = errors or {}
    return {
        "dossier": dossier, "fields": fields, "errors": errors,
        "error_list": [(field, errors[field.name]) for field in fields if field.name in errors]
                      + [(_Named(name, label), errors[name]) for name, label in _delivery_labels()
                         if name in errors],
        "error_summary": summary,
        "components": components_status(dossier=dossier), "subject_name": subject_name,
        # What the form sends as it saves by itself: the typed values, never a locked one.
        "typed_names": ",".join(f.name for f in fields if not f.locked),
        # Which fields it shows locked, on a form where a statement decides some.
        "shown_locked": (stated_parts.locked_names(fields)
                         if stated_parts.parts_stated(dossier) else None),
    }  # fmt: skip


@login_required
def dossier_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The interactive form: locked values with their source, the rest to type,
    the components, and the submit button."""
    dossier = _own_dossier(request, pk)
    if dossier.status != DossierStatus.DRAFT or dossier.taken_at_the_desk:
        # Nothing to fill in online: the tracking page shows what it holds.
        return redirect("dossiers:track", pk=dossier.pk)
    if ended := authorisation_ended_page(request, dossier):
        return ended
    if dossier.preview_confirmed_at is None:
        return redirect("dossiers:prefill", pk=dossier.pk)
    return render(request, "dossiers/form.html", _form_context(dossier))


@login_required
@require_POST
def dossier_form_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep what was typed, to go on later. A value the form refuses is not
    kept: the form comes back (400) with what was typed, each refused field
    marked with its error, and says which values were saved and which not."""
    dossier = _own_dossier(request, pk)
    try:
        refused = services.dossier_form_keep(dossier=dossier, by=request.user,
                                             values=request.POST,
                                             delivery=delivery_requested(request.POST))  # fmt: skip
    except DossierError as error:  # submitted meanwhile: nothing to save any more
        return _track_refused(request, dossier, error.message, status=409)
    if not refused:
        messages.success(request, _("Đã lưu. Saved."))
        return redirect("dossiers:form", pk=dossier.pk)
    return _form_partly_saved(request, dossier, refused, status=400)


def _form_partly_saved(request: HttpRequest, dossier, refused: dict[str, str], *,
                       status: int) -> HttpResponse:  # fmt: skip
    """The form drawn again with what was typed, each refused field marked, and
    at the top which typed values were saved and which not."""
    context = _form_context(dossier, errors=refused, values=request.POST)
    if refused:
        context["error_summary"] = _partly_saved(context["fields"], refused, request.POST)
        context["partly_saved"] = True  # its heading names fields: redrawn as they are saved
    return render(request, "dossiers/form.html", context, status=status)


def _partly_saved(fields, refused: dict[str, str], values) -> str:
    """Which typed values were saved (those given, not refused) and which not."""
    typed = [(f.name, f.label) for f in fields if not f.locked] + _delivery_labels()
    saved = [label for name, label in typed
             if name not in refused and str(values.get(name) or "").strip()]  # fmt: skip
    not_saved = "; ".join(label for name, label in typed if name in refused)
    if saved:
        return _(
            "Đã lưu: %(saved)s. Chưa lưu vì không hợp lệ: %(refused)s; hãy sửa rồi lưu lại. "
            "Saved: %(saved)s. Not saved, as not valid: %(refused)s; correct and save again."
        ) % {"saved": "; ".join(saved), "refused": not_saved}
    return _(
        "Chưa lưu vì không hợp lệ: %(refused)s; hãy sửa rồi lưu lại. "
        "Not saved, as not valid: %(refused)s; correct and save again."
    ) % {"refused": not_saved}


class _Named(NamedTuple):
    """A field of the page that is not an e-form field, as the error summary lists it."""

    name: str
    label: str


def _delivery_labels() -> list[tuple[str, str]]:
    """The choice of how to receive the result, saved with the typed values."""
    return [("result_delivery", _("How to receive the result")),
            ("delivery_address", _("Address to post the result to"))]  # fmt: skip


@require_POST
def dossier_form_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep what is typed as the applicant types (a live part of the form, sent
    by HTMX): the save button's rule, answered with a line for the form's
    status and each typed field's error, never a whole page. After the session
    ended it says so, with a link to log in again back to the form, instead of
    the login page drawn into the form (a 401)."""
    if not request.user.is_authenticated:
        back = urlencode({"next": reverse("dossiers:form", args=[pk])})
        login = f"{resolve_url(settings.LOGIN_URL)}?{back}"
        return _autosave_answer(request, "logged_out", status=401, login_url=login)
    try:
        dossier = _own_dossier(request, pk)
    except Http404:
        return _autosave_answer(request, "not_found", status=404)
    try:
        refused = services.dossier_form_keep(dossier=dossier, by=request.user,
                                             values=request.POST,
                                             delivery=delivery_requested(request.POST))  # fmt: skip
    except DossierError as error:  # submitted meanwhile, or taken at the desk
        return _autosave_answer(request, "refused", status=409, message=error.message)
    fields = eforms.form_fields(dossier=dossier)
    # Each typed field sent with a value gets its error, or loses the one it
    # showed; a blank one keeps its mark (a required value is checked at submission).
    typed = [field.name for field in fields if not field.locked]
    if delivery_requested(request.POST) is not None:
        typed += [name for name, _label in _delivery_labels()]
    checked = [
        (name, refused.get(name, ""))
        for name in typed
        if name in refused or str(request.POST.get(name) or "").strip()
    ]
    response = _autosave_answer(request, "invalid" if refused else "saved",
                                status=400 if refused else 200, saved_at=dossier.updated_at,
                                checked=checked)  # fmt: skip
    if stated_parts.relocked(dossier=dossier, values=request.POST, fields=fields):
        # What was stated changed the parts the applicant's record fills: the
        # page is drawn again as they now are (HTMX reloads it).
        response["HX-Refresh"] = "true"
    return response


def _autosave_answer(request: HttpRequest, state: str, *, status: int, **context) -> HttpResponse:
    response = render(request, "dossiers/form_autosave.html", {"state": state, **context},
                      status=status)  # fmt: skip
    # The form's script shows a refusal only from this answer, not from a whole error page.
    response["X-Autosave-Answer"] = state
    return response


@login_required
@require_POST
def dossier_submit(request: HttpRequest, pk: int) -> HttpResponse:
    # The service reads the dossier, with all it needs, under its row lock,
    # and only as the user's own: anyone else's is a 404, as one that does not exist.
    try:
        dossier = services.dossier_submit(dossier=Dossier(pk=pk), by=request.user,
                                          values=request.POST,
                                          delivery=delivery_requested(request.POST))  # fmt: skip
    except Dossier.DoesNotExist as error:
        raise Http404 from error
    except TakenAtTheDesk as error:
        return _track_refused(request, _own_dossier(request, pk), error.message, status=409)
    except NoRightToAct as error:
        dossier = _own_dossier(request, pk)
        if ended := authorisation_ended_page(request, dossier):  # revoked or expired meanwhile
            return ended
        # The source says the right no longer holds: said above the form, which is kept.
        return _right_refused(request, dossier, error.message, status=403)
    except FormInvalid as error:
        # Said once, at the top of the form, with a link to each field to correct.
        context = _form_context(_own_dossier(request, pk), errors=error.errors,
                                values=request.POST, summary=error.message)  # fmt: skip
        return render(request, "dossiers/form.html", context, status=400)
    except LockedValueChanged as error:
        messages.error(request, error.message)
        return render(request, "dossiers/form.html", _form_context(_own_dossier(request, pk)),
                      status=409)  # fmt: skip
    except DossierError as error:
        messages.error(request, error.message)
        context = _form_context(_own_dossier(request, pk), values=request.POST)
        return render(request, "dossiers/form.html", context, status=400)
    messages.success(
        request, _("Đã nộp hồ sơ %(code)s. Dossier %(code)s submitted.") % {"code": dossier.code}
    )
    return redirect("dossiers:track", pk=dossier.pk)


def _right_refused(request: HttpRequest, dossier, message: str, *, status: int) -> HttpResponse:
    """The form again, what was typed kept, under why the submission was
    refused: the source says the right to act no longer holds."""
    context = _form_context(dossier, values=request.POST)
    context.update(right_refusal=message)
    return render(request, "dossiers/form.html", context, status=status)


@login_required
@require_POST
def value_wrong(request: HttpRequest, pk: int) -> HttpResponse:
    """ "This is wrong" on a locked value: a correction request to the database
    owner; the dossier goes on with the value the official will verify. What was
    typed in the form, posted with the button, is kept as "Save and continue
    later" keeps it: the valid values are saved, and a refused one is not lost
    silently: the form comes back (400) with what was typed, the request sent,
    and at the top which values were saved and which not. An unknown field
    changes nothing."""
    dossier = _own_dossier(request, pk)
    try:
        services.online_change_check(dossier, request.user)
    except DossierError as error:  # submitted, or taken at the desk: nothing to change
        return _track_refused(request, dossier, error.message, status=409)
    name = request.POST.get("field", "")
    field = next((f for f in eforms.form_fields(dossier=dossier) if f.name == name and f.locked),
                 None)  # fmt: skip
    if field is None:
        messages.error(request, _("Trường không hợp lệ. Unknown field."))
        context = _form_context(dossier, values=request.POST)
        return render(request, "dossiers/form.html", context, status=400)
    binding = field.source_binding
    assert binding is not None  # a locked field is bound
    note, proposed = request.POST.get(f"note-{name}", ""), request.POST.get(f"proposed-{name}", "")
    try:
        report = correction_report_clean(source=binding.source, field=binding.field, note=note,
                                         proposed_value=proposed)  # fmt: skip
    except CorrectionReportInvalid as error:
        # Nothing sent, nothing saved: the report comes back open, with what was typed.
        messages.error(request, error.message)
        context = _form_context(dossier, values=request.POST)
        context["wrong_report"] = {"field": name, "errors": error.errors, "note": note,
                                   "proposed": proposed}  # fmt: skip
        return render(request, "dossiers/form.html", context, status=400)
    try:
        refused = services.dossier_form_keep(dossier=dossier, by=request.user,
                                             values=request.POST)  # fmt: skip
    except DossierError as error:  # submitted meanwhile: nothing to save any more
        return _track_refused(request, dossier, error.message, status=409)
    # The applicant's own record when the field reads it, else the subject's.
    subject = dossier.applicant.personal_id if binding.applicant else dossier_data_subject(dossier)
    try:
        correction_flag(
            source=binding.source, subject=subject, field=binding.field,
            by=request.user, purpose=dossier_purpose(dossier),
            note=report.note, proposed_value=report.proposed_value,
        )  # fmt: skip
    except DataAccessError as error:
        messages.error(request, error.message)
        # Nobody to send it to now (503), or a request the rules refuse (400).
        status = 503 if isinstance(error, SourceUnavailable) else 400
        return _form_partly_saved(request, dossier, refused, status=status)
    messages.success(
        request,
        _(
            "Đã gửi yêu cầu điều chỉnh “%(field)s” đến cơ quan quản lý dữ liệu. Bạn vẫn "
            "nộp hồ sơ được; cán bộ sẽ xác minh. A correction request for “%(field)s” went "
            "to the database owner; you can still submit, the official will verify it."
        )
        % {"field": field.label},
    )
    if refused:
        # The request went; a typed value did not: said beside it, on the form.
        return _form_partly_saved(request, dossier, refused, status=400)
    return redirect("dossiers:form", pk=dossier.pk)


# The draft the citizen just discarded, for My dossiers to tell the browser tab
# to forget what the draft's form kept there of the typing not yet saved.
DISCARDED_DRAFT = "discarded_draft"


@login_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    """My dossiers: status, due date, and what is expected of me now."""
    if refusal := citizen_only_refusal(request):  # staff have their queue
        return refusal
    dossiers = dossiers_visible_to(user=request.user).filter(applicant=request.user)
    dossiers = ratings.with_rating_awaited(dossiers, user=request.user)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    ended_authorisations_mark(page.object_list, user=request.user)
    # A draft just discarded: its kept typing is forgotten (static/portal/page.js).
    forget_typing = request.session.pop(DISCARDED_DRAFT, None)
    # Filed for them by someone else (a parent, an agent): followed read-only.
    filed_for = list(dossiers_filed_for(user=request.user)[:FILED_FOR_YOU_SHOWN])
    return render(request, "dossiers/list.html", {"page": page, "forget_typing": forget_typing,
                                                  "filed_for_you": filed_for})  # fmt: skip


@login_required
def dossier_track(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a dossier stands, its history in plain words, and what is expected now."""
    dossier = (
        dossier_pages_visible_to(user=request.user)
        .select_related("procedure", "agency")
        .filter(pk=pk)
        .first()
    )
    if dossier is None:
        # Filed for them by someone else: theirs to follow, read-only; anyone
        # else's is the same 404 as one that does not exist.
        filed_for = get_object_or_404(dossiers_filed_for(user=request.user), pk=pk)
        view = filed_for_you(dossier=filed_for, user=request.user)
        return render(request, "dossiers/filed_for_you.html", {"view": view})
    if dossier.applicant_id != request.user.pk:
        # The page speaks to the applicant; the unit's staff have their own.
        return redirect("workspace:dossier", pk=dossier.pk)
    if ended := authorisation_ended_page(request, dossier):
        return ended
    return render(request, "dossiers/track.html", _track_context(request, dossier))


def _track_refused(request: HttpRequest, dossier, message: str, *, status: int) -> HttpResponse:
    """The tracking page again, saying why what was asked was refused; for a
    draft whose authorisation ended, the page that says only that."""
    if ended := authorisation_ended_page(request, dossier):
        return ended
    messages.error(request, message)
    return render(request, "dossiers/track.html", _track_context(request, dossier), status=status)


def _track_context(request: HttpRequest, dossier, *, rating_error: str = "") -> dict:
    desk_draft = dossier.taken_at_the_desk
    return {
        "dossier": dossier,
        "desk_draft": desk_draft,
        "events": history_in_words(dossier=dossier),
        "actions": allowed_actions(dossier=dossier, user=request.user),
        "withdraw_form": ReasonForm(),
        "rating_asked": ratings.rating_asked(dossier=dossier, user=request.user),
        "rating": SatisfactionRating.objects.filter(dossier=dossier).first(),
        "rating_error": rating_error,
        "fee_paid": bool(dossier.fee_vnd) and dossier_fee_settled(dossier=dossier),
        # Submitted without its right to act read again: the unit verifies it.
        "right_unread": right_not_read(dossier=dossier),
        # For whom the applicant filed, to follow the dossier without an account.
        "lookup_key": (lookup_key := lookup_key_given(dossier)),
        "lookup_url": lookup_url(dossier) if lookup_key else "",
        "lookup_page": lookup_page_url(),
        # Whom else the dossier concerns (the deceased), as the applicant named them.
        "concerned": concerned_person_shown(dossier),
        # No more typing online (submitted, or taken at the desk): the browser tab
        # forgets what the form kept of it (static/portal/page.js).
        "typing_closed": dossier.status != DossierStatus.DRAFT or desk_draft,
        # The results returned to the citizen, downloaded from here as from their store.
        "results": list(results_of(user=request.user).filter(dossier=dossier)),
        # What the submitted form says, each value with where it came from; for
        # the desk's draft, what it holds so far (the citizen reads it at the desk).
        "fields": (
            eforms.form_fields(dossier=dossier)
            if dossier.form_id and (dossier.status != DossierStatus.DRAFT or desk_draft)
            else []
        ),
    }


@login_required
@require_POST
def dossier_rate(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's satisfaction with the result; a refusal says why, with a 4xx."""
    dossier = _own_dossier(request, pk)
    raw = request.POST.get("rating", "")
    try:
        ratings.dossier_rate(dossier=dossier, by=request.user,
                             rating=key_or_none(raw) or 0,
                             comment=request.POST.get("comment", ""))  # fmt: skip
    except ratings.RatingRefused as refused:
        context = _track_context(request, dossier, rating_error=refused.message)
        # Refused, the form comes back as it was sent: the comment typed is not lost.
        context["rating_comment"] = request.POST.get("comment", "")
        return render(request, "dossiers/track.html", context, status=400)
    messages.success(request, _("Cảm ơn bạn đã đánh giá. Thank you for your rating."))
    return redirect("dossiers:track", pk=dossier.pk)


@login_required
@require_POST
def dossier_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _own_dossier(request, pk)
    try:  # a closed dossier is refused as such, whatever reason came with the request
        services.dossier_withdraw_check(dossier=dossier, by=request.user)
    except DossierError as error:
        return _track_refused(request, dossier, error.message, status=409)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _track_refused(request, dossier, _("Cần nêu lý do. A reason is required."),
                              status=400)  # fmt: skip
    try:
        services.dossier_withdraw(dossier=dossier, by=request.user,
                                  reason=form.cleaned_data["reason"])  # fmt: skip
    except DossierError as error:  # no longer withdrawable
        return _track_refused(request, dossier, error.message, status=409)
    messages.success(request, _("Đã rút hồ sơ. The dossier was withdrawn."))
    return redirect("dossiers:track", pk=dossier.pk)


@login_required
@require_POST
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _own_dossier(request, pk)
    try:
        services.dossier_draft_discard(dossier=dossier, by=request.user)
    except DossierError as error:  # submitted meanwhile: no draft to delete
        return _track_refused(request, dossier, error.message, status=409)
    messages.success(request, _("Đã xóa bản nháp. The draft was deleted."))
    request.session[DISCARDED_DRAFT] = pk  # for the page it lands on, once (deleted: no dossier.pk)
    return redirect("dossiers:list")


@login_required
def authorisations(request: HttpRequest) -> HttpResponse:
    """The authorisations I gave (and can revoke) and those I received."""
    if refusal := citizen_only_refusal(request):
        return refusal
    form = AuthorisationForm(
        request.POST or None, procedures=catalog_procedures().select_related("sector")
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.authorisation_record(
                    principal=request.user, agent_personal_id=data["agent_personal_id"],
                    valid_from=data["valid_from"], valid_until=data["valid_until"],
                    procedure=data["procedure_code"],
                )  # fmt: skip
            except DossierError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                messages.success(request, _("Đã ghi nhận ủy quyền. Authorisation recorded."))
                return redirect("dossiers:authorisations")
    context = {
        "form": form,
        "given": authorisations_given(user=request.user),
        "received": authorisations_received(user=request.user),
    }
    return render(request, "dossiers/authorisations.html", context, status=status)


@login_required
@require_POST
def authorisation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    authorisation = get_object_or_404(authorisations_given(user=request.user), pk=pk)
    services.authorisation_revoke(authorisation=authorisation, by=request.user)
    messages.success(request, _("Đã thu hồi ủy quyền. Authorisation revoked."))
    return redirect("dossiers:authorisations")


@login_required
def dossier_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt and appointment slip, for whoever may see the dossier. A
    dossier refused at reception was never received and promises no result:
    its address leads to the refusal slip, as the tracking page offers it."""
    from dossiers.receipts import ReceiptReplacedByRefusal, ReceiptUnavailable, receipt_pdf

    dossier = get_object_or_404(
        dossier_pages_visible_to(user=request.user), pk=pk, code__isnull=False
    )
    try:
        data = receipt_pdf(dossier=dossier)
    except ReceiptReplacedByRefusal:
        return redirect("dossiers:slip-refusal", pk=dossier.pk)
    except ReceiptUnavailable as error:
        raise Http404(error.message) from error
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tiep-nhan-{dossier.code}.pdf"'
    return response
