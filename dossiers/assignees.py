"""Who works a dossier (cán bộ được phân công xử lý): an official of its unit.
The unit's leaders sign what its officials propose; they are never assigned.

One-stop practice: the official who receives a dossier, at the desk or online,
handles it unless it is given to someone else. So the official who moves a
dossier nobody has takes it; a dossier already assigned keeps its official
whoever moves it (only `dossiers.workspace.dossier_assign` gives it to another)."""

from __future__ import annotations

from django.db.models import QuerySet

from dossiers.models import Dossier
from portal.accounts.models import Role, User
from portal.core.vietnamese import person_order

ASSIGNEE_ROLES = frozenset({Role.OFFICIAL})


def assignable_officials(*, agency_id: int) -> QuerySet[User]:
    """The active officials of the unit, in name order: its leaders are not among them."""
    return User.objects.filter(
        agency_id=agency_id, role__in=ASSIGNEE_ROLES, is_active=True
    ).order_by(*person_order("full_name"), "id")


def may_be_assigned(user: User) -> bool:
    """Whether the user works dossiers: an active official (a leader signs them;
    an agency system's API account is inactive, a system, not a person)."""
    return user.role in ASSIGNEE_ROLES and user.is_active


def mover_takes(*, dossier: Dossier, by: User) -> None:
    """After `by` moved the dossier as one of its unit's officials: assign it to
    them if nobody has it. A conditional UPDATE, so that a colleague assigned
    meanwhile keeps it; no query for a dossier known to be assigned (nobody is
    ever unassigned) or a mover who is not assigned dossiers (a leader, an
    agency system through the API)."""
    if dossier.assigned_to_id is not None or not may_be_assigned(by):
        return
    if Dossier.objects.filter(pk=dossier.pk, assigned_to__isnull=True).update(assigned_to=by):
        dossier.assigned_to = by
