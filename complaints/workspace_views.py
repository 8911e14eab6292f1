"""The handlers' pages: complaints routed to the agencies a member of staff
sees, each with the linked dossier's history, and the lawful next steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from complaints import disclosure, handling, impartiality, routing, services, violations
from complaints.exceptions import ComplaintError, ComplaintInvalid, ComplaintTransitionRefused
from complaints.forms import ComplaintQueueForm
from complaints.models import Complaint, ComplaintCategory, ComplaintOutcome
from complaints.selectors import (
    ComplaintQueueFilters,
    complaint_assignees,
    complaint_queue,
    officials_of_complaint_unit,
)
from complaints.states import allowed
from datasources import registry
from datasources.exceptions import DataAccessError
from dossiers.workspace_views import CONFIRMED_FIELD
from portal.accounts.models import Role, User
from portal.accounts.selectors import agencies_visible_to
from portal.audit.models import ComplianceEvent
from portal.core.keys import Keyed, key_or_none, keyed_or_none
from portal.core.vietnamese import vietnamese_order

PAGE_SIZE = 25
NO_SUCH_OFFICIAL = gettext_lazy(
    "Chọn một cán bộ trong danh sách. Choose an official from the list."
)
NO_SUCH_AGENCY = gettext_lazy("Chọn một cơ quan trong danh sách. Choose an agency from the list.")
NO_SUCH_VIOLATION = gettext_lazy(
    "Không có vi phạm này trong các đơn vị bạn theo dõi. "
    "There is no such violation in the units you oversee."
)
NOT_WAITING_FOR_REVIEW = gettext_lazy(
    "Phản ánh này không còn chờ xem xét để công khai (có thể vừa được người khác xem xét). "
    "This complaint is no longer waiting for review (someone may have just reviewed it)."
)
# The question the page's dialog asks before a conclusion (it cannot be undone:
# the reporter is told, the answer goes to disclosure), which a browser without
# JavaScript gets instead as a page of its own (as the dossier workspace's moves).
CONCLUDE_QUESTION = gettext_lazy(
    "Conclude the complaint and send this answer? The reporter is told at once and the "
    "answer is published without personal data."
)
# The complaint page's inputs that show their own refusal next to them.
FIELDS_ON_PAGE = frozenset({
    "official", "question", "outcome", "official_responsible", "response", "category", "unit",
    "agency", "reason",
})  # fmt: skip


def _handler_only(request: HttpRequest) -> HttpResponse | None:
    if request.user.role not in handling.HANDLER_ROLES:
        return render(request, "403.html", status=403)
    return None


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if refusal := _handler_only(request):
        return refusal
    form = ComplaintQueueForm(request.GET or None)
    refused, status = "", 200
    if form.is_bound and not form.is_valid():
        refused = _("Bộ lọc không hợp lệ. The filters are not valid.")
        complaints, status = Complaint.objects.none(), 400
    else:
        filters = form.filters() if form.is_bound else ComplaintQueueFilters()
        complaints = complaint_queue(user=request.user, filters=filters)
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "form": form, "refused": refused,
               "query": query.urlencode(), "today": timezone.localdate()}  # fmt: skip
    return render(request, "complaints/workspace/queue.html", context, status=status)


def _handled(request: HttpRequest, code: str):
    return get_object_or_404(
        handling.complaints_handled_by(user=request.user).select_related(
            "unit", "responsible_agency", "assigned_to", "reporter", "procedure", "dossier"
        ),
        code=code,
    )


def _chosen(choices: QuerySet[Keyed], raw: str | None, *, field: str,
            message: str | Promise) -> Keyed:  # fmt: skip
    """The object a form's choice names among those the user may choose; else
    ComplaintInvalid naming the field (a 400 next to it, not a 404)."""
    chosen = keyed_or_none(choices, raw)
    if chosen is None:
        raise ComplaintInvalid(str(message), field=field)
    return chosen


def _page(request: HttpRequest, complaint, *, error: str = "", field: str | None = None,
          status: int = 200) -> HttpResponse:  # fmt: skip
    dossier = complaint.dossier
    # Handling steps are offered to its handlers only: a leader above reads the complaint.
    handles = handling.may_handle(complaint=complaint, user=request.user)
    # One the complaint concerns is offered none of its steps (taking it up says why).
    concerned = handles and impartiality.is_concerned(complaint, request.user)
    context = {
        "error": error,
        # A refusal about one input is said next to it; any other above the page.
        "error_field": field if field in FIELDS_ON_PAGE else "",
        # What a refused step posted, shown again: a long answer typed is not lost.
        "posted": request.POST if error else {},
        "complaint": complaint,
        "events": complaint.events.select_related("actor"),
        "routings": complaint.routings.select_related("agency", "rule", "by"),
        "dossier_events": dossier.events.select_related("actor") if dossier else [],
        # What the workspace refused or recorded about the once-only rule for the dossier.
        "compliance_events": ComplianceEvent.objects.filter(reference=dossier.reference)
        if dossier else [],
        "officials": complaint_assignees(complaint=complaint),
        "unit_officials": officials_of_complaint_unit(complaint=complaint),
        "agencies": agencies_visible_to(user=request.user).order_by(vietnamese_order("name"), "id")
        if request.user.role == Role.CENTER_STAFF else [],
        "may_handle": handles and not concerned,
        "can": {action: handles and (action == "start" or not concerned)
                and allowed(complaint=complaint, action=action)
                for action in ("start", "ask_reporter", "conclude")},
        "outcomes": ComplaintOutcome.choices,
        "conclude_question": CONCLUDE_QUESTION,
        "categories": ComplaintCategory.choices,
        "sources": registry.all_sources(),
        "today": timezone.localdate(),
        # Taking it up is not offered to one it concerns, who would be refused: the page says why.
        "take_up_excluded": impartiality.take_up_excluded(complaint=complaint, user=request.user)
        if allowed(complaint=complaint, action="start") else "",
    }  # fmt: skip
    return render(request, "complaints/workspace/complaint.html", context, status=status)


@login_required
def complaint_view(request: HttpRequest, code: str) -> HttpResponse:
    if refusal := _handler_only(request):
        return refusal
    return _page(request, _handled(request, code))


@login_required
@require_POST
def complaint_act(request: HttpRequest, code: str) -> HttpResponse:
    """One handling step, named by `action`; refused ones say why and change nothing.
    A conclusion sent without its confirmation (the page's dialog needs
    JavaScript) is answered, once it passes, with a page that asks it (200)."""
    if refusal := _handler_only(request):
        return refusal
    complaint = _handled(request, code)
    action, post = request.POST.get("action", ""), request.POST
    try:
        if action == "start":
            handling.complaint_start(complaint=complaint, by=request.user)
        elif action == "assign":
            official = _chosen(User.objects.all(), post.get("official"), field="official",
                               message=NO_SUCH_OFFICIAL)  # fmt: skip
            handling.complaint_assign(complaint=complaint, official=official, by=request.user)
        elif action == "ask_reporter":
            handling.complaint_ask_reporter(complaint=complaint, by=request.user,
                                            question=post.get("question", ""))  # fmt: skip
        elif action == "conclude":
            responsible = (
                _chosen(User.objects.all(), post["official_responsible"],
                        field="official_responsible", message=NO_SUCH_OFFICIAL)
                if post.get("official_responsible") else None
            )  # fmt: skip
            conclusion = {"outcome": post.get("outcome", ""), "response": post.get("response", ""),
                          "official_responsible": responsible}  # fmt: skip
            if post.get(CONFIRMED_FIELD) != "1" and allowed(complaint=complaint, action="conclude"):
                # Unconfirmed (no JavaScript for the dialog): asked on a page of its own,
                # once the conclusion passes; one not possible now is refused at once.
                answer = handling.complaint_conclusion_check(
                    complaint=complaint, by=request.user, **conclusion
                )
                return _conclusion_confirmation(request, complaint, answer, responsible)
            handling.complaint_conclude(complaint=complaint, by=request.user, **conclusion)
        elif action == "correction":
            source, _colon, field = post.get("source_field", "").partition(":")
            handling.complaint_correction_open(
                complaint=complaint, by=request.user, source=source, field=field,
                note=post.get("note", ""),
            )  # fmt: skip
        elif action == "reclassify" and request.user.role == Role.CENTER_STAFF:
            unit = (
                _chosen(agencies_visible_to(user=request.user), post["unit"], field="unit",
                        message=NO_SUCH_AGENCY)
                if post.get("unit") else None
            )  # fmt: skip
            services.complaint_reclassify(
                complaint=complaint, by=request.user, category=post.get("category") or None,
                unit=unit,
            )  # fmt: skip
        elif action == "reroute" and request.user.role == Role.CENTER_STAFF:
            agency = _chosen(agencies_visible_to(user=request.user), post.get("agency"),
                             field="agency", message=NO_SUCH_AGENCY)  # fmt: skip
            routing.complaint_reroute(complaint=complaint, agency=agency, by=request.user,
                                      reason=post.get("reason", ""))  # fmt: skip
        else:
            return _page(request, complaint, error=_("Thao tác không hợp lệ. Unknown action."),
                         status=400)  # fmt: skip
    except ComplaintTransitionRefused as error:
        complaint.refresh_from_db()
        return _page(request, complaint, error=error.message, field=error.field, status=409)
    except (ComplaintError, DataAccessError) as error:
        complaint.refresh_from_db()
        return _page(request, complaint, error=error.message,
                     field=getattr(error, "field", None), status=400)  # fmt: skip
    messages.success(request, _("Đã cập nhật phản ánh %(code)s. Complaint %(code)s updated.")
                     % {"code": code})  # fmt: skip
    if (
        action == "reroute"
        and not handling.complaints_handled_by(user=request.user).filter(pk=complaint.pk).exists()
    ):
        return redirect("complaint-workspace:queue")
    return redirect("complaint-workspace:complaint", code=code)


def _conclusion_confirmation(request: HttpRequest, complaint, answer: str,
                             responsible: User | None) -> HttpResponse:  # fmt: skip
    """The dialog's question as a page: what will be sent, and a form that sends
    the conclusion again, every field the official's form sent and confirmed.
    Nothing has changed yet."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED_FIELD)
        for value in values
    ]
    context = {
        "complaint": complaint, "question": CONCLUDE_QUESTION, "fields": fields,
        "confirmed_field": CONFIRMED_FIELD,
        "outcome": ComplaintOutcome(request.POST.get("outcome")).label,
        "answer": answer, "responsible": responsible,
    }  # fmt: skip
    return render(request, "complaints/workspace/confirm_conclusion.html", context)


@login_required
def disclosure_review(request: HttpRequest) -> HttpResponse:
    """Concluded complaints waiting to be published: the reviewer edits the
    answer so that it identifies nobody, then publishes or withholds it."""
    if request.user.role not in disclosure.REVIEWER_ROLES:
        return render(request, "403.html", status=403)
    pending = disclosure.complaints_to_review(user=request.user).select_related("unit")
    errors, unknown, status = {}, "", 200
    if request.method == "POST":
        complaint = pending.filter(code=request.POST.get("code", "")).first()
        if complaint is None:
            # Reviewed meanwhile, or never among this reviewer's: said above the list.
            unknown, status = str(NOT_WAITING_FOR_REVIEW), 400
    if request.method == "POST" and complaint is not None:
        try:
            if request.POST.get("action") == "withhold":
                disclosure.complaint_withhold(complaint=complaint, by=request.user)
                done = _("Phản ánh %(code)s không được công khai. "
                         "Complaint %(code)s will not be published.")  # fmt: skip
            else:
                disclosure.complaint_publish(complaint=complaint, by=request.user,
                                             text=request.POST.get("text", ""))  # fmt: skip
                done = _("Đã công khai trả lời phản ánh %(code)s. "
                         "The answer to complaint %(code)s is published.")  # fmt: skip
        except ComplaintError as error:
            errors[complaint.code] = (error.message, request.POST.get("text", ""))
            status = 400
        else:
            messages.success(request, done % {"code": complaint.code})
            return redirect("complaint-workspace:disclosure")
    items = [
        {"complaint": c, "error": errors.get(c.code, ("", ""))[0],
         "text": errors.get(c.code, ("", c.response))[1] or c.response}
        for c in pending.order_by("concluded_at")[:50]
    ]  # fmt: skip
    context = {"items": items, "refused_code": next(iter(errors), ""), "error": unknown}
    return render(request, "complaints/workspace/disclosure.html", context, status=status)


@login_required
def violation_list(request: HttpRequest) -> HttpResponse:
    """The violations in the units a leader oversees; a leader records the action taken."""
    if request.user.role not in violations.VIEWER_ROLES:
        return render(request, "403.html", status=403)
    visible = violations.violations_visible_to(user=request.user)
    error, status, refused = "", 200, None
    if request.method == "POST":
        try:
            violation = _chosen(visible, request.POST.get("violation"), field="violation",
                                message=NO_SUCH_VIOLATION)  # fmt: skip
            violations.violation_action_record(violation=violation, by=request.user,
                                               action=request.POST.get("action", ""))  # fmt: skip
        except ComplaintError as refusal:
            error, status = refusal.message, 400
            refused = key_or_none(request.POST.get("violation")) if refusal.field else None
        else:
            return redirect("complaint-workspace:violations")
    page = Paginator(visible.order_by("-created_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    # A refusal about a row on the page is said next to its input, what was typed kept;
    # any other (a violation not among those listed) above the table.
    refused_shown = refused is not None and any(item.pk == refused for item in page)
    context = {"page": page, "error": error, "can_act": request.user.role == Role.LEADER,
               "refused": refused if refused_shown else None,
               "typed": request.POST.get("action", "") if error else ""}  # fmt: skip
    return render(request, "complaints/workspace/violations.html", context, status=status)
