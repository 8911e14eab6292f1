"""Deadline follow-up of open complaints, run hourly by Celery beat: a
reminder to the handler the working day before the deadline; once it has
passed, escalation to those who may act on it (`handling.may_handle`): the
leaders of the agency it is routed to or, with none, the province's
service-centre staff; at three times the deadline, to the leaders above that
agency and the province's, who oversee it, and to the service centre.
Leaders above a unit read its complaints but do not act on them: they are told
at the first step only when no one may act. Each step happens once, and its
notice says which step it is: those the first reached (the centre, when the
unit has no leader) hear at the second that it is now three times overdue and
raised to oversight, not the same news again."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.deadlines import escalation_due
from complaints.impartiality import concerned_among
from complaints.models import Complaint, ComplaintEvent, ComplaintStatus
from complaints.selectors import agencies_above, province_desk_staff
from portal.accounts.agencies import province_agency_code
from portal.accounts.models import Role, User
from portal.core.vietnamese import person_order
from portal.core.working_days import next_working_day
from portal.notifications.services import notify

OPEN = (ComplaintStatus.ROUTED, ComplaintStatus.IN_HANDLING, ComplaintStatus.AWAITING_REPORTER)


@dataclass
class FollowUp:
    reminded: int = 0
    escalated_to_unit: int = 0
    escalated_to_province: int = 0


def _leaders() -> Q:
    return Q(role=Role.LEADER, is_active=True)


def acting_on_overdue(complaint: Complaint) -> list[User]:
    """Who may act on the overdue complaint, as `may_handle` has it: the
    leaders of the agency it is routed to, but none it concerns; with none,
    the province's service-centre staff, who take up what no one of a unit may."""
    leaders = list(
        User.objects.filter(_leaders(), agency_id=complaint.responsible_agency_id).order_by(
            *person_order("full_name"), "id"
        )
    )
    concerned = concerned_among(complaint, leaders)
    acting = [leader for leader in leaders if leader.pk not in concerned]
    return acting or list(province_desk_staff(complaint=complaint))


def overseeing(complaint: Complaint) -> list[User]:
    """The leaders above the agency the complaint is routed to, and those of
    the province of the unit it is about (a rule may route it outside it):
    they oversee its handling, read-only."""
    agency = complaint.responsible_agency
    above = Q(agency__in=agencies_above(agency=agency, including_itself=False)) if agency else Q()
    if complaint.unit.province_code is not None:
        above |= Q(agency__code=province_agency_code(complaint.unit.province_code))
    if not above:
        return []
    return list(
        User.objects.filter(_leaders(), above)
        .exclude(agency_id=complaint.responsible_agency_id)  # those act: told first
        .order_by("agency__path", *person_order("full_name"), "id")
    )


def _unique(users: list[User]) -> list[User]:
    return list({user.pk: user for user in users}.values())


def _handlers_of(complaint: Complaint) -> list[User]:
    if complaint.assigned_to_id:
        return [complaint.assigned_to]
    return list(
        User.objects.filter(
            agency=complaint.responsible_agency,
            is_active=True,
            role__in=(Role.OFFICIAL, Role.CENTER_STAFF),
        )  # fmt: skip
    )


def _tell(users, *, complaint: Complaint, title: str, body: str) -> None:
    from django.urls import reverse

    url = reverse("complaint-workspace:complaint", kwargs={"code": complaint.code})
    for user in users:
        notify(user=user, title=title, body=body, url=url)


def _record(complaint: Complaint, action: str, note: str) -> None:
    ComplaintEvent.objects.create(
        complaint=complaint, action=action, from_status=complaint.status,
        to_status=complaint.status, note=note,
    )  # fmt: skip


def _overdue_notice(complaint: Complaint, *, level: int) -> tuple[str, str]:
    """The title and body telling of an escalation step (1: overdue; 2: three
    times overdue, raised to oversight)."""
    values = {"code": complaint.code, "due": f"{complaint.due_date:%d/%m/%Y}"}
    if level == 1:
        return (
            _("Phản ánh %(code)s quá hạn xử lý. Complaint %(code)s is overdue.") % values,
            _("Hạn trả lời là %(due)s; phản ánh chưa được xử lý xong. "
              "The answer was due on %(due)s; the complaint is not yet resolved.") % values,
        )  # fmt: skip
    return (
        _("Phản ánh %(code)s quá hạn gấp ba thời hạn, đã báo lên cấp giám sát. "
          "Complaint %(code)s is three times overdue and raised to oversight.") % values,
        _("Hạn trả lời là %(due)s; đã quá gấp ba thời hạn xử lý mà phản ánh vẫn chưa được xử lý "
          "xong. The answer was due on %(due)s; three times the handling time has passed and "
          "the complaint is still not resolved.") % values,
    )  # fmt: skip


def complaints_follow_up(*, today: datetime.date | None = None) -> FollowUp:
    today = today or timezone.localdate()
    done = FollowUp()
    open_complaints = Complaint.objects.filter(status__in=OPEN).select_related(
        "responsible_agency__parent", "assigned_to", "unit"
    )
    for complaint in open_complaints.filter(reminded_at__isnull=True,
                                            due_date__lte=next_working_day(today)):  # fmt: skip
        with transaction.atomic():
            if Complaint.objects.filter(pk=complaint.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            ):
                due = f"{complaint.due_date:%d/%m/%Y}"
                _tell(_handlers_of(complaint), complaint=complaint,
                      title=_("Phản ánh %(code)s sắp đến hạn. Complaint %(code)s is nearly due.")
                      % {"code": complaint.code},
                      body=_("Hạn trả lời: %(due)s. Answer due: %(due)s.")
                      % {"due": due})  # fmt: skip
                _record(complaint, "remind", "")
                done.reminded += 1
    for complaint in open_complaints.filter(due_date__lt=today, escalation_level__lt=2):
        level = 2 if today > escalation_due(category=complaint.category,
                                            due=complaint.due_date) else 1  # fmt: skip
        if level <= complaint.escalation_level:
            continue
        with transaction.atomic():
            if not Complaint.objects.filter(pk=complaint.pk, escalation_level__lt=level).update(
                escalation_level=level
            ):
                continue  # another run got there first
            acting = acting_on_overdue(complaint)
            if level == 1:
                # With no one who may act, those above are told: someone must see to it.
                told = acting or overseeing(complaint)
                action = "escalate_unit" if acting else "escalate_unit_oversight"
                done.escalated_to_unit += 1
            else:
                # The leaders oversee; the service centre's desk, province-wide, acts.
                told = _unique([*overseeing(complaint), *province_desk_staff(complaint=complaint)])
                told = told or acting
                action = "escalate_province"
                done.escalated_to_province += 1
            title, body = _overdue_notice(complaint, level=level)
            _tell(told, complaint=complaint, title=title, body=body)
            names = ", ".join(user.full_name or user.username for user in told)
            _record(complaint, action, names)
    return done
