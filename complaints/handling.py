"""Handling a routed complaint: take it, assign it, ask the reporter for more,
answer and conclude; the reporter is told at each step and may rate the
handling, which sends an unsatisfying one back. A substantiated complaint
about being asked again for data (or for a certified copy) establishes a
Violation; one about wrong data opens a correction request to the owner."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import states
from complaints.deadlines import handling_due
from complaints.exceptions import ComplaintInvalid
from complaints.impartiality import not_concerned_check
from complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintOutcome,
    ComplaintStatus,
    DisclosureStatus,
    Violation,
)
from complaints.notifications import reporter_notify
from complaints.services import DESCRIPTION_MAX, text_characters_check
from datasources.purposes import Purpose, PurposeKind
from portal.accounts.models import Role, User
from portal.accounts.selectors import acts_for_unit, agencies_visible_to

HANDLER_ROLES = (Role.OFFICIAL, Role.CENTER_STAFF, Role.LEADER)
# Complaints that, when substantiated, are breaches of the once-only rule.
ONCE_ONLY_CATEGORIES = (ComplaintCategory.REPROVIDE_DATA, ComplaintCategory.CERTIFIED_COPY)
# A rating at or below this sends the complaint back to its handlers.
REOPENING_RATING = 2


def complaints_handled_by(*, user: User):
    """The complaints a member of staff may see: those routed to agencies they see."""
    if not user.is_authenticated or user.role not in HANDLER_ROLES:
        return Complaint.objects.none()
    return Complaint.objects.filter(responsible_agency__in=agencies_visible_to(user=user))


def may_handle(*, complaint: Complaint, user: User) -> bool:
    """Whether `user` takes the complaint up, assigns, asks and concludes it:
    the staff of the agency it is routed to (`acts_for_unit`), and the
    province's service-centre staff, who run its complaints desk. A leader
    above the agency reads it (drill-down) but does not handle it."""
    if user.role == Role.CENTER_STAFF:
        return complaints_handled_by(user=user).filter(pk=complaint.pk).exists()
    return acts_for_unit(user=user, agency_id=complaint.responsible_agency_id)


def handler_check(*, complaint: Complaint, by: User) -> None:
    """Refuses a step on the complaint to anyone but its handlers, and to a
    handler it concerns: they neither take it up, assign, ask nor conclude it,
    even once a colleague has it."""
    if not may_handle(complaint=complaint, user=by):
        raise ComplaintInvalid(
            _(
                "Phản ánh này không thuộc cơ quan của bạn. "
                "This complaint is not routed to your agency."
            )
        )
    not_concerned_check(complaint, by, field=None)


def complaint_purpose(complaint: Complaint) -> Purpose:
    """The purpose handlers read the reporter's data for (a correction request)."""
    reporter_id = complaint.reporter.personal_id if complaint.reporter_id else None
    return Purpose(
        kind=PurposeKind.COMPLAINT, reference=complaint.code,
        label=_("Phản ánh %(code)s") % {"code": complaint.code},
        agency_id=complaint.responsible_agency_id, applicant_id=complaint.reporter_id,
        subject_personal_ids=frozenset({reporter_id} if reporter_id else ()),
    )  # fmt: skip


def _text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ComplaintInvalid(message, field=field)
    if len(value) > DESCRIPTION_MAX:
        raise ComplaintInvalid(
            _("Tối đa %(n)s ký tự. At most %(n)s characters.") % {"n": DESCRIPTION_MAX},
            field=field,
        )
    text_characters_check(value, field=field)
    return value


@transaction.atomic
def complaint_assign(*, complaint: Complaint, official: User, by: User) -> Complaint:
    handler_check(complaint=complaint, by=by)
    if (
        official.agency_id != complaint.responsible_agency_id
        or official.role not in HANDLER_ROLES
        or not official.is_active
    ):
        raise ComplaintInvalid(
            _(
                "Chỉ giao cho cán bộ của cơ quan xử lý phản ánh. "
                "Assign only to staff of the agency handling the complaint."
            ),
            field="official",
        )
    if complaint.status == ComplaintStatus.CONCLUDED:
        raise ComplaintInvalid(_("Phản ánh đã kết thúc. The complaint is concluded."))
    not_concerned_check(complaint, official)
    complaint.assigned_to = official
    complaint.save(update_fields=["assigned_to"])
    ComplaintEvent.objects.create(
        complaint=complaint, action="assign", from_status=complaint.status,
        to_status=complaint.status, actor=by, note=official.full_name or official.username,
    )  # fmt: skip
    return complaint


def complaint_start(*, complaint: Complaint, by: User) -> Complaint:
    """Take the complaint up; the handler is whoever takes it, unless assigned,
    and never an official the complaint is about."""
    handler_check(complaint=complaint, by=by)
    not_concerned_check(complaint, complaint.assigned_to or by)
    complaint = states.transition(
        complaint=complaint, action="start", by=by,
        assigned_to=complaint.assigned_to or by,
    )  # fmt: skip
    reporter_notify(
        complaint=complaint,
        title=_("Phản ánh %(code)s đang được xử lý. Complaint %(code)s is being handled.")
        % {"code": complaint.code},
        body=_("Đơn vị xử lý: %(agency)s. Handled by: %(agency)s.")
        % {"agency": complaint.responsible_agency.name}
        if complaint.responsible_agency_id
        else "",
    )
    return complaint


def complaint_ask_reporter(*, complaint: Complaint, by: User, question: str) -> Complaint:
    handler_check(complaint=complaint, by=by)
    question = _text(
        question,
        field="question",
        message=_("Nêu điều cần người phản ánh bổ sung. Say what you need."),
    )
    if not complaint.reporter_id and not (complaint.reporter_email or complaint.reporter_phone):
        raise ComplaintInvalid(_("Không có cách liên hệ người phản ánh. No way to reach them."))
    complaint = states.transition(complaint=complaint, action="ask_reporter", by=by, note=question)
    reporter_notify(
        complaint=complaint,
        title=_(
            "Phản ánh %(code)s: cần bạn bổ sung thông tin. "
            "Complaint %(code)s: more information is needed from you."
        )
        % {"code": complaint.code},  # fmt: skip
        body=question,
    )
    return complaint


def complaint_reporter_reply(*, complaint: Complaint, text: str, by: User | None) -> Complaint:
    """The reporter answers (logged in, or through their tracking link)."""
    text = _text(text, field="text", message=_("Nhập nội dung bổ sung. Enter your answer."))
    return states.transition(complaint=complaint, action="reporter_reply", by=by, note=text)


def complaint_conclusion_check(
    *,
    complaint: Complaint,
    by: User,
    outcome: str,
    response: str,
    official_responsible: User | None = None,
) -> str:
    """The conclusion as `complaint_conclude` would take it, nothing changed:
    the answer cleaned, or ComplaintInvalid naming the input at fault. The
    workspace asks to confirm only a conclusion that passes."""
    handler_check(complaint=complaint, by=by)
    if outcome not in ComplaintOutcome.values:
        raise ComplaintInvalid(
            _("Chọn kết luận: đúng hay không đúng. Say whether it is substantiated."),
            field="outcome",
        )
    response = _text(
        response,
        field="response",
        message=_("Nhập nội dung trả lời người phản ánh. Write the answer."),
    )
    if official_responsible is not None and official_responsible.agency_id != complaint.unit_id:
        raise ComplaintInvalid(
            _(
                "Cán bộ vi phạm phải thuộc đơn vị bị phản ánh. "
                "The official responsible must belong to the unit concerned."
            ),
            field="official_responsible",
        )
    return response


@transaction.atomic
def complaint_conclude(
    *,
    complaint: Complaint,
    by: User,
    outcome: str,
    response: str,
    official_responsible: User | None = None,
) -> Complaint:
    """Answer the reporter and close the complaint with its outcome."""
    response = complaint_conclusion_check(
        complaint=complaint, by=by, outcome=outcome, response=response,
        official_responsible=official_responsible,
    )  # fmt: skip
    complaint = states.transition(
        complaint=complaint, action="conclude", by=by, note=response, outcome=outcome,
        response=response, concluded_at=timezone.now(),
        disclosure_status=DisclosureStatus.PENDING,
    )  # fmt: skip
    if outcome == ComplaintOutcome.SUBSTANTIATED and complaint.category in ONCE_ONLY_CATEGORIES:
        Violation.objects.get_or_create(
            complaint=complaint,
            defaults={"category": complaint.category, "unit": complaint.unit,
                      "official": official_responsible},
        )  # fmt: skip
    reporter_notify(
        complaint=complaint,
        title=_("Phản ánh %(code)s đã có kết quả xử lý. Complaint %(code)s has been answered.")
        % {"code": complaint.code},
        body=response,
    )
    return complaint


@transaction.atomic
def complaint_rate(
    *, complaint: Complaint, rating: int, by: User | None, comment: str = ""
) -> Complaint:
    """The reporter rates the handling (1–5); a low rating reopens it, with a
    new deadline counted from the reopening."""
    if complaint.status != ComplaintStatus.CONCLUDED:
        raise ComplaintInvalid(
            _("Chỉ đánh giá khi phản ánh đã có kết quả. Rate once the complaint is concluded.")
        )
    if rating not in range(1, 6):
        raise ComplaintInvalid(_("Chọn từ 1 đến 5 sao. Choose from 1 to 5."), field="rating")
    complaint.rating = rating
    complaint.save(update_fields=["rating"])
    if rating <= REOPENING_RATING:
        comment = _text(comment, field="comment", message=_(
            "Cho biết vì sao bạn chưa hài lòng. Say why you are not satisfied."
        ))  # fmt: skip
        # Handled again from now: a new deadline by the rule of a new complaint,
        # and its own reminder and escalations (the old ones were for the first).
        return states.transition(
            complaint=complaint, action="reopen", by=by, note=comment, outcome="",
            concluded_at=None, disclosure_status="", disclosed_text="", disclosed_at=None,
            due_date=handling_due(category=complaint.category, received_at=timezone.now()),
            reminded_at=None, escalation_level=0,
        )  # fmt: skip
    ComplaintEvent.objects.create(
        complaint=complaint, action="rate", from_status=complaint.status,
        to_status=complaint.status, actor=by, note=str(rating),
    )  # fmt: skip
    return complaint


def complaint_correction_open(
    *, complaint: Complaint, by: User, source: str, field: str, note: str = ""
):
    """A complaint about wrong data in a database: the agency, not the
    citizen, asks the owner to correct it (the reporter's own record)."""
    from datasources.corrections import correction_flag

    handler_check(complaint=complaint, by=by)
    text_characters_check(note or "", field="note")
    if not complaint.reporter_id or not complaint.reporter.personal_id:
        raise ComplaintInvalid(
            _(
                "Chỉ mở yêu cầu điều chỉnh cho người phản ánh đã xác thực VNeID. "
                "A correction can be opened only for a reporter identified through VNeID."
            )
        )
    request = correction_flag(
        source=source, subject=complaint.reporter.personal_id, field=field, by=by,
        purpose=complaint_purpose(complaint), note=note or complaint.description[:500],
    )  # fmt: skip
    ComplaintEvent.objects.create(
        complaint=complaint, action="correction_open", from_status=complaint.status,
        to_status=complaint.status, actor=by, note=f"{source}.{field}",
    )  # fmt: skip
    return request
