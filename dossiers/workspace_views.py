"""The official workspace's pages: the unit's queue and the dossier view with
its actions. Thin: parse, call a service in dossiers/workspace.py, render.
Citizens get a 403; another unit's dossier is a 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from datasources.exceptions import DataAccessError
from dossiers import eforms, result_terms, results, right_to_act, signing, verification, workspace
from dossiers.concerned import concerned_person_shown
from dossiers.evidence import components_status
from dossiers.exceptions import DossierError, TransitionRefused
from dossiers.history import FEE_PAID, history_in_words
from dossiers.models import Dossier, DossierStatus, PrefillSource
from dossiers.signature_preview import signature_previewable
from dossiers.stale_pages import seen_state_parse
from dossiers.states import NATIONAL_STATUS_CODES, TRANSITIONS, allowed_actions
from dossiers.states import status_history_national as national_history
from dossiers.workspace_forms import (
    REASON_MAX_LENGTH,
    ActionForm,
    AssignForm,
    BulkForm,
    QueueFilterForm,
    RefetchForm,
    VerifyForm,
)
from dossiers.workspace_selectors import (
    ALL_STATUSES,
    WORKSPACE_ROLES,
    QueueFilters,
    deadline_state,
    dossiers_to_sign,
    due_soon_limit,
    queue_procedures,
    queue_spans_units,
    status_counts,
    unit_dossiers,
    unit_officials,
    unit_staff,
    workspace_queue,
)

PAGE_SIZE = 25

# The moves that cannot be undone, and the question each asks first: in the
# page's dialog (data-confirm, static/portal/page.js), or, without JavaScript,
# on a page of its own the server answers a move sent unconfirmed with.
CONFIRM_QUESTIONS = {
    "approve": gettext_lazy(
        "Sign and approve this dossier? Its result is issued now in your name, and the "
        "decision cannot be undone."
    ),
    "not_resolve": gettext_lazy(
        "Sign the refusal of this dossier, for the reason proposed? The refusal notice is "
        "issued now in your name, the applicant is told, and the decision cannot be undone."
    ),
    "send_back_for_review": gettext_lazy(
        "Send this dossier back to the official with the reason given? It goes back into "
        "processing, and no result is issued."
    ),
    "return_result": gettext_lazy(
        "Return the result now, in the way chosen? This cannot be undone."
    ),
    # Asked from the supplement panel (dossiers.supplement_views), its form's own question.
    "request_supplement": gettext_lazy(
        "Send this supplement request? A dossier is asked for a supplement only once: the "
        "applicant is told at once and the processing time stops until they answer."
    ),
}
# Sent with such a move once the official has confirmed it: by page.js when
# the dialog is confirmed, by the confirmation page's own form otherwise.
CONFIRMED_FIELD = "confirmed"


def reason_too_long() -> str:
    return _("Lý do dài quá %(limit)d ký tự. The reason is longer than %(limit)d characters.") % {
        "limit": REASON_MAX_LENGTH
    }


def workspace_staff(view: Callable) -> Callable:
    """Logged in, and an official or a leader; anyone else gets a 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.role not in WORKSPACE_ROLES:
            return render(request, "403.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _unit_dossier(request: HttpRequest, pk: int) -> Dossier:
    return get_object_or_404(
        unit_dossiers(user=request.user).select_related("form", "assigned_to", "prefill", "agency"),
        pk=pk,
    )


@require_GET
@workspace_staff
def queue(request: HttpRequest) -> HttpResponse:
    """The unit's dossiers, filtered and paged; the filters refresh the list live
    (HTMX) and work as a plain GET form without JavaScript."""
    return _queue_page(request, request.GET)


def _queue_page(request: HttpRequest, params: QueryDict, status: int = 200) -> HttpResponse:
    form = QueueFilterForm(params or None, procedures=queue_procedures(user=request.user))
    refused, widen_query = "", ""
    if params and not form.is_valid():
        # Said in the list itself, which HTMX swaps in: the page around it stays.
        refused = _("Bộ lọc không hợp lệ. The filters are not valid.")
        status = 400
        dossiers = unit_dossiers(user=request.user).none()
    else:
        filters = form.filters() if form.is_bound else QueueFilters()
        dossiers = workspace_queue(user=request.user, filters=filters)
        if filters.search is not None and not filters.status:
            # A search that finds nothing still to handle offers the closed dossiers too.
            widen_query = urlencode(
                [(k, v) for k, v in params.items() if k not in ("page", "status") and v]
                + [("status", ALL_STATUSES)]
            )
    page = Paginator(dossiers, PAGE_SIZE).get_page(params.get("page"))
    today = timezone.localdate()
    soon = due_soon_limit(today)
    rows = [(d, deadline_state(d, today=today, soon=soon)) for d in page.object_list]
    query = urlencode([(k, v) for k, v in params.items() if k != "page" and v])
    counts = status_counts(user=request.user)
    context = {
        "form": form, "page": page, "rows": rows, "query": query,
        "page_url": reverse("workspace:queue"),  # also when drawn in answer to a bulk post
        "counts": [(value, label, counts.get(value, 0)) for value, label in DossierStatus.choices
                   if value != DossierStatus.DRAFT],
        "total": sum(counts.values()),
        "several_units": queue_spans_units(user=request.user),
        "refused": refused, "widen_query": widen_query,
        "to_sign": dossiers_to_sign(user=request.user),
        "bulk_actions": workspace.bulk_actions_for(request.user),
    }  # fmt: skip
    template = "dossiers/workspace/queue.html"
    # Only the filters' own request gets the list alone: htmx restoring a page
    # it no longer holds (Back) sends HX-Request without a target, and wants it whole.
    if request.htmx and request.htmx.target == "queue-results":
        template = "dossiers/workspace/queue_results.html"
    response = render(request, template, context, status=status)
    # The pushed address serves both: the browser must not show the list it
    # cached for the filters when Back or a reload asks for that address.
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@require_POST
@workspace_staff
def bulk(request: HttpRequest) -> HttpResponse:
    """Receive, or take, the selected dossiers: each where lawful, a message for each refusal."""
    form = BulkForm(request.POST)
    back = QueryDict(request.POST.get("query", ""))
    if not form.is_valid():
        messages.error(
            request,
            _("Hãy chọn hồ sơ và thao tác. Select dossiers and an action."),
        )
        # The queue again, as it was filtered, where the official can tick and retry.
        return _queue_page(request, back, status=400)
    chosen = unit_dossiers(user=request.user).filter(pk__in=form.cleaned_data["dossiers"])
    try:
        outcomes = workspace.dossiers_bulk(
            dossiers=chosen.order_by("id"), action=form.cleaned_data["action"], by=request.user
        )
    except workspace.LeaderNotAssignable as error:  # a move the queue does not offer them
        messages.error(request, error.message)
        return _queue_page(request, back, status=400)
    done = sum(1 for outcome in outcomes if outcome.done)
    if done:
        messages.success(request, _("%(n)d dossier(s) done.") % {"n": done})
    for outcome in outcomes:
        if not outcome.done:
            messages.error(request, f"{outcome.dossier.reference}: {outcome.message}")
    missing = len(form.cleaned_data["dossiers"]) - len(outcomes)
    if missing:
        messages.error(
            request,
            _("%(n)d hồ sơ không thuộc đơn vị của bạn. %(n)d dossier(s) are not of your unit.")
            % {"n": missing},
        )
    query = back.urlencode()
    return redirect(
        f"{reverse('workspace:queue')}?{query}" if query else reverse("workspace:queue")
    )


def _reason_asked(action: str) -> bool:
    """Whether the page asks a reason for the move: a refusal is signed with the
    reason it was proposed with (dossiers.signing), not one typed by the leader."""
    return TRANSITIONS[action].reason_required and action != "not_resolve"


def result_warnings(dossier: Dossier, fields: list | None = None) -> list[str]:
    """The warnings to the official and the leader that a verified source value
    contradicts the result as asked (dossiers.result_terms)."""
    found = result_terms.result_contradictions(dossier=dossier, fields=fields)
    return [str(item.rule.official_warning) for item in found if item.asked]


def _dossier_context(request: HttpRequest, dossier: Dossier, **extra) -> dict:
    actions = [
        (action, _reason_asked(action), CONFIRM_QUESTIONS.get(action, ""))
        for action in allowed_actions(dossier=dossier, user=request.user)
        if action in workspace.WORKSPACE_ACTIONS
    ]
    # The status each move reached, as the national portal codes it; and, for
    # the payment of a fee, how it was paid (the other moves' words speak to the applicant).
    events = [
        (
            event,
            NATIONAL_STATUS_CODES.get(event.to_status),
            words if event.action == FEE_PAID else "",
        )
        for event, words in history_in_words(dossier=dossier)
    ]
    sources = list(PrefillSource.objects.filter(snapshot__dossier=dossier).exclude(fields=[]))
    verifications = list(dossier.verifications.select_related("verified_by", "component"))
    components = components_status(dossier=dossier, verifications=verifications)
    right_checks = list(dossier.right_checks.select_related("verified_by"))
    # The history: the moves, and the components verified from their source, and the
    # right to act read again, in time order.
    history = sorted(
        [(event.at, event, national, words, None) for event, national, words in events]
        + [(v.verified_at, None, None, verification.verification_words(v, v.component.name), v)
           for v in verifications]
        + [(c.verified_at, None, None, right_to_act.right_check_words(c), c)
           for c in right_checks],
        key=lambda line: line[0],
    )  # fmt: skip
    today = timezone.localdate()
    # Sent back by the leader: the official reads why before proposing it again.
    last = events[-1][0] if events else None
    back = last is not None and last.action == "send_back_for_review"
    if not back or dossier.status != DossierStatus.IN_PROCESSING:
        last = None
    # Awaiting signature: what the leader is to sign, and for a refusal why.
    proposal = next(
        (event for event, _n, _w in reversed(events) if event.action in signing.PROPOSALS), None
    )
    context = {
        "dossier": dossier,
        "sent_back": last,
        "proposal": proposal if dossier.status == DossierStatus.AWAITING_SIGNATURE else None,
        # The leader who may sign it reads first what their signature would issue.
        "signature_preview": signature_previewable(dossier=dossier, user=request.user),
        "deadline": deadline_state(dossier, today=today, soon=due_soon_limit(today)),
        "fields": (fields := eforms.form_fields(dossier=dossier)),
        # A result as asked that a verified source value contradicts: said above all.
        "result_warnings": result_warnings(dossier, fields),
        "components": components,
        # Verified from the source only while the unit works the dossier.
        "can_verify": dossier.status in verification.VERIFY_STATUSES and bool(actions),
        "unverified_required": [c for c in components if c.to_verify and c.required],
        "any_to_verify": any(c.to_verify for c in components),
        "events": events,
        "history": history,
        "actions": actions,
        # Said before the official tries: the unit has no leader to sign a proposal.
        "proposal_blocked": signing.proposal_blocked(dossier=dossier, user=request.user),
        "assign_form": AssignForm(
            officials=unit_officials(dossier=dossier), initial={"to": dossier.assigned_to_id}
        ),
        "sources": sources,
        # Whom else the dossier concerns (the deceased), by name, not only by record number.
        "concerned": concerned_person_shown(dossier),
        "comparison": None,
        **right_to_act.page_context(right_checks, allowed=[a for a, _r, _q in actions]),
    }
    context.update(extra)
    return context


@require_GET
@workspace_staff
def dossier_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier as the official checks it: values with their provenance,
    evidence per component, uploads, history, and the moves allowed now."""
    dossier = _unit_dossier(request, pk)
    return render(request, "dossiers/workspace/dossier.html", _dossier_context(request, dossier))


def _refused(request: HttpRequest, dossier: Dossier, message: str, status: int) -> HttpResponse:
    messages.error(request, message)
    return render(request, "dossiers/workspace/dossier.html", _dossier_context(request, dossier),
                  status=status)  # fmt: skip


def confirmation_page(request: HttpRequest, dossier: Dossier, *, question: str, action_url: str,
                      details: list[tuple[str, str, str]] = ()) -> HttpResponse:  # fmt: skip
    """The question a dialog asks, as a page of its own, with `details` of
    what will be sent (label, value, test id): its form sends the move again to
    `action_url` with every field the official's form sent (what the page
    showed, the way back) and the confirmation. Nothing has changed yet."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED_FIELD)
        for value in values
    ]
    context = {
        "dossier": dossier,
        "question": question,
        "signature_preview": signature_previewable(dossier=dossier, user=request.user),
        "result_warnings": result_warnings(dossier),
        "fields": fields,
        "confirmed_field": CONFIRMED_FIELD,
        "action_url": action_url,
        "details": details,
    }
    return render(request, "dossiers/workspace/confirm_action.html", context)


def _confirmation(request: HttpRequest, dossier: Dossier, action: str) -> HttpResponse:
    """The question the dialog asks before a move of the dossier's page."""
    how = request.POST.get("how") if action == "return_result" else None
    details = (
        [(_("How the result is returned"), results.ReturnChannel(how).label, "how")]
        if how in results.ReturnChannel.values
        else []
    )
    if how == results.ReturnChannel.POST:
        details.append((_("Postal tracking number"), request.POST.get("tracking_number", ""),
                        "tracking-number"))  # fmt: skip
    return confirmation_page(request, dossier, question=CONFIRM_QUESTIONS[action],
                             action_url=reverse("workspace:act", args=[dossier.pk]),
                             details=details)  # fmt: skip


@require_POST
@workspace_staff
def dossier_action(request: HttpRequest, pk: int) -> HttpResponse:
    """One move: 400 for a malformed request, 409 when the move is not lawful now.
    A move that cannot be undone, sent without its confirmation (the page's
    dialog needs JavaScript), is answered with a page that asks it (200)."""
    dossier = _unit_dossier(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        if "action" not in form.errors:  # a known move, its reason over the limit
            return _refused(request, dossier, reason_too_long(), 400)
        return _refused(request, dossier, _("Thao tác không hợp lệ. Unknown action."), 400)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"].strip()
    if _reason_asked(action) and not reason:
        return _refused(request, dossier, _("Cần nêu lý do. A reason is required."), 400)
    try:
        # What the page showed: a move from a page a colleague has overtaken is a 409.
        seen = seen_state_parse(request.POST)
    except DossierError as error:
        return _refused(request, dossier, error.message, 400)
    if (
        action in CONFIRM_QUESTIONS
        and request.POST.get(CONFIRMED_FIELD) != "1"
        # A move the page would not offer now is refused by its service at once.
        and action in allowed_actions(dossier=dossier, user=request.user)
    ):
        return _confirmation(request, dossier, action)
    try:
        # The services re-read the dossier under its lock: confirm the status they left.
        if action == "approve":  # the leader's signature issues the electronic result
            dossier = results.dossier_approve_with_result(
                dossier=dossier, by=request.user, seen=seen
            ).dossier
        elif action == "propose_approval":  # the unit's leader is told it awaits signature
            signing.dossier_propose_approval(
                dossier=dossier, by=request.user, note=reason, seen=seen
            )
        elif action == "propose_not_resolve":  # the leader signs the refusal, or not
            signing.dossier_propose_not_resolve(
                dossier=dossier, by=request.user, reason=reason, seen=seen
            )
        elif action == "not_resolve":  # the leader's signature issues the refusal notice
            signing.dossier_not_resolve_signed(dossier=dossier, by=request.user, seen=seen)
        elif action == "send_back_for_review":  # the official is told why
            signing.dossier_send_back(dossier=dossier, by=request.user, reason=reason, seen=seen)
        elif action == "return_result":
            # Left out, the way the applicant chose, or online (results.return_way).
            dossier = results.result_return(
                dossier=dossier, by=request.user, how=request.POST.get("how") or None,
                tracking_number=request.POST.get("tracking_number", ""), seen=seen,
            )  # fmt: skip
        else:
            workspace.dossier_act(
                dossier=dossier, action=action, by=request.user, reason=reason, seen=seen
            )
    except TransitionRefused as error:
        return _refused(request, dossier, error.message, 409)
    except DossierError as error:  # the request itself is wrong (an unknown way to return)
        return _refused(request, dossier, error.message, 400)
    messages.success(request, _move_done(dossier.status))
    return redirect("workspace:dossier", pk=dossier.pk)


def _move_done(status: str) -> str:
    """The move done, in Vietnamese then English, each half naming the status in
    its own language: the message is read on the next page, in whatever
    language that page is, as the other notices are."""
    label = DossierStatus(status).label
    with translation.override("vi"):
        vietnamese = _("Done: %(status)s.") % {"status": label}
    with translation.override("en"):
        english = _("Done: %(status)s.") % {"status": label}
    return f"{vietnamese} {english}"


@require_POST
@workspace_staff
def dossier_assign(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _unit_dossier(request, pk)
    # A leader named is refused by the service, which says why, rather than as unknown.
    form = AssignForm(request.POST, officials=unit_staff(dossier=dossier))
    if not form.is_valid():
        return _refused(
            request, dossier,
            _("Chỉ phân công cho cán bộ của đơn vị tiếp nhận hồ sơ. "
              "A dossier can be assigned only to an official of its unit."),
            400,
        )  # fmt: skip
    try:
        seen = seen_state_parse(request.POST)
    except DossierError as error:
        return _refused(request, dossier, error.message, 400)
    try:
        workspace.dossier_assign(
            dossier=dossier, to=form.cleaned_data["to"], by=request.user, seen=seen
        )
    except workspace.LeaderNotAssignable as error:
        return _refused(request, dossier, error.message, 400)
    except DossierError as error:  # closed, or taken or moved on since the page was opened
        return _refused(request, dossier, error.message, 409)
    messages.success(request, _("Assigned."))
    return redirect("workspace:dossier", pk=dossier.pk)


@require_POST
@workspace_staff
def source_refetch(request: HttpRequest, pk: int) -> HttpResponse:
    """Read a source again for this dossier, then show it next to the snapshot
    on its own page (a 303 to it), so that reloading reads nothing again. A
    refusal (no such source for the dossier, the source unreachable) is a 400
    on the dossier's page, saying why; nothing is read."""
    dossier = _unit_dossier(request, pk)
    form = RefetchForm(request.POST)
    if not form.is_valid():
        return _refused(request, dossier, _("Chọn một nguồn dữ liệu. Choose a source."), 400)
    try:
        refetch = workspace.source_refetch(
            dossier=dossier, source=form.cleaned_data["source"], by=request.user
        )
    except (DossierError, DataAccessError) as error:
        return _refused(request, dossier, error.message, 400)
    comparison = reverse("workspace:refetch-comparison", args=[dossier.pk, refetch.pk])
    # Straight to the comparison, far down the page, instead of the top with no sign of it.
    see_other = redirect(f"{comparison}#comparison")
    see_other.status_code = 303  # the browser GETs the page; a reload posts nothing
    return see_other


@require_POST
@workspace_staff
def component_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Verify a component awaiting it from its source, then back to the dossier's
    page (a 303) showing the evidence now kept. A malformed request is a 400, a
    component or dossier that cannot be verified now a 409, a source that did
    not answer a 503: each on the dossier's page, saying why; nothing recorded."""
    dossier = _unit_dossier(request, pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, dossier, _("Chọn một thành phần hồ sơ. Choose a dossier component."), 400
        )
    try:
        seen = seen_state_parse(request.POST)
    except DossierError as error:
        return _refused(request, dossier, error.message, 400)
    try:
        verified = verification.component_verify(
            dossier=dossier, component_id=form.cleaned_data["component"], by=request.user,
            seen=seen,
        )  # fmt: skip
    except verification.SourceNotAnswering as error:
        return _refused(request, dossier, error.message, 503)
    except TransitionRefused as error:  # not awaiting it, the status, a stale page
        return _refused(request, dossier, error.message, 409)
    except (DossierError, DataAccessError) as error:
        return _refused(request, dossier, error.message, 400)
    messages.success(request, verification.verification_words(verified, verified.component.name))
    see_other = redirect(
        f"{reverse('workspace:dossier', args=[dossier.pk])}#component-{verified.component_id}"
    )
    see_other.status_code = 303
    return see_other


@require_GET
@workspace_staff
def refetch_comparison(request: HttpRequest, pk: int, refetch_pk: int) -> HttpResponse:
    """The dossier's page with a kept re-read next to the snapshot: drawn from
    what was stored, no source is read. Another unit's dossier is a 404."""
    dossier = _unit_dossier(request, pk)
    refetch = get_object_or_404(dossier.refetches.select_related("read_by"), pk=refetch_pk)
    comparison = workspace.refetch_comparison(refetch=refetch)
    context = _dossier_context(request, dossier, comparison=comparison)
    return render(request, "dossiers/workspace/dossier.html", context)


@require_GET
@workspace_staff
def national_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The status history in the National Public Service Portal's vocabulary."""
    dossier = _unit_dossier(request, pk)
    return JsonResponse(
        {"code": dossier.code, "history": national_history(dossier=dossier)},
        json_dumps_params={"ensure_ascii": False},
    )
