"""Reads that scope what a user may see. Every query an official, staff
member or leader makes about units, dossiers or complaints starts here."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from portal.accounts.models import Agency, AgencyKind, Role, User
from portal.core.vietnamese import person_order


def agencies_visible_to(*, user: User) -> QuerySet[Agency]:
    """The agencies whose records this user may see.

    An official or database-owner staff member sees their own agency; a
    leader sees their agency and everything under it; service-center staff
    serve the whole province, so they see the subtree of the center's parent
    (the provincial People's Committee), of which the center is a sibling of
    the communes and departments. Citizens see no agency's records.
    """
    agencies = Agency.objects.all()
    if not user.is_authenticated:
        return agencies.none()
    if user.role == Role.ADMINISTRATOR:
        return agencies
    agency = user.agency
    if agency is None:
        return agencies.none()
    if user.role in (Role.OFFICIAL, Role.DATA_OWNER):
        return agencies.filter(pk=agency.pk)
    if user.role == Role.LEADER:
        return agencies.subtree_of(agency)
    if user.role == Role.CENTER_STAFF:
        served = (
            agency.parent if agency.kind == AgencyKind.SERVICE_CENTER and agency.parent else agency
        )
        return agencies.subtree_of(served)
    return agencies.none()


# Who works a unit's cases (its dossiers, the complaints routed to it): its own
# officials and its own leader, as a ward's chairman decides its dossiers. A
# leader above sees them (dashboards, drill-down) but does not act on them.
UNIT_WORKER_ROLES = frozenset({Role.OFFICIAL, Role.LEADER})


def acts_for_unit(*, user: User | None, agency_id: int | None) -> bool:
    """Whether `user` may act on a case of the unit `agency_id`: an official
    or leader of that very unit, never of a unit above it. No query."""
    return (
        user is not None
        and user.is_authenticated
        and user.role in UNIT_WORKER_ROLES
        and user.agency_id is not None
        and user.agency_id == agency_id
    )


def users_visible_to(*, user: User) -> QuerySet[User]:
    """The staff of the agencies this user may see, and the user themselves.
    Citizens' accounts are never listed to staff: they carry no agency."""
    users = User.objects.select_related("agency")
    if not user.is_authenticated:
        return users.none()
    if user.role == Role.ADMINISTRATOR:
        return users.all()
    return users.filter(Q(agency__in=agencies_visible_to(user=user)) | Q(pk=user.pk))


def agency_by_code(*, code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def service_centre_staff_for(*, agency: Agency) -> QuerySet[User]:
    """The active service-centre staff who serve `agency`: those of a centre
    placed beside the unit or under any agency above it (a centre serves its
    province), or of the agency itself or one above it. Who takes up what no
    one of a unit may, as for complaints (complaints.selectors.province_desk_staff)."""
    codes = agency.path.rstrip("/").split("/")
    paths = ["".join(f"{code}/" for code in codes[:n]) for n in range(1, len(codes) + 1)]
    return (
        User.objects.filter(role=Role.CENTER_STAFF, is_active=True)
        .filter(
            Q(agency__kind=AgencyKind.SERVICE_CENTER, agency__parent__path__in=paths)
            | Q(agency__path__in=paths)
        )
        .order_by(*person_order("full_name"), "id")
    )
