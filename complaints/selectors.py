"""Reading complaints, always scoped to who asks."""

from __future__ import annotations

from django.db.models import QuerySet

from complaints.handling import HANDLER_ROLES, complaints_handled_by
from complaints.models import Complaint, ComplaintEvidence
from dossiers.models import Dossier
from portal.accounts.models import Agency, AgencyKind, Role, User
from portal.core.vietnamese import person_order, vietnamese_order

UNIT_KINDS = (
    AgencyKind.COMMUNE_COMMITTEE, AgencyKind.PROVINCIAL_DEPARTMENT,
    AgencyKind.SERVICE_CENTER, AgencyKind.PROVINCE_COMMITTEE, AgencyKind.DATABASE_OWNER,
)  # fmt: skip


def units_of_province(*, province_code: int | None) -> QuerySet[Agency]:
    """The units a complaint can be about, in one province."""
    if province_code is None:
        return Agency.objects.none()
    return Agency.objects.filter(province_code=province_code, kind__in=UNIT_KINDS).order_by(
        "kind", vietnamese_order("name"), "id"
    )


def complaint_assignees(*, complaint: Complaint) -> QuerySet[User]:
    """Whom a complaint may be assigned to: the active handlers of the agency
    responsible for it, by given name."""
    return User.objects.filter(
        agency_id=complaint.responsible_agency_id, is_active=True, role__in=HANDLER_ROLES
    ).order_by(*person_order("full_name"), "id")


def officials_of_complaint_unit(*, complaint: Complaint) -> QuerySet[User]:
    """The active officials of the unit a complaint is about, by given name:
    who a substantiated complaint may name as responsible."""
    return User.objects.filter(
        agency_id=complaint.unit_id, role=Role.OFFICIAL, is_active=True
    ).order_by(*person_order("full_name"), "id")


def dossiers_of_reporter(*, user: User) -> QuerySet[Dossier]:
    """The submitted dossiers a citizen may link to a complaint: their own."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(applicant=user, code__isnull=False)
        .select_related("procedure")
        .order_by("-submitted_at")
    )


def complaints_of_reporter(*, user: User) -> QuerySet[Complaint]:
    return Complaint.objects.filter(reporter=user).select_related("unit", "responsible_agency")


def complaint_for_tracking(*, code: str, token: str, user: User) -> Complaint | None:
    """The complaint for its reporter (logged in) or whoever holds its tracking
    link; None otherwise, whether or not it exists."""
    complaint = (
        Complaint.objects.select_related("unit", "responsible_agency", "procedure", "dossier")
        .filter(code=code)
        .first()
    )
    if complaint is None:
        return None
    if user.is_authenticated and complaint.reporter_id == user.pk:
        return complaint
    if token and secrets_equal(token, complaint.tracking_token):
        return complaint
    return None


def evidence_visible(*, code: str, pk: int, token: str, user: User) -> ComplaintEvidence | None:
    """A file of evidence, for the complaint's reporter (account or tracking
    link) or its handlers; None for anyone else, whether or not it exists."""
    complaint = complaint_for_tracking(code=code, token=token, user=user)
    if complaint is None and user.is_authenticated:
        complaint = complaints_handled_by(user=user).filter(code=code).first()
    if complaint is None:
        return None
    return complaint.evidence.filter(pk=pk).first()


def secrets_equal(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())
