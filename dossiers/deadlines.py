"""Deadlines of dossiers in Vietnamese working days: which dossiers are overdue,
the apology slip (phiếu xin lỗi và hẹn lại ngày trả kết quả) an overdue
dossier needs before it moves on, and the escalation to the unit's leaders
once a dossier has taken three times its processing time.

That time is read from the due date, which already leaves out the days the
applicant held the dossier: it is counted from the completion of a dossier
asked to be completed before reception and from the payment of a fee paid
later, and moved by the days a supplement asked in processing waited. An
apology slip's new appointment date does not put the escalation off."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.exceptions import DossierError
from dossiers.models import ApologySlip, Dossier
from dossiers.states import Actor, actor_kind
from dossiers.workspace_selectors import CLOCK_RUNNING_STATUSES
from portal.accounts.models import Role, User
from portal.core.working_days import is_working_day, working_days_between
from portal.notifications.services import notify

# A dossier is escalated once the working days on its clock reach this many
# times its processing time (a same-day procedure counts as one day).
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


def _working_days_late(due: datetime.date, today: datetime.date) -> int:
    """Working days `today` is past `due`; negative while `due` is still ahead."""
    return working_days_between(due, today) - working_days_between(today, due)


def _escalation_due(dossier: Dossier, today: datetime.date) -> bool:
    """The working days on the clock reach ESCALATION_FACTOR times the
    processing time. The due date falls when the processing time has run once,
    the applicant's days left out, so this is: late by the rest. The days an
    apology slip added to the due date are the unit's: they count (the
    dossier's apologies are prefetched)."""
    processing_days = dossier.procedure.processing_days
    late = _working_days_late(dossier.due_date, today) + sum(
        working_days_between(slip.previous_due_date, slip.new_due_date)
        for slip in dossier.apologies.all()
    )
    return late >= ESCALATION_FACTOR * max(processing_days, 1) - processing_days


def unit_leaders(*, dossier: Dossier) -> list[User]:
    """The active leaders whose agency subtree holds the dossier's unit."""
    codes = dossier.agency.path.strip("/").split("/")
    prefixes = ["/".join(codes[: depth + 1]) + "/" for depth in range(len(codes))]
    return list(
        User.objects.filter(role=Role.LEADER, is_active=True, agency__path__in=prefixes)
        .order_by("id")
    )  # fmt: skip


def escalations_run(*, today: datetime.date | None = None) -> list[Dossier]:
    """Escalate each open dossier whose working days on the clock reach three
    times its processing time, that is, late by twice it past its due date
    (before any apology slip moved it): mark it and notify the unit's leaders;
    not while the applicant holds it to complete it or to pay its fee.
    Idempotent: a dossier is escalated once, even by concurrent runs. Reads in
    a fixed number of queries, whatever the number of dossiers."""
    today = today or timezone.localdate()
    # Only a dossier past its due date, or whose due date an apology moved, can be due.
    candidates = (
        Dossier.objects.filter(
            Q(due_date__lt=today) | Exists(ApologySlip.objects.filter(dossier_id=OuterRef("pk"))),
            status__in=CLOCK_RUNNING_STATUSES, escalated_at__isnull=True, due_date__isnull=False,
        )
        .select_related("procedure", "agency")
        .prefetch_related(
            Prefetch(
                "apologies",
                ApologySlip.objects.only("dossier_id", "previous_due_date", "new_due_date"),
            )
        )
    )  # fmt: skip
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
                    body=_("%(procedure)s · %(unit)s. Hạn trả kết quả: %(due)s. "
                           "Result due: %(due)s.")
                    % {"procedure": dossier.procedure.name, "unit": dossier.agency.name,
                       "due": dossier.due_date.strftime("%d/%m/%Y") if dossier.due_date
                       else "—"},
                    url=reverse("workspace:dossier", kwargs={"pk": dossier.pk}),
                )  # fmt: skip
        escalated.append(dossier)
    return escalated
