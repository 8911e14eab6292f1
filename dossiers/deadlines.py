"""Deadlines of dossiers in Vietnamese working days: which dossiers are overdue,
the apology slip (phiếu xin lỗi và hẹn lại ngày trả kết quả) an overdue
dossier needs before it moves on, and the escalation to the unit's leaders
once a dossier has taken three times its processing time."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.exceptions import DossierError
from dossiers.models import ApologySlip, Dossier
from dossiers.states import Actor, actor_kind
from dossiers.workspace_selectors import CLOCK_RUNNING_STATUSES
from portal.accounts.models import Role, User
from portal.core.working_days import is_working_day, received_on, working_days_between
from portal.notifications.services import notify

# A dossier is escalated once its elapsed working days reach this many times
# its processing time (a same-day procedure counts as one day).
ESCALATION_FACTOR = 3


class ApologyRefused(DossierError):
    """The apology slip cannot be issued: not overdue, not this user's unit,
    or a new appointment date that is not a future working day."""


def is_overdue(dossier: Dossier, today: datetime.date | None = None) -> bool:
    """The unit still owes the applicant a result, its clock runs, and its due date has passed."""
    today = today or timezone.localdate()
    return (
        dossier.status in CLOCK_RUNNING_STATUSES
        and dossier.due_date is not None
        and dossier.due_date < today
    )


def apology_pending(dossier: Dossier, today: datetime.date | None = None) -> bool:
    """Overdue, and no apology slip was issued since it fell due."""
    if not is_overdue(dossier, today):
        return False
    return not any(
        timezone.localdate(slip.issued_at) > dossier.due_date
        for slip in ApologySlip.objects.filter(dossier_id=dossier.pk).only("issued_at")
    )


@transaction.atomic
def apology_issue(*, dossier: Dossier, by: User, new_due_date: datetime.date, reason: str,
                  today: datetime.date | None = None) -> ApologySlip:  # fmt: skip
    """Apologise for an overdue dossier and set a new appointment date, then
    tell the applicant. Raises ApologyRefused when `by` is not of the dossier's
    unit, the dossier is not overdue, the reason is empty, or the new date is
    not a working day after today."""
    today = today or timezone.localdate()
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=dossier.pk)
    )
    if actor_kind(dossier=locked, user=by) != Actor.OFFICIAL:
        raise ApologyRefused(
            _("Bạn không được lập phiếu xin lỗi cho hồ sơ này. "
              "You may not issue an apology slip for this dossier.")
        )  # fmt: skip
    if not is_overdue(locked, today):
        raise ApologyRefused(
            _("Hồ sơ chưa quá hạn, không cần phiếu xin lỗi. "
              "The dossier is not overdue; no apology slip is needed.")
        )  # fmt: skip
    if not reason.strip():
        raise ApologyRefused(_("Cần nêu lý do. A reason is required."))
    if new_due_date <= today or not is_working_day(new_due_date):
        raise ApologyRefused(
            _("Ngày hẹn mới phải là một ngày làm việc sau hôm nay. "
              "The new appointment date must be a working day after today.")
        )  # fmt: skip
    slip = ApologySlip.objects.create(
        dossier=locked, previous_due_date=locked.due_date, new_due_date=new_due_date,
        reason=reason.strip(), issued_by=by,
    )  # fmt: skip
    Dossier.objects.filter(pk=locked.pk).update(due_date=new_due_date, updated_at=timezone.now())
    dossier.due_date = new_due_date
    notify(
        user=locked.applicant,
        title=_("Xin lỗi vì hồ sơ %(code)s bị trễ hạn. Apology for the late dossier %(code)s.")
        % {"code": locked.reference},
        body=_("Ngày hẹn trả kết quả mới: %(date)s. New appointment date: %(date)s.")
        % {"date": new_due_date.strftime("%d/%m/%Y")},
        url=reverse("dossiers:track", kwargs={"pk": locked.pk}),
    )
    return slip


def _escalation_due(dossier: Dossier, today: datetime.date) -> bool:
    elapsed = working_days_between(received_on(dossier.submitted_at), today)
    return elapsed >= ESCALATION_FACTOR * max(dossier.procedure.processing_days, 1)


def unit_leaders(*, dossier: Dossier) -> list[User]:
    """The active leaders whose agency subtree holds the dossier's unit."""
    codes = dossier.agency.path.strip("/").split("/")
    prefixes = ["/".join(codes[: depth + 1]) + "/" for depth in range(len(codes))]
    return list(
        User.objects.filter(role=Role.LEADER, is_active=True, agency__path__in=prefixes)
        .order_by("id")
    )  # fmt: skip


def escalations_run(*, today: datetime.date | None = None) -> list[Dossier]:
    """Escalate each open dossier whose elapsed working days since submission
    reach three times its processing time: mark it and notify the unit's
    leaders; not while the applicant holds it to complete it. Idempotent: a
    dossier is escalated once, even by concurrent runs."""
    today = today or timezone.localdate()
    candidates = Dossier.objects.filter(
        status__in=CLOCK_RUNNING_STATUSES, escalated_at__isnull=True, submitted_at__isnull=False
    ).select_related("procedure", "agency")  # fmt: skip
    escalated = []
    for dossier in list(candidates):  # no cursor held open across the writes below
        if not _escalation_due(dossier, today):
            continue
        with transaction.atomic():
            now = timezone.now()
            won = Dossier.objects.filter(pk=dossier.pk, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if not won:
                continue
            dossier.escalated_at = now
            for leader in unit_leaders(dossier=dossier):
                notify(
                    user=leader,
                    title=_("Hồ sơ %(code)s đã quá ba lần thời hạn giải quyết. "
                            "Dossier %(code)s has taken three times its processing time.")
                    % {"code": dossier.reference},
                    body=_("%(procedure)s · %(unit)s · hạn trả kết quả / due %(due)s.")
                    % {"procedure": dossier.procedure.name, "unit": dossier.agency.name,
                       "due": dossier.due_date.strftime("%d/%m/%Y") if dossier.due_date
                       else "—"},
                    url=reverse("workspace:dossier", kwargs={"pk": dossier.pk}),
                )  # fmt: skip
        escalated.append(dossier)
    return escalated
