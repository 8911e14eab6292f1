"""Reads of dossiers, always scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from dossiers.models import ActingBasis, Authorisation, Dossier, DossierStatus
from portal.accounts.models import Agency, AgencyKind, Role, User
from portal.accounts.selectors import agencies_visible_to
from portal.core.vietnamese import vietnamese_order
from procedures.models import Procedure

# Who reads a dossier's pages, files and slips: its applicant, and the
# officials and leaders of the units that may see it. Service-centre and
# database-owner staff see units for the catalog, complaints, corrections and
# refunds (dossiers_visible_to), never a citizen's papers.
DOSSIER_STAFF_ROLES = frozenset({Role.OFFICIAL, Role.LEADER})


def dossiers_visible_to(*, user: User) -> QuerySet[Dossier]:
    """A citizen's own dossiers; staff's those of the units they may see."""
    dossiers = Dossier.objects.select_related("agency", "applicant", "procedure")
    if not user.is_authenticated:
        return dossiers.none()
    if user.role == Role.CITIZEN:
        return dossiers.filter(applicant=user)
    return dossiers.filter(agency__in=agencies_visible_to(user=user))


def dossier_pages_visible_to(*, user: User) -> QuerySet[Dossier]:
    """The dossiers whose pages, files and slips this user may open: as
    `dossiers_visible_to`, for applicants and the units' officials and leaders
    only, and a draft only to its applicant. What an applicant has not
    submitted (and the data read for it) is not the unit's yet; the counter's
    drafts have pages of their own."""
    if user.is_authenticated and user.role not in (Role.CITIZEN, *DOSSIER_STAFF_ROLES):
        return Dossier.objects.none()
    return dossiers_visible_to(user=user).exclude(
        ~Q(applicant_id=user.pk), status=DossierStatus.DRAFT
    )


def dossiers_filed_for(*, user: User) -> QuerySet[Dossier]:
    """The dossiers someone else filed for this citizen (a parent for them as a
    child, an agent under their authorisation), matched on their personal ID,
    which they follow read-only: submitted ones only (a draft is its
    applicant's alone), never their own, never an enterprise's. Nothing for
    staff or an account without a personal ID."""
    if not user.is_authenticated or user.role != Role.CITIZEN or not user.personal_id:
        return Dossier.objects.none()
    return (
        Dossier.objects.select_related("agency", "applicant", "procedure")
        .filter(subject_personal_id=user.personal_id, submitted_at__isnull=False)
        .exclude(applicant=user)
        .exclude(status=DossierStatus.DRAFT)
        .exclude(acting_basis=ActingBasis.LEGAL_REPRESENTATIVE)
        .order_by("-submitted_at", "-pk")
    )


def dossier_fees_visible_to(*, user: User) -> QuerySet[Dossier]:
    """The dossiers whose fee and payments this user may see: as
    `dossier_pages_visible_to`, and the service-centre staff of their units
    too, who refund a fee paid twice (the fee page shows no paper)."""
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


def last_filing_place(*, applicant: User, procedure: Procedure) -> tuple[int | None, Agency | None]:
    """Where the applicant filed their most recently submitted dossier: its
    province, and its unit if that unit carries out `procedure`; (None, None)
    before their first. Read from their own dossiers only, never from a source."""
    last = (
        Dossier.objects.filter(applicant=applicant, submitted_at__isnull=False)
        .select_related("agency")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if last is None or last.agency.province_code is None:
        return None, None
    unit = last.agency
    units = receiving_units(procedure=procedure, province_code=unit.province_code)
    return unit.province_code, unit if units.filter(pk=unit.pk).exists() else None


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
