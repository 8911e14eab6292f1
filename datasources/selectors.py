"""Reads of correction requests and of the access log, scoped to the reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from datasources.models import CorrectionFlag, CorrectionRequest, CorrectionStatus
from datasources.purposes import PurposeKind
from portal.accounts.models import Role, User
from portal.audit.models import AccessLog
from portal.audit.selectors import access_log_for_subject


def correction_aged_days() -> int:
    """Days after which a correction request still open is overdue: the one
    rule of the owner's queue, the leaders' dashboard and the reports."""
    return settings.CORRECTION_AGED_DAYS


def corrections_aged_since(now: datetime) -> datetime:
    """A request still open at `now` and opened before this time is overdue."""
    return now - timedelta(days=correction_aged_days())


def corrections_visible_to(*, user: User) -> QuerySet[CorrectionRequest]:
    """The owner's queue for database-owner staff; what they flagged for others."""
    requests = CorrectionRequest.objects.select_related("owner_agency")
    if not user.is_authenticated:
        return requests.none()
    if user.role == Role.DATA_OWNER:
        return requests.filter(owner_agency_id=user.agency_id)
    if user.role == Role.ADMINISTRATOR:
        return requests
    return requests.filter(flags__flagged_by=user).distinct()


def corrections_filtered(
    requests: QuerySet[CorrectionRequest],
    *,
    source: str = "",
    subject: str = "",
    opened_before: datetime | None = None,
) -> QuerySet[CorrectionRequest]:
    """Narrowed to one source, one person, requests opened before a time (the
    overdue ones), or any of these together (an empty one narrows nothing)."""
    if source:
        requests = requests.filter(source=source)
    if subject:
        requests = requests.filter(subject_personal_id=subject)
    if opened_before is not None:
        requests = requests.filter(opened_at__lt=opened_before)
    return requests


def latest_proposed_value(correction: CorrectionRequest) -> Any:
    """The right value the most recent report of `correction` gave, else the
    request's own (reports made before each kept theirs): what the owner's
    queue offers and the API calls `proposed_value`. Reads `flags.all()`,
    prefetched by the lists."""
    proposals = [f.proposed_value for f in correction.flags.all() if f.proposed_value is not None]
    return proposals[-1] if proposals else correction.proposed_value


def reports_with_their_cases(corrections) -> None:
    """Name on each report (flag) of `corrections` the case it was made for,
    as the owner can quote it to the unit: the dossier's code (while a draft,
    its procedure and the day it was started) or the complaint's. One query
    for all the dossiers."""
    from dossiers.models import Dossier

    flags = [flag for correction in corrections for flag in correction.flags.all()]
    dossier_ids = {
        int(flag.purpose_id)
        for flag in flags
        if flag.purpose_type == PurposeKind.DOSSIER and flag.purpose_id.isdigit()
    }
    dossiers = Dossier.objects.filter(pk__in=dossier_ids).select_related("procedure")
    references = {
        str(dossier.pk): dossier.code or f"{dossier.procedure.code} ({dossier.reference_shown})"
        for dossier in dossiers.only("pk", "code", "created_at", "procedure__code")
    }
    for flag in flags:
        if flag.purpose_type == PurposeKind.DOSSIER:
            flag.case_reference = references.get(flag.purpose_id, "")
        elif flag.purpose_type == PurposeKind.COMPLAINT:
            flag.case_reference = flag.purpose_id  # the complaint's code
        else:
            flag.case_reference = ""


@dataclass(frozen=True)
class ValueReport:
    """A value someone said is wrong, as they read it beside the value: when
    they said so and where the request stands."""

    status: str  # CorrectionStatus
    reported_at: datetime
    resolved_at: datetime | None
    resolution_note: str

    @property
    def pending(self) -> bool:
        return self.status == CorrectionStatus.OPEN


def values_reported_by(*, user: User, subject: str, purpose_id: str) -> dict[str, ValueReport]:
    """Per value ("source.field") of `subject`, `user`'s latest report of it:
    any whose request is still open (not to be flagged again, whatever case it
    was made for), and the decided ones made for the case `purpose_id` (a
    dossier's: a decision on a report made for another case says nothing of
    the values this one read). One query."""
    flags = (
        CorrectionFlag.objects.filter(flagged_by=user, request__subject_personal_id=subject)
        .filter(Q(request__status=CorrectionStatus.OPEN)
                | Q(purpose_type=PurposeKind.DOSSIER, purpose_id=purpose_id))
        .select_related("request").order_by("created_at")
    )  # fmt: skip
    reports: dict[str, ValueReport] = {}
    for flag in flags:
        request = flag.request
        key = f"{request.source}.{request.field}"
        if key in reports and reports[key].pending:
            continue  # an open request outranks an older decision
        reports[key] = ValueReport(status=request.status, reported_at=flag.created_at,
                                   resolved_at=request.resolved_at,
                                   resolution_note=request.resolution_note)  # fmt: skip
    return reports


def corrections_open_by_source(*, now: datetime | None = None) -> list[dict]:
    """Per source: open requests, how many are overdue, the oldest."""
    now = now or timezone.now()
    rows = (
        CorrectionRequest.objects.filter(status=CorrectionStatus.OPEN)
        .values("source")
        .annotate(
            open=Count("id"),
            aged=Count("id", filter=Q(opened_at__lt=corrections_aged_since(now))),
            oldest=Min("opened_at"),
        )
        .order_by("source")
    )
    return list(rows)


def access_log_of(*, user: User) -> QuerySet[AccessLog]:
    """Every access to the user's own data, newest first (what they may read)."""
    if not user.is_authenticated or not user.personal_id:
        return AccessLog.objects.none()
    return access_log_for_subject(personal_id=user.personal_id)
