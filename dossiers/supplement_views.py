"""The supplement request and data gaps from the official's dossier view, and
the answer: the applicant's online, or the one they bring to the desk, which
the official receives (dossiers.counter_supplements). Every write goes through
dossiers.supplement_requests, dossiers.data_gaps and dossiers.supplement_answers;
a refusal crafted past the page's lawful choices is answered 409 with the
domain's message (and was recorded there as a compliance event); so is a
request the dossier's state no longer allows (another official's request
won), and a malformed one is a 400: never a redirect that hides the refusal."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from datasources.exceptions import DataAccessError, LookupDenied, SourceUnavailable
from dossiers import counter_supplements, data_gaps, supplement_answers, supplement_requests
from dossiers.exceptions import (
    DossierError,
    ReplacedByData,
    SupplementAlreadyRequested,
    TransitionRefused,
    UploadTooLarge,
    UploadTypeRefused,
)
from dossiers.models import DossierStatus, SupplementRequest
from dossiers.selectors import dossiers_visible_to
from dossiers.stale_pages import seen_state_parse
from dossiers.states import allowed_actions
from dossiers.workspace_forms import REASON_MAX_LENGTH
from dossiers.workspace_selectors import unit_dossiers
from dossiers.workspace_views import (
    CONFIRM_QUESTIONS,
    CONFIRMED_FIELD,
    confirmation_page,
    reason_too_long,
)
from portal.accounts.models import Role
from portal.core.keys import key_or_none, keys
from procedures.models import DossierComponent

logger = logging.getLogger(__name__)

_OFFICIAL_ROLES = (Role.OFFICIAL, Role.LEADER)
SUPPLEMENT_QUESTION = CONFIRM_QUESTIONS["request_supplement"]


def _official_dossier(request: HttpRequest, pk: int):
    """A submitted dossier of the official's units; a draft (still the applicant's),
    another unit's dossier, or a citizen asking, gets a 404."""
    if request.user.role not in _OFFICIAL_ROLES:
        raise Http404
    return get_object_or_404(unit_dossiers(user=request.user).select_related("form"), pk=pk)


def _back(request: HttpRequest, dossier) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("supplements:panel", pk=dossier.pk)


def _refused(request: HttpRequest, dossier, error, status: int) -> HttpResponse:
    return render(
        request, "dossiers/supplements/refused.html",
        {"dossier": dossier, "error": error.message, "next": request.POST.get("next", "")},
        status=status,
    )  # fmt: skip


@login_required
@require_GET
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The supplement panel on a page of its own."""
    dossier = _official_dossier(request, pk)
    return render(request, "dossiers/supplements/panel_page.html", {"dossier": dossier})


def _unconfirmed(request: HttpRequest, dossier) -> bool:
    """A request the page's dialog did not confirm (no JavaScript), while one
    may be made: asked on a page of its own. One not possible now goes on to be refused."""
    return (
        request.POST.get(CONFIRMED_FIELD) != "1"
        and "request_supplement" in allowed_actions(dossier=dossier, user=request.user)
        and not SupplementRequest.objects.filter(dossier=dossier).exists()
    )


@login_required
@require_POST
def supplement_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The request: 400 for a malformed one, 409 for one the once-only rule or
    the dossier's state refuses. Sent without its confirmation, it is answered
    with a page that asks it (200), once the request itself passes; nothing is done yet."""
    dossier = _official_dossier(request, pk)
    components = list(
        DossierComponent.objects.filter(pk__in=keys(request.POST.getlist("components")))
    )
    if len(request.POST.get("reason", "")) > REASON_MAX_LENGTH:
        return _refused(request, dossier, DossierError(reason_too_long()), status=400)
    try:
        seen = seen_state_parse(request.POST)  # what the page showed
    except DossierError as error:
        return _refused(request, dossier, error, status=400)
    try:
        if _unconfirmed(request, dossier):
            components = supplement_requests.supplement_request_check(
                dossier=dossier, by=request.user, components=components,
                reason=request.POST.get("reason", ""),
            )  # fmt: skip
            ordered = sorted(components, key=lambda component: (component.position, component.pk))
            details = [
                (_("Documents to provide"), "; ".join(c.name for c in ordered), "components"),
                (_("Reason"), request.POST.get("reason", "").strip(), "reason"),
            ]
            return confirmation_page(
                request, dossier, question=SUPPLEMENT_QUESTION, details=details,
                action_url=reverse("supplements:request", args=[dossier.pk]),
            )  # fmt: skip
        supplement_requests.supplement_request(
            dossier=dossier, by=request.user, components=components,
            reason=request.POST.get("reason", ""), seen=seen,
        )  # fmt: skip
    except ReplacedByData as error:
        # Only a crafted request reaches here: the panel never offers these.
        logger.warning("Supplement request refused by the once-only rule: dossier %s", dossier.pk)
        return _refused(request, dossier, error, status=409)
    except (TransitionRefused, SupplementAlreadyRequested) as error:
        return _refused(request, dossier, error, status=409)
    except DossierError as error:
        return _refused(request, dossier, error, status=400)
    messages.success(
        request,
        _("Đã gửi yêu cầu bổ sung cho người nộp. The supplement request was sent to the "
          "applicant."),
    )  # fmt: skip
    return _back(request, dossier)


@login_required
@require_POST
def data_gap_view(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _official_dossier(request, pk)
    component = DossierComponent.objects.filter(
        procedure_id=dossier.procedure_id,
        pk__in=keys([request.POST.get("component", "")]),
    ).first()
    if component is None:
        error = DossierError(_("Không có giấy tờ này. Unknown document."))
        return _refused(request, dossier, error, status=400)
    try:
        data_gaps.data_gap_record(
            dossier=dossier, component=component, by=request.user,
            evidence=request.POST.get("evidence", ""),
        )  # fmt: skip
    except TransitionRefused as error:
        return _refused(request, dossier, error, status=409)
    except SourceUnavailable as error:  # the owner's value could not be read: try again later
        return _refused(request, dossier, error, status=503)
    except LookupDenied as error:
        return _refused(request, dossier, error, status=403)
    except (DossierError, DataAccessError) as error:
        return _refused(request, dossier, error, status=400)
    messages.success(
        request,
        _("Đã ghi nhận thiếu dữ liệu và gửi yêu cầu điều chỉnh đến cơ quan chủ quản. The data "
          "gap was recorded and a correction request sent to the database owner."),
    )  # fmt: skip
    return _back(request, dossier)


def _scans(request: HttpRequest) -> dict[int, list]:
    """The scans sent, per component pk (a field `scan-<pk>` each).
    Raises DossierError for a file sent in any other field."""
    scans = {}
    for name, files in request.FILES.lists():
        prefix, _dash, raw = name.partition("-")
        key = key_or_none(raw) if prefix == "scan" else None
        if key is None:
            raise DossierError(_("Không có giấy tờ này. Unknown document."))
        scans[key] = files
    return scans


# A scan refused for what it is, as an upload online is.
_UPLOAD_STATUS = ((UploadTooLarge, 413), (UploadTypeRefused, 415), (TransitionRefused, 409))


def _desk_unconfirmed(request: HttpRequest, dossier) -> bool:
    """A receipt at the desk sent unconfirmed while a supplement waits. It cannot
    be undone, so the official confirms first: in the page's dialog, or, without
    JavaScript, with the form's own checkbox, since a confirmation page could
    not send the scans again. One not possible now goes on to be refused."""
    return (
        request.POST.get(CONFIRMED_FIELD) != "1"
        and dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
        and supplement_answers.supplement_open(dossier=dossier) is not None
    )


@login_required
@require_POST
def received_at_desk(request: HttpRequest, pk: int) -> HttpResponse:
    """The supplement the applicant brought to the desk, received by the
    official: 400 when it is not confirmed, an item asked has nothing for it or
    something not asked is sent, 413 or 415 for a scan refused, 409 when no
    supplement waits or the page is out of date; nothing is kept then."""
    dossier = _official_dossier(request, pk)
    if _desk_unconfirmed(request, dossier):
        error = DossierError(
            _("Hãy xác nhận đã kiểm tra giấy tờ người nộp mang đến: nhận hồ sơ bổ sung không "
              "hoàn tác được. Confirm that you checked what the applicant handed in: receiving "
              "the supplement cannot be undone.")
        )  # fmt: skip
        return _refused(request, dossier, error, status=400)
    try:
        seen = seen_state_parse(request.POST)
        counter_supplements.supplement_receive_at_desk(
            dossier=dossier, by=request.user, scans=_scans(request),
            papers_seen=keys(request.POST.getlist("paper_seen")), seen=seen,
        )  # fmt: skip
    except DossierError as error:
        status = next((code for kind, code in _UPLOAD_STATUS if isinstance(error, kind)), 400)
        return _refused(request, dossier, error, status=status)
    messages.success(
        request,
        _("Đã nhận hồ sơ bổ sung tại Bộ phận tiếp nhận và trả kết quả. The supplement was "
          "received at the one-stop desk."),
    )  # fmt: skip
    return redirect("workspace:dossier", pk=dossier.pk)


def _own_dossier(request: HttpRequest, pk: int):
    return get_object_or_404(
        dossiers_visible_to(user=request.user).filter(applicant=request.user), pk=pk
    )


@login_required
@require_GET
def asked(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's view of what was asked, with the way to answer (under
    their dossier, /dossiers/<pk>/supplement/)."""
    dossier = _own_dossier(request, pk)
    return render(request, "dossiers/supplements/asked.html", {"dossier": dossier})


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _own_dossier(request, pk)
    try:
        supplement_answers.supplement_answer(dossier=dossier, by=request.user)
    except DossierError as error:
        # What was asked, again, with why it cannot be sent yet: an item
        # without a new file (400), or nothing asked any more (409).
        messages.error(request, error.message)
        status = 409 if isinstance(error, TransitionRefused) else 400
        return render(request, "dossiers/supplements/asked.html", {"dossier": dossier},
                      status=status)  # fmt: skip
    messages.success(request, supplement_answers.supplement_answered_notice(dossier=dossier))
    return redirect("dossiers:track", pk=dossier.pk)


# The applicant's pages were once under /workspace/supplements/: the links in
# notifications already sent lead there. Whoever follows one is scoped at the
# new address (another citizen's dossier is a 404 there, as it was here).


@require_GET
def asked_moved(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect("dossiers:supplement", pk=pk, permanent=True)


@require_POST
def answer_moved(request: HttpRequest, pk: int) -> HttpResponse:
    """A 308: the browser sends the answer again, as it was, to its new address."""
    return redirect("dossiers:supplement-answer", pk=pk, permanent=True, preserve_request=True)
