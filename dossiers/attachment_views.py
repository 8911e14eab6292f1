"""A dossier's documents: the components panel, uploading and removing files
(the applicant), and downloading them (whoever may see the dossier). A refused
upload answers with its reason and a 4xx, and changes nothing."""

from __future__ import annotations

import logging
import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dossiers.attachments import attachment_add, attachment_remove, upload_rules
from dossiers.document_store import result_reuse, results_of
from dossiers.ended_authorisation import authorisation_ended_page
from dossiers.evidence import components_status
from dossiers.exceptions import (
    DossierError,
    ReplacedByData,
    TakenAtTheDesk,
    UploadLimitReached,
    UploadTooLarge,
    UploadTypeRefused,
)
from dossiers.models import Attachment, Dossier, DossierStatus
from dossiers.selectors import dossier_pages_visible_to, dossiers_visible_to
from dossiers.supplement_answers import supplement_items, supplement_open
from portal.core.keys import key_or_none
from procedures.models import DossierComponent

logger = logging.getLogger(__name__)

# Room for the multipart envelope and the form's other fields around the file.
_ENVELOPE_BYTES = 64 * 1024

_STATUS_FOR = (
    (UploadTooLarge, 413),
    (UploadTypeRefused, 415),
    (UploadLimitReached, 409),
    (ReplacedByData, 409),
    (TakenAtTheDesk, 409),
)


def _http_status(error: DossierError) -> int:
    return next((status for kind, status in _STATUS_FOR if isinstance(error, kind)), 400)


class _SizeLimitHandler(FileUploadHandler):
    """Drops a file as soon as it passes the limit, before it is written to a
    temporary file, and notes it on the request (a client may send no length)."""

    def __init__(self, request: HttpRequest, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.max_bytes:
            self.request.upload_too_large = True
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _visible_dossier(request: HttpRequest, pk: int) -> Dossier:
    """A dossier this user may see; a draft only to its applicant. Else a 404."""
    return get_object_or_404(
        dossier_pages_visible_to(user=request.user).select_related("form"), pk=pk
    )


def _own_dossier(request: HttpRequest, pk: int) -> Dossier:
    """The user's own dossier, as its applicant; anyone else's is a 404."""
    return get_object_or_404(
        dossiers_visible_to(user=request.user).filter(applicant=request.user)
        .select_related("form"),
        pk=pk,
    )  # fmt: skip


def _next_url(request: HttpRequest, dossier: Dossier) -> str:
    """Where the applicant came from (a page of this site), else the documents page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return _documents_url(dossier)


def _component(dossier: Dossier, raw: str) -> DossierComponent | None:
    """The component of the dossier's procedure that `raw` names, else None."""
    component_pk = key_or_none(raw)
    if component_pk is None:
        return None
    return DossierComponent.objects.filter(procedure_id=dossier.procedure_id,
                                           pk=component_pk).first()  # fmt: skip


def _documents_url(dossier: Dossier) -> str:
    return reverse("dossiers:documents", kwargs={"pk": dossier.pk})


SUPPLEMENT = DossierStatus.SUPPLEMENT_REQUESTED


def _panel_context(request: HttpRequest, dossier: Dossier, **extra) -> dict:
    # While a supplement is open, the documents it asks for are marked: a new
    # file is needed even where an earlier one was uploaded.
    supplement = supplement_open(dossier=dossier) if dossier.status == SUPPLEMENT else None
    asked = supplement_items(supplement=supplement) if supplement else []
    return {
        "dossier": dossier,
        # The desk's draft is shown to its applicant without the controls to change it.
        "desk_draft": dossier.taken_at_the_desk,
        "components": components_status(dossier=dossier),
        "panel_next": request.get_full_path(),
        "supplement": supplement,
        "asked_waiting": {item.component.pk for item in asked if not item.answered},
        "asked_answered": {item.component.pk for item in asked if item.answered},
        **extra,
    }


def _answer(request: HttpRequest, dossier: Dossier, *, status: int = 200, message: str = "",
            error: str = "", component_pk: int | None = None,
            next_url: str = "") -> HttpResponse:  # fmt: skip
    """The refreshed panel for HTMX; otherwise, after success, back where the
    applicant was, and after a refusal, the documents page with the reason
    (for a draft whose authorisation ended, the page that says only that)."""
    if ended := authorisation_ended_page(request, dossier):
        return ended
    extra = {"panel_message": message, "panel_error": error,
             "panel_error_component": component_pk}  # fmt: skip
    if next_url:
        extra["panel_next"] = next_url
    if request.htmx:
        context = _panel_context(request, dossier, **extra)
        return render(request, "dossiers/components_panel.html", context, status=status)
    if not error:
        messages.success(request, message)
        return redirect(next_url or _documents_url(dossier))
    return render(request, "dossiers/documents.html", _panel_context(request, dossier, **extra),
                  status=status)  # fmt: skip


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the dossier's components, what each needs, and its files. POST: an
    upload. The size limit is in place before the body is read: a declared
    length past it is answered at once, unread, and a file passing it while
    it arrives is dropped before it reaches a temporary file. The CSRF check,
    which reads the body, comes after."""
    if request.method == "GET":
        dossier = _visible_dossier(request, pk)
        if ended := authorisation_ended_page(request, dossier):
            return ended
        return render(request, "dossiers/documents.html", _panel_context(request, dossier))
    max_bytes = upload_rules().max_bytes
    declared = key_or_none(request.META.get("CONTENT_LENGTH", ""))
    if declared is not None and declared > max_bytes + _ENVELOPE_BYTES:
        # The body is not read: the component comes from the address (the panel puts it there).
        dossier = _own_dossier(request, pk)
        return _too_large(request, dossier, _component(dossier, request.GET.get("component", "")))
    request.upload_handlers.insert(0, _SizeLimitHandler(request, max_bytes))
    return _upload(request, pk)


@csrf_protect
def _upload(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _own_dossier(request, pk)
    next_url = _next_url(request, dossier)
    raw = request.POST.get("component") or request.GET.get("component", "")
    component = _component(dossier, raw)
    if getattr(request, "upload_too_large", False):
        return _too_large(request, dossier, component, next_url=next_url)
    if component is None:
        return _answer(request, dossier, status=400, next_url=next_url,
                       error=_("Không có giấy tờ này. Unknown document."))  # fmt: skip
    upload = request.FILES.get("file")
    if upload is None:
        return _answer(request, dossier, status=400, component_pk=component.pk,
                       next_url=next_url, error=_("Hãy chọn một tệp. Choose a file."))  # fmt: skip
    try:
        attachment = attachment_add(dossier=dossier, component=component, upload=upload,
                                    by=request.user)  # fmt: skip
    except DossierError as error:
        return _answer(request, dossier, status=_http_status(error), error=error.message,
                       component_pk=component.pk, next_url=next_url)  # fmt: skip
    message = _("Đã tải lên “%(name)s”. “%(name)s” uploaded.") % {"name": attachment.original_name}
    return _answer(request, dossier, message=message, next_url=next_url)


def _too_large(request: HttpRequest, dossier: Dossier, component: DossierComponent | None = None,
               next_url: str = "") -> HttpResponse:  # fmt: skip
    limit = {"limit": filesizeformat(upload_rules().max_bytes)}
    error = _("Tệp lớn hơn %(limit)s cho phép. The file is larger than the %(limit)s allowed.")
    error %= limit
    return _answer(request, dossier, status=413, error=error, next_url=next_url,
                   component_pk=component.pk if component else None)  # fmt: skip


@login_required
@require_POST
def result_reuse_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a result from the applicant's document store to a component:
    4xx, nothing kept, for a result about someone else; another's result is a 404."""
    dossier = _own_dossier(request, pk)
    next_url = _next_url(request, dossier)
    result_pk = key_or_none(request.POST.get("result", ""))
    result = get_object_or_404(results_of(user=request.user), pk=result_pk or 0)
    component = _component(dossier, request.POST.get("component", ""))
    if component is None:
        return _answer(request, dossier, status=400, next_url=next_url,
                       error=_("Không có giấy tờ này. Unknown document."))  # fmt: skip
    try:
        attachment = result_reuse(dossier=dossier, component=component, result=result,
                                  by=request.user)  # fmt: skip
    except DossierError as error:
        return _answer(request, dossier, status=_http_status(error), error=error.message,
                       component_pk=component.pk, next_url=next_url)  # fmt: skip
    message = _(
        "Đã dùng “%(name)s” từ kho giấy tờ của bạn. “%(name)s” used from your document store."
    ) % {"name": attachment.original_name}
    return _answer(request, dossier, message=message, next_url=next_url)


@login_required
@require_POST
def attachment_remove_view(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """The applicant takes a file back: any of a draft, one uploaded for the
    supplement request still waiting (dossiers.attachments.attachment_remove)."""
    dossier = _own_dossier(request, pk)
    attachment = get_object_or_404(Attachment, dossier=dossier, pk=attachment_pk)
    next_url = _next_url(request, dossier)
    try:
        attachment_remove(attachment=attachment, by=request.user)
    except DossierError as error:
        return _answer(request, dossier, status=_http_status(error), error=error.message,
                       component_pk=attachment.component_id, next_url=next_url)  # fmt: skip
    message = _("Đã xóa “%(name)s”. “%(name)s” removed.") % {"name": attachment.original_name}
    return _answer(request, dossier, message=message, next_url=next_url)


def _ascii_fallback(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = folded.encode("ascii", "ignore").decode("ascii")
    ascii_name = "".join(char if char.isprintable() and char not in '"\\' else "_"
                         for char in ascii_name).strip()  # fmt: skip
    return ascii_name or "tep"


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """The file, to whoever may see the dossier (a draft's only to its
    applicant); to anyone else a 404, as if it did not exist. Served as a
    download of the type its content showed, under the applicant's name."""
    dossier = _visible_dossier(request, pk)
    attachment = get_object_or_404(Attachment, dossier=dossier, pk=attachment_pk)
    if ended := authorisation_ended_page(request, dossier):
        return ended  # its applicant's right to act for the subject ended
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error("Attachment %s of dossier %s is missing from storage", attachment.pk, pk)
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type)
    name = attachment.original_name
    response["Content-Disposition"] = (
        f"attachment; filename=\"{_ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
