"""Reading complaints, always scoped to who asks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from complaints.dossier_links import linkable_by
from complaints.handling import HANDLER_ROLES, complaints_handled_by
from complaints.models import Complaint, ComplaintEvidence, ComplaintStatus
from dossiers.models import Dossier
from dossiers.queue_search import Search, SearchKind, names_match, phone_digits
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


# The queue's status filter for every complaint, concluded ones too.
ALL_STATUSES = "all"


@dataclass(frozen=True)
class ComplaintQueueFilters:
    status: str = ""  # a ComplaintStatus, ALL_STATUSES, or "" for the open ones
    mine: bool = False
    search: Search | None = None  # a code, a reporter's personal ID, phone or name


def complaint_queue(*, user: User, filters: ComplaintQueueFilters) -> QuerySet[Complaint]:
    """The complaints routed to the user's agencies, filtered, soonest due
    first. One query per page, whatever the search."""
    complaints = complaints_handled_by(user=user).select_related(
        "unit", "responsible_agency", "assigned_to"
    )
    if filters.status == ALL_STATUSES:
        pass
    elif filters.status:
        complaints = complaints.filter(status=filters.status)
    else:
        complaints = complaints.exclude(status=ComplaintStatus.CONCLUDED)
    if filters.mine:
        complaints = complaints.filter(assigned_to=user)
    if filters.search is not None:
        complaints = _complaints_searched(complaints, filters.search)
    return complaints.order_by("due_date", "id")


def _complaints_searched(complaints: QuerySet[Complaint], search: Search) -> QuerySet[Complaint]:
    """A code by its beginning; a reporter by the personal ID of their
    account, their phone number however written, or their name (as typed on
    the complaint, or their account's)."""
    if search.kind == SearchKind.CODE:
        return complaints.filter(code__startswith=search.value)
    if search.kind == SearchKind.PERSONAL_ID:
        return complaints.filter(reporter__personal_id=search.value)
    if search.kind == SearchKind.PHONE:
        return complaints.alias(phone=phone_digits("reporter_phone")).filter(
            ~Q(reporter_phone=""), phone__endswith=search.value
        )
    return names_match(complaints, ["reporter_name", "reporter__full_name"], search.value)


def complaint_assignees(*, complaint: Complaint) -> QuerySet[User]:
    """Whom a complaint may be assigned to: the active handlers of the agency
    responsible for it, by given name, but none the complaint is about."""
    from complaints.impartiality import concerned_among

    # Not yet routed (no agency): `agency_id=None` is IS NULL, so no handler;
    # django-stubs types an `_id` lookup without None, even on a nullable key.
    handlers = User.objects.filter(
        agency_id=complaint.responsible_agency_id,  # type: ignore[misc]
        is_active=True,
        role__in=HANDLER_ROLES,
    )
    return handlers.exclude(pk__in=concerned_among(complaint, handlers)).order_by(
        *person_order("full_name"), "id"
    )


def agencies_above(*, agency: Agency, including_itself: bool) -> QuerySet[Agency]:
    """The agencies above `agency` (and it, if asked), by the prefixes of its
    materialised path: one query, however deep the tree."""
    codes = agency.path.rstrip("/").split("/")
    depth = len(codes) if including_itself else len(codes) - 1
    return Agency.objects.filter(
        path__in=["".join(f"{code}/" for code in codes[:n]) for n in range(1, depth + 1)]
    )


def province_desk_staff(*, complaint: Complaint) -> QuerySet[User]:
    """The active service-centre staff who may handle the complaint, as
    `complaints_handled_by` has it (a centre serves its whole province, the
    agencies under the provincial committee), but none it concerns: who takes
    up a complaint no one of its unit may handle."""
    from complaints.impartiality import concerned_among

    agency = complaint.responsible_agency
    if agency is None:
        return User.objects.none()
    above = agencies_above(agency=agency, including_itself=True)
    staff = User.objects.filter(role=Role.CENTER_STAFF, is_active=True).filter(
        Q(agency__kind=AgencyKind.SERVICE_CENTER, agency__parent__in=above) | Q(agency__in=above)
    )
    return staff.exclude(pk__in=concerned_among(complaint, staff)).order_by(
        *person_order("full_name"), "id"
    )


def officials_of_complaint_unit(*, complaint: Complaint) -> QuerySet[User]:
    """The active officials of the unit a complaint is about, by given name:
    who a substantiated complaint may name as responsible."""
    return User.objects.filter(
        agency_id=complaint.unit_id, role=Role.OFFICIAL, is_active=True
    ).order_by(*person_order("full_name"), "id")


def dossiers_of_reporter(*, user: User) -> QuerySet[Dossier]:
    """The submitted dossiers a citizen may link to a complaint: those they
    filed, and those filed for them (`dossier_links`)."""
    if not user.is_authenticated or user.role != Role.CITIZEN:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(linkable_by(user))
        .select_related("procedure", "agency")
        .order_by("-submitted_at", "-id")
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
