"""Deadline follow-up of open complaints, run hourly by Celery beat: a
reminder to the handler the working day before the deadline; once it has
passed, escalation to the leaders of the agency handling it; at three times
the deadline, to the province's leaders and to its service-centre staff, who,
unlike the leaders above the unit, may take it up themselves. Each step
happens once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.deadlines import escalation_due
from complaints.models import Complaint, ComplaintEvent, ComplaintStatus
from complaints.selectors import province_desk_staff
from portal.accounts.agencies import province_agency_code
from portal.accounts.models import Agency, Role, User
from portal.core.working_days import next_working_day
from portal.notifications.services import notify

OPEN = (ComplaintStatus.ROUTED, ComplaintStatus.IN_HANDLING, ComplaintStatus.AWAITING_REPORTER)


@dataclass
class FollowUp:
    reminded: int = 0
    escalated_to_unit: int = 0
    escalated_to_province: int = 0


def _leaders_of(agency: Agency | None) -> QuerySet[User]:
    """The agency's leaders; those of the agency above when it has none."""
    while agency is not None:
        leaders = User.objects.filter(role=Role.LEADER, agency=agency, is_active=True)
        if leaders.exists():
            return leaders
        agency = agency.parent
    return User.objects.none()


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
            if level == 1:
                told = list(_leaders_of(complaint.responsible_agency))
                done.escalated_to_unit += 1
            else:
                province = Agency.objects.filter(
                    code=province_agency_code(complaint.unit.province_code or 0)
                ).first()
                # The leaders oversee; the service centre's desk, province-wide, acts.
                told = [*_leaders_of(province), *province_desk_staff(complaint=complaint)]
                done.escalated_to_province += 1
            _tell(told, complaint=complaint,
                  title=_("Phản ánh %(code)s quá hạn xử lý. Complaint %(code)s is overdue.")
                  % {"code": complaint.code},
                  body=_("Hạn trả lời là %(due)s; phản ánh chưa được xử lý xong. "
                         "The answer was due on %(due)s; the complaint is not yet resolved.")
                  % {"due": f"{complaint.due_date:%d/%m/%Y}"})  # fmt: skip
            names = ", ".join(user.full_name or user.username for user in told)
            _record(complaint, "escalate_unit" if level == 1 else "escalate_province", names)
    return done
