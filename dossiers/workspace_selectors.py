"""Reads of the official workspace: the unit's queue, its counts and deadlines,
and who a dossier may be assigned to. Every read starts from
`dossiers_visible_to`, so an official sees only their unit's dossiers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from dossiers.assignees import assignable_officials
from dossiers.models import QUEUE_CLOSED_STATUSES, Dossier
from dossiers.models import DossierStatus as S
from dossiers.queue_search import Search, SearchKind, names_match
from dossiers.selectors import DOSSIER_STAFF_ROLES, dossiers_visible_to
from portal.accounts.models import Role, User
from portal.accounts.selectors import agencies_visible_to
from portal.core.working_days import working_days_add
from procedures.models import Procedure

WORKSPACE_ROLES = DOSSIER_STAFF_ROLES
# Statuses of a dossier the unit still owes the applicant a result for.
OPEN_STATUSES = frozenset(
    {S.SUBMITTED, S.RECEIVED, S.IN_PROCESSING, S.AWAITING_SIGNATURE, S.SUPPLEMENT_REQUESTED}
)
# Those whose deadline runs: the unit's clock stops while the applicant completes
# the dossier (Decree 61/2018), and its due date moves when it comes back.
CLOCK_RUNNING_STATUSES = OPEN_STATUSES - {S.SUPPLEMENT_REQUESTED}
DUE_SOON_WORKING_DAYS = 2


class Deadline:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"


class Sort:
    DUE = "due"
    SUBMITTED = "submitted"
    SUBMITTED_DESC = "-submitted"


# What the queue shows unless asked otherwise: dossiers that still need the
# unit. Closed ones stay a filter away ("all statuses" or their own status).
# The same list as the partial index dossier_queue_open_idx, so the planner uses it.
CLOSED_STATUSES = QUEUE_CLOSED_STATUSES
ALL_STATUSES = "all"


@dataclass(frozen=True)
class QueueFilters:
    procedure: str = ""  # a procedure code
    status: str = ""
    deadline: str = ""  # Deadline.OVERDUE or Deadline.DUE_SOON
    mine: bool = False
    sort: str = Sort.DUE
    search: Search | None = None  # a code, a personal ID or the applicant's name


def due_soon_limit(today: datetime.date | None = None) -> datetime.date:
    """The last due date that counts as due soon: two working days from today."""
    return working_days_add(today or timezone.localdate(), DUE_SOON_WORKING_DAYS)


def deadline_state(dossier: Dossier, *, today: datetime.date, soon: datetime.date) -> str:
    """Overdue, due soon or nothing, for a dossier whose deadline still runs."""
    if dossier.due_date is None or dossier.status not in CLOCK_RUNNING_STATUSES:
        return ""
    if dossier.due_date < today:
        return Deadline.OVERDUE
    if dossier.due_date <= soon:
        return Deadline.DUE_SOON
    return ""


def unit_dossiers(*, user: User) -> QuerySet[Dossier]:
    """The dossiers of the user's unit(s) that have left the applicant's hands."""
    return dossiers_visible_to(user=user).exclude(status=S.DRAFT)


def workspace_queue(*, user: User, filters: QueueFilters) -> QuerySet[Dossier]:
    """The unit's queue, filtered and sorted. One query per page."""
    dossiers = unit_dossiers(user=user).select_related("assigned_to")
    if filters.procedure:
        dossiers = dossiers.filter(procedure__code=filters.procedure)
    if filters.status == ALL_STATUSES:
        pass
    elif filters.status:
        dossiers = dossiers.filter(status=filters.status)
    else:
        dossiers = dossiers.exclude(status__in=CLOSED_STATUSES)
    if filters.mine:
        dossiers = dossiers.filter(assigned_to=user)
    if filters.search is not None:
        dossiers = dossiers_searched(dossiers, filters.search)
    if filters.deadline:
        today = timezone.localdate()
        running = dossiers.filter(status__in=CLOCK_RUNNING_STATUSES, due_date__isnull=False)
        if filters.deadline == Deadline.OVERDUE:
            dossiers = running.filter(due_date__lt=today)
        elif filters.deadline == Deadline.DUE_SOON:
            dossiers = running.filter(due_date__gte=today, due_date__lte=due_soon_limit(today))
    # Each order is one of the unit's indexes read forwards or backwards (see
    # Dossier.Meta.indexes), so a page costs the same over a million dossiers.
    # Newest first puts a dossier never stamped with a submission time (none
    # should be in the queue) first, as the backward scan of that index does.
    if filters.sort == Sort.SUBMITTED:
        return dossiers.order_by(F("submitted_at").asc(nulls_last=True), "id")
    if filters.sort == Sort.SUBMITTED_DESC:
        return dossiers.order_by(F("submitted_at").desc(nulls_first=True), "-id")
    return dossiers.order_by(
        F("due_date").asc(nulls_last=True), F("submitted_at").asc(nulls_last=True), "id"
    )


def dossiers_searched(dossiers: QuerySet[Dossier], search: Search) -> QuerySet[Dossier]:
    """The dossiers a search names, in the same one query. A code is read from
    the unique index on codes (its prefix too: LIKE 'X%' on PostgreSQL's
    pattern index); a personal ID from the subject's index or, the applicant's,
    from the index on the applicant (one user at most has the ID)."""
    if search.kind == SearchKind.CODE:
        return dossiers.filter(code__startswith=search.value)
    if search.kind == SearchKind.PERSONAL_ID:
        applicant = User.objects.filter(personal_id=search.value).values("pk")[:1]
        return dossiers.filter(
            Q(subject_personal_id=search.value) | Q(applicant_id=Subquery(applicant))
        )
    return names_match(dossiers, ["applicant__full_name"], search.value)


def queue_spans_units(*, user: User) -> bool:
    """Whether the user's queue holds the dossiers of more than one unit (a
    leader's agency and the units under it), so that each row names its unit.
    No query for an official, who sees their own unit only; one for the others."""
    if user.role == Role.OFFICIAL:
        return False
    return agencies_visible_to(user=user)[:2].count() > 1


def status_counts(*, user: User) -> dict[str, int]:
    """How many of the unit's dossiers are in each status. One query, read
    from the (agency, status, …) index alone: COUNT(*) needs no other column."""
    rows = unit_dossiers(user=user).order_by().values("status").annotate(n=Count("*"))
    return {row["status"]: row["n"] for row in rows}


def dossiers_to_sign(*, user: User) -> int | None:
    """How many of the leader's own unit's dossiers await their signature (a
    leader above a ward signs none of the ward's); None for anyone else."""
    if user.role != Role.LEADER:
        return None
    return (
        unit_dossiers(user=user)
        .filter(agency_id=user.agency_id, status=S.AWAITING_SIGNATURE)
        .count()
    )


def queue_procedures(*, user: User) -> list[tuple[str, str]]:
    """(code, name) of the procedures the unit has dossiers for, for the filter.
    One query: a probe of the (agency, procedure, status) index per procedure,
    instead of reading every dossier of the unit to find the distinct ones."""
    has_dossiers = unit_dossiers(user=user).filter(procedure=OuterRef("pk"))
    rows = Procedure.objects.filter(Exists(has_dossiers)).order_by("code")
    return list(rows.values_list("code", "name"))


def unit_staff(*, dossier: Dossier) -> QuerySet[User]:
    """The active officials and leaders of the dossier's unit: whom an
    assignment may name, for `dossier_assign` to say why a leader is refused."""
    return User.objects.filter(agency_id=dossier.agency_id, role__in=WORKSPACE_ROLES,
                               is_active=True)  # fmt: skip


def unit_officials(*, dossier: Dossier) -> QuerySet[User]:
    """Who a dossier may be assigned to: the active officials of its unit, not
    its leaders, who sign what the officials propose."""
    return assignable_officials(agency_id=dossier.agency_id)
