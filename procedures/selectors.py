"""Reusable reads of the catalog and of replacement lists. Staff reads start
from what the user may see (`agencies_visible_to`); public reads see only the
active catalog and published lists."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

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


def replacement_lists_current_of(*, agencies) -> dict[int, dict[str, ReplacementList]]:
    """Per agency id, its open list ("open") and its published list ("published"),
    in one query."""
    current: dict[int, dict[str, ReplacementList]] = {}
    lists = ReplacementList.objects.filter(
        agency__in=agencies,
        status__in=[*OPEN_LIST_STATUSES, ReplacementListStatus.PUBLISHED],
    )
    for replacement_list in lists:
        slot = "published" if replacement_list.status == ReplacementListStatus.PUBLISHED else "open"
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


def replacement_lists_published() -> QuerySet[ReplacementList]:
    """Every agency's published list, with its agency and how many entries it has."""
    return (
        ReplacementList.objects.filter(status=ReplacementListStatus.PUBLISHED)
        .select_related("agency")
        .annotate(entry_count=Count("entries"))
        .order_by(vietnamese_order("agency__name"), "agency__path")
    )


def replacement_list_published_by_code(*, agency_code: str) -> ReplacementList | None:
    """The agency's published list; None when it has none (drafts and older
    versions are never public)."""
    return (
        ReplacementList.objects.filter(
            status=ReplacementListStatus.PUBLISHED, agency__code=agency_code
        )
        .select_related("agency")
        .first()
    )


def replacement_list_public_entries(
    *, replacement_list: ReplacementList
) -> QuerySet[ReplacementListEntry]:
    """The entries as the public reads them: by sector, procedure and component."""
    return replacement_list.entries.order_by(
        vietnamese_order("sector_name"), "procedure_code", "component_name", "document_type"
    )


def agencies_with_published_list() -> QuerySet[Agency]:
    return Agency.objects.filter(
        replacement_lists__status=ReplacementListStatus.PUBLISHED
    ).order_by(vietnamese_order("name"), "path")
