"""Complaint pages: file one (logged in or not), follow it, and the hotline
desk where service-center staff enter a caller's complaint."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from complaints import handling, held_evidence, services
from complaints.exceptions import ComplaintError, ComplaintStorageUnavailable
from complaints.forms import ComplaintForm
from complaints.models import ComplaintEvidence, ComplaintStatus, HeldEvidence
from complaints.reporter_history import reporter_history, reporter_question
from complaints.selectors import (
    complaint_for_tracking,
    complaints_of_reporter,
    dossiers_of_reporter,
    evidence_visible,
    units_of_province,
)
from complaints.throttle import filing_allowed
from dossiers.models import Dossier
from dossiers.selectors import provinces
from portal.accounts.models import Role
from portal.core.keys import key_or_none


def _province_code(request: HttpRequest, *, hotline: bool) -> int | None:
    """The province chosen. At the hotline, until staff choose one, their own
    unit's: most callers complain about a unit of the province they phone."""
    if hotline and request.method == "GET" and "province" not in request.GET:
        agency = request.user.agency
        return agency.province_code if agency else None
    raw = request.POST.get("province") or request.GET.get("province")
    return key_or_none(raw)


EVIDENCE_AGAIN = _lazy(
    "Tệp đính kèm bạn chọn chưa được giữ lại: hãy đính kèm lại. "
    "The file you attached was not kept: please attach it again."
)


def _file(request: HttpRequest, *, hotline: bool) -> HttpResponse:
    citizen = request.user.is_authenticated and request.user.role == Role.CITIZEN
    dossiers = dossiers_of_reporter(user=request.user)
    dossier = _dossier_chosen(request, dossiers)
    # A dossier chosen (or brought from its tracking page) names the place: its
    # unit, in its province, whatever province was chosen before it.
    province_code = (
        dossier.agency.province_code if dossier else _province_code(request, hotline=hotline)
    )
    data = None
    if request.method == "POST":
        # Bound on any POST, an empty one too: it is refused field by field.
        data = request.POST
        if dossier is not None:
            data = data.copy()
            data["unit"] = str(dossier.agency_id)
    form = ComplaintForm(
        data,
        initial={"dossier": dossier.pk if dossier else None,
                 "unit": dossier.agency_id if dossier else None},
        units=units_of_province(province_code=province_code), dossiers=dossiers,
        with_contact=not citizen,
    )  # fmt: skip
    status = 200
    held: list[HeldEvidence] = []
    evidence_lost = False
    if request.method == "POST":
        held, evidence_lost = _evidence_kept(request)
        status = 400
        if not filing_allowed(request):
            form.add_error(None, _(
                "Bạn đã gửi quá nhiều phản ánh trong một giờ. Vui lòng thử lại sau. "
                "Too many complaints from you this hour: please try again later."
            ))  # fmt: skip
            status = 429
        else:
            complaint, status = _filed(request, form, citizen=citizen, hotline=hotline, held=held)
            if complaint is not None:
                messages.success(request, _(
                    "Đã tiếp nhận phản ánh %(code)s. Complaint %(code)s received."
                ) % {"code": complaint.code})  # fmt: skip
                return redirect(services.tracking_path(complaint))
        kept_now, uploads_lost = _evidence_hold(request, held=held, status=status)
        held, evidence_lost = held + kept_now, evidence_lost or uploads_lost
    context = {
        "form": form, "provinces": provinces(), "province_code": province_code,
        "hotline": hotline, "citizen": citizen, "dossier_chosen": dossier,
        "evidence_held": held, "evidence_again": EVIDENCE_AGAIN if evidence_lost else "",
    }  # fmt: skip
    return render(request, "complaints/new.html", context, status=status)


def _evidence_kept(request: HttpRequest) -> tuple[list[HeldEvidence], bool]:
    """The files held from the form sent back before that the reporter keeps
    (those they ticked to remove go now), and whether one of them is gone."""
    session = request.session
    removed = request.POST.getlist("evidence_remove")
    held_evidence.evidence_release(tokens=removed, session=session)
    kept = [token for token in request.POST.getlist("evidence_held") if token not in removed]
    return held_evidence.evidence_held(tokens=kept, session=session)


def _evidence_hold(request: HttpRequest, *, held: list[HeldEvidence],
                   status: int) -> tuple[list[HeldEvidence], bool]:  # fmt: skip
    """The files uploaded with a form refused for its input, kept for the next
    post, and whether one that passed the checks could not be: not when
    storage failed (503) or the client is flooding (429), nor past the limit."""
    uploads = request.FILES.getlist("evidence")
    if status != 400 or len(held) + len(uploads) > services.EVIDENCE_MAX_FILES:
        return [], bool(uploads)
    kept, refused = held_evidence.evidence_hold(uploads=uploads, session=request.session)
    # A file refused for itself has its reason on the form; any other is to attach again.
    return kept, len(kept) + refused < len(uploads)


def _dossier_chosen(request: HttpRequest, dossiers: QuerySet[Dossier]) -> Dossier | None:
    """The dossier chosen in the form, or named by `?dossier=<pk>` (the link on
    its tracking page, or the form asking for the place it names), if it is
    among those the citizen may link; any other is ignored here, saying
    nothing of whether it exists (a posted one is then refused by the form)."""
    raw = request.POST.get("dossier") if request.method == "POST" else request.GET.get("dossier")
    key = key_or_none(raw)
    if key is None:
        return None
    return dossiers.filter(pk=key).first()


def _typed(form: ComplaintForm, name: str, default=""):
    """A field's value as the form cleaned it or, where the form refused it, as
    typed: a malformed e-mail address is still a way of reaching the reporter
    (the service is not to ask for one as well)."""
    if name in form.cleaned_data:
        return form.cleaned_data[name]
    return form.data.get(name, default) if isinstance(default, str) else default


def _filed(request: HttpRequest, form: ComplaintForm, *, citizen: bool, hotline: bool,
           held: list[HeldEvidence]):  # fmt: skip
    """(the complaint filed, 302) or (None, the status), the form then carrying
    every error at once: its own checks and, for the fields they let pass, the
    service's rules."""
    valid = form.is_valid()
    report = services.Report(
        category=_typed(form, "category"), description=_typed(form, "description"),
        unit=_typed(form, "unit", None), dossier=_typed(form, "dossier", None),
        requested_item=_typed(form, "requested_item"),
        official_named=_typed(form, "official_named"),
    )  # fmt: skip
    filing = {
        "report": report, "reporter": request.user if citizen else None,
        "contact": None if citizen else services.Contact(
            name=_typed(form, "reporter_name"), phone=_typed(form, "reporter_phone"),
            email=_typed(form, "reporter_email"),
        ),
        "evidence": request.FILES.getlist("evidence"), "held": held,
    }  # fmt: skip
    try:
        if not valid:
            services.complaint_check(**filing)
            return None, 400
        return services.complaint_file(**filing, entered_by=request.user if hotline else None), 302
    except ComplaintStorageUnavailable as error:
        form.add_error(None, error.message)
        return None, 503  # nothing wrong with the input: the same may be sent again
    except ComplaintError as error:
        for field, field_messages in error.errors.items() or [(None, [error.message])]:
            on = field if field in form.fields else None
            if on is None or not form.has_error(on):  # the form's own word comes first
                for message in field_messages:
                    form.add_error(on, message)
        return None, 400


def complaint_new(request: HttpRequest) -> HttpResponse:
    """Anyone may complain: a logged-in citizen, or someone who leaves contact details."""
    if request.user.is_authenticated and request.user.role == Role.CENTER_STAFF:
        return redirect("complaints:hotline")
    return _file(request, hotline=False)


@login_required
def complaint_hotline(request: HttpRequest) -> HttpResponse:
    """Service-center staff enter a complaint received by phone."""
    if request.user.role != Role.CENTER_STAFF:
        return render(request, "403.html", status=403)
    return _file(request, hotline=True)


def _tracked(request: HttpRequest, code: str):
    token = request.POST.get("t") or request.GET.get("t", "")
    complaint = complaint_for_tracking(code=code, token=token, user=request.user)
    if complaint is None:
        raise Http404
    return complaint, token


def _track_page(request, complaint, token, *, error: str = "", status: int = 200) -> HttpResponse:
    # The reporter's view of the history: never the administration's own notes.
    context = {"complaint": complaint, "steps": reporter_history(complaint),
               "question": reporter_question(complaint), "token": token,
               "error": error}  # fmt: skip
    return render(request, "complaints/track.html", context, status=status)


def complaint_track(request: HttpRequest, code: str) -> HttpResponse:
    complaint, token = _tracked(request, code)
    return _track_page(request, complaint, token)


@require_POST
def complaint_reporter_act(request: HttpRequest, code: str) -> HttpResponse:
    """The reporter answers a question, or rates the handling (a low rating
    sends it back); through their account or their tracking link."""
    complaint, token = _tracked(request, code)
    by = request.user if request.user.is_authenticated else None
    try:
        if request.POST.get("action") == "reply":
            handling.complaint_reporter_reply(
                complaint=complaint, text=request.POST.get("text", ""), by=by
            )
            done = _("Đã gửi câu trả lời của bạn. Your answer was sent.")
        elif request.POST.get("action") == "rate":
            raw = request.POST.get("rating", "")
            rated = handling.complaint_rate(
                complaint=complaint, rating=key_or_none(raw) or 0, by=by,
                comment=request.POST.get("comment", ""),
            )  # fmt: skip
            # A low rating sends the complaint back to be handled: say so.
            done = (
                _("Cảm ơn bạn đã đánh giá. Thank you for your rating.")
                if rated.status == ComplaintStatus.CONCLUDED
                else _(
                    "Đã ghi nhận đánh giá của bạn: phản ánh được xử lý lại. "
                    "Your rating is recorded: the complaint is handled again."
                )
            )
        else:
            raise ComplaintError(_("Thao tác không hợp lệ. Unknown action."))
    except ComplaintError as error:
        complaint.refresh_from_db()
        return _track_page(request, complaint, token, error=error.message, status=400)
    messages.success(request, done)
    return redirect(services.tracking_path(complaint))


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    complaints = complaints_of_reporter(user=request.user)[:200]
    return render(request, "complaints/list.html", {"complaints": complaints})


def evidence_download(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A file of evidence, to the reporter (account or tracking link) or the
    complaint's handlers; to anyone else a 404."""
    evidence = evidence_visible(code=code, pk=pk, token=request.GET.get("t", ""),
                                user=request.user)  # fmt: skip
    if evidence is None:
        raise Http404
    return evidence_file_response(evidence)


def evidence_file_response(evidence: ComplaintEvidence) -> FileResponse:
    """Always a download, never shown inline. Raises Http404 if the file is gone."""
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=evidence.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="bang-chung-{evidence.pk}"; '
        f"filename*=UTF-8''{quote(evidence.original_name, safe='')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
