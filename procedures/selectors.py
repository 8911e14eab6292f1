"""Reusable reads of the catalog and of replacement lists. Staff reads start
from what the user may see (`agencies_visible_to`); public reads see only the
active catalog and published lists."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from portal.accounts.models import Agency, AgencyKind, User
from portal.accounts.selectors import agencies_visible_to
from portal.core.vietnamese import vietnamese_order
from procedures.models import (
    OPEN_LIST_STATUSES,
    DossierComponent,
    ElectronicReplacement,
    Procedure,
    ProcedureLevel,
    ReplacementList,
    ReplacementListEntry,
    ReplacementListEvent,
    ReplacementListStatus,
    Sector,
)

# Which version is in force. Publishing marks the previous version superseded
# at once, even when the new one takes effect on a later date; until then the
# previous one still applies. So "in force" is read from the dates, never from
# the status alone: an agency's version in force on a day is its latest
# published version (superseded since or not) whose effective date has come.
# Nothing has to flip on the day itself.

EVER_PUBLISHED = [ReplacementListStatus.PUBLISHED, ReplacementListStatus.SUPERSEDED]


def _in_force_version(*, today: datetime.date) -> Subquery:
    return Subquery(
        ReplacementList.objects.filter(
            agency_id=OuterRef("agency_id"), status__in=EVER_PUBLISHED, effective_date__lte=today
        )
        .order_by("-version")
        .values("version")[:1]
    )


def replacement_lists_in_force(*, today: datetime.date | None = None) -> QuerySet[ReplacementList]:
    """Each agency's version in force on `today` (by default the local date)."""
    today = today or timezone.localdate()
    return (
        ReplacementList.objects.filter(status__in=EVER_PUBLISHED, effective_date__lte=today)
        .alias(in_force_version=_in_force_version(today=today))
        .filter(version=F("in_force_version"))
    )


def replacement_list_force(
    *, replacement_list: ReplacementList, today: datetime.date | None = None
) -> str:
    """Where a version stands on `today`: "in_force", "upcoming" (published, its
    date not come), "ended" (a later version has taken over) or "" (never published)."""
    today = today or timezone.localdate()
    if replacement_list.status not in EVER_PUBLISHED or replacement_list.effective_date is None:
        return ""
    if replacement_list.effective_date > today:
        return "upcoming"
    in_force = replacement_lists_in_force(today=today).filter(agency_id=replacement_list.agency_id)
    return "in_force" if in_force.filter(pk=replacement_list.pk).exists() else "ended"


# Reads for staff

# The bodies that publish a replacement list, and the level of the procedures it covers.
LIST_LEVEL_OF_AGENCY_KIND: dict[str, str] = {
    AgencyKind.COMMUNE_COMMITTEE: ProcedureLevel.COMMUNE,
    AgencyKind.PROVINCE_COMMITTEE: ProcedureLevel.PROVINCE,
}


def list_level_of(*, agency: Agency) -> str | None:
    """The procedure level an agency's list covers; None for an agency that keeps no list."""
    return LIST_LEVEL_OF_AGENCY_KIND.get(agency.kind)


def list_agencies_visible_to(*, user: User) -> QuerySet[Agency]:
    """The commune and province committees this user may see: those that keep a list."""
    return agencies_visible_to(user=user).filter(kind__in=list(LIST_LEVEL_OF_AGENCY_KIND))


def replacement_lists_visible_to(*, user: User) -> QuerySet[ReplacementList]:
    """Every version of the lists of the agencies this user may see."""
    return ReplacementList.objects.filter(agency__in=agencies_visible_to(user=user)).select_related(
        "agency", "created_by", "approved_by"
    )


def replacement_lists_current_of(
    *, agencies, today: datetime.date | None = None
) -> dict[int, dict[str, ReplacementList]]:
    """Per agency id, its open list ("open"), the version in force ("published")
    and the one published to take over on a later date ("upcoming"), in one query."""
    today = today or timezone.localdate()
    current: dict[int, dict[str, ReplacementList]] = {}
    lists = ReplacementList.objects.filter(agency__in=agencies).filter(
        Q(status__in=OPEN_LIST_STATUSES)
        | Q(status=ReplacementListStatus.PUBLISHED)
        | Q(pk__in=replacement_lists_in_force(today=today).values("pk"))
    )
    for replacement_list in lists:
        if replacement_list.status in OPEN_LIST_STATUSES:
            slot = "open"
        elif replacement_list.effective_date and replacement_list.effective_date > today:
            slot = "upcoming"
        else:
            slot = "published"
        current.setdefault(replacement_list.agency_id, {})[slot] = replacement_list
    return current


def replacement_list_published_of(*, agency: Agency) -> ReplacementList | None:
    return ReplacementList.objects.filter(
        agency=agency, status=ReplacementListStatus.PUBLISHED
    ).first()


def replacement_list_entries(
    *, replacement_list: ReplacementList
) -> QuerySet[ReplacementListEntry]:
    return replacement_list.entries.order_by("procedure_code", "component_code", "document_type")


def replacement_list_events(*, replacement_list: ReplacementList) -> QuerySet[ReplacementListEvent]:
    return replacement_list.events.select_related("actor").order_by("at", "id")


def catalog_replacements_for_level(*, level: str) -> QuerySet[ElectronicReplacement]:
    """The catalog's electronic replacements for the active procedures of a level."""
    return (
        ElectronicReplacement.objects.filter(
            component__procedure__level=level, component__procedure__active=True
        )
        .select_related("component__procedure__sector")
        .order_by(
            "component__procedure__code", "component__position", "component_id", "document_type"
        )
    )


def catalog_replacements_not_on(
    *, replacement_list: ReplacementList
) -> QuerySet[ElectronicReplacement]:
    """The catalog replacements a draft may still take in."""
    level = list_level_of(agency=replacement_list.agency)
    if level is None:
        return ElectronicReplacement.objects.none()
    on_list = replacement_list.entries.filter(replacement__isnull=False).values("replacement_id")
    return catalog_replacements_for_level(level=level).exclude(pk__in=on_list)


def replacement_list_previous_published(
    *, replacement_list: ReplacementList
) -> ReplacementList | None:
    """The version published before this one (what a published or superseded
    version is compared with)."""
    return (
        ReplacementList.objects.filter(
            agency_id=replacement_list.agency_id,
            version__lt=replacement_list.version,
            published_at__isnull=False,
        )
        .order_by("-version")
        .first()
    )


def catalog_procedures(*, level: str = "", sector: Sector | None = None) -> QuerySet[Procedure]:
    """The active procedures of the national catalog, of a level and sector if given."""
    procedures = Procedure.objects.filter(active=True)
    if level:
        procedures = procedures.filter(level=level)
    if sector is not None:
        procedures = procedures.filter(sector=sector)
    return procedures


def catalog_sectors() -> QuerySet[Sector]:
    return Sector.objects.order_by(vietnamese_order("name"), "id")


# Public reads: the active catalog and published lists only


def procedure_public(*, code: str) -> Procedure | None:
    """An active procedure with its sector, its components in order and each
    component's replacements (in force or adopted for a later date)."""
    components = DossierComponent.objects.order_by("position", "id").prefetch_related(
        Prefetch(
            "replacements",
            queryset=ElectronicReplacement.objects.order_by("effective_date", "document_type"),
        )
    )
    return (
        Procedure.objects.filter(active=True, code=code)
        .select_related("sector")
        .prefetch_related(Prefetch("components", queryset=components))
        .first()
    )


def replacement_lists_published(*, today: datetime.date | None = None) -> QuerySet[ReplacementList]:
    """Every agency's public list, with its agency and how many entries it has:
    the version in force, or, for an agency whose first version is yet to take
    effect, that one. Each row carries `upcoming_date` and `upcoming_version`,
    those of a version published to take over later (None when there is none)."""
    today = today or timezone.localdate()
    upcoming = ReplacementList.objects.filter(
        agency_id=OuterRef("agency_id"), status=ReplacementListStatus.PUBLISHED,
        effective_date__gt=today,
    ).exclude(pk=OuterRef("pk"))  # fmt: skip
    return (
        ReplacementList.objects.filter(status__in=EVER_PUBLISHED)
        .alias(in_force_version=_in_force_version(today=today))
        .filter(
            Q(version=F("in_force_version"))
            | Q(in_force_version__isnull=True, status=ReplacementListStatus.PUBLISHED)
        )
        .select_related("agency")
        .annotate(
            entry_count=Count("entries"),
            upcoming_date=Subquery(upcoming.values("effective_date")[:1]),
            upcoming_version=Subquery(upcoming.values("version")[:1]),
        )
        .order_by(vietnamese_order("agency__name"), "agency__path")
    )


def replacement_list_published_by_code(
    *, agency_code: str, today: datetime.date | None = None
) -> ReplacementList | None:
    """The agency's public list (as `replacement_lists_published` picks it,
    with the same annotations); None when it has none (drafts, versions no
    longer in force and versions yet to take effect behind one in force are
    never what the public reads as the list)."""
    return replacement_lists_published(today=today).filter(agency__code=agency_code).first()


def replacement_list_upcoming_of(
    *, replacement_list: ReplacementList, today: datetime.date | None = None
) -> ReplacementList | None:
    """The agency's version published to take over from `replacement_list` on a
    later date, if any."""
    today = today or timezone.localdate()
    return (
        ReplacementList.objects.filter(
            agency_id=replacement_list.agency_id, status=ReplacementListStatus.PUBLISHED,
            effective_date__gt=today,
        )
        .exclude(pk=replacement_list.pk)
        .select_related("agency")
        .first()
    )  # fmt: skip


def replacement_list_public_entries(
    *, replacement_list: ReplacementList
) -> QuerySet[ReplacementListEntry]:
    """The entries as the public reads them: by sector, procedure and component."""
    return replacement_list.entries.order_by(
        vietnamese_order("sector_name"), "procedure_code", "component_name", "document_type"
    )


def agencies_with_published_list() -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=replacement_lists_published().values("agency_id")).order_by(
        vietnamese_order("name"), "path"
    )
