"""Reads of dossiers, always scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from dossiers.models import Authorisation, Dossier, DossierStatus
from portal.accounts.models import Agency, AgencyKind, Role, User
from portal.accounts.selectors import agencies_visible_to
from portal.core.vietnamese import vietnamese_order
from procedures.models import Procedure

# Who handles dossiers (their pages, files and slips): the units' officials and
# the leaders above them. Service-centre and database-owner staff see units for
# the catalog, complaints and corrections, never a citizen's dossier.
DOSSIER_STAFF_ROLES = frozenset({Role.OFFICIAL, Role.LEADER})


def dossiers_visible_to(*, user: User) -> QuerySet[Dossier]:
    """A citizen's own dossiers; an official's or leader's those of the units
    they may see; nobody else's."""
    dossiers = Dossier.objects.select_related("agency", "applicant", "procedure")
    if not user.is_authenticated:
        return dossiers.none()
    if user.role == Role.CITIZEN:
        return dossiers.filter(applicant=user)
    if user.role not in DOSSIER_STAFF_ROLES:
        return dossiers.none()
    return dossiers.filter(agency__in=agencies_visible_to(user=user))


def dossier_pages_visible_to(*, user: User) -> QuerySet[Dossier]:
    """The dossiers whose pages this user may open: as `dossiers_visible_to`,
    but a draft only to its applicant. What an applicant has not submitted
    (and the data read for it) is not the unit's yet; the counter's drafts
    have pages of their own."""
    return dossiers_visible_to(user=user).exclude(
        ~Q(applicant_id=user.pk), status=DossierStatus.DRAFT
    )


def receiving_units(*, procedure: Procedure, province_code: int | None) -> QuerySet[Agency]:
    """The units of a province that carry out this procedure."""
    if province_code is None:
        return Agency.objects.none()
    return Agency.objects.filter(
        province_code=province_code, kind__in=procedure.agency_kinds
    ).order_by(vietnamese_order("name"), "id")


def provinces() -> QuerySet[Agency]:
    return Agency.objects.filter(kind=AgencyKind.PROVINCE_COMMITTEE).order_by(
        vietnamese_order("name"), "id"
    )


def authorisations_received(*, user: User) -> QuerySet[Authorisation]:
    """Authorisations in force today that let this user act for someone."""
    today = timezone.localdate()
    return Authorisation.objects.filter(
        agent_personal_id=user.personal_id, revoked_at__isnull=True,
        valid_from__lte=today, valid_until__gte=today,
    ).select_related("principal", "procedure")  # fmt: skip


def authorisations_given(*, user: User) -> QuerySet[Authorisation]:
    return Authorisation.objects.filter(principal=user).select_related("procedure")
