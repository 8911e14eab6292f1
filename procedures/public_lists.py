"""A published replacement list as citizens read it: entries grouped by sector
and procedure with the names of their document types, sources and fields; the
counter poster's summary and its QR code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby

import segno
from django.conf import settings
from django.urls import reverse

from datasources.documents import UnknownDocumentType, document_type
from datasources.exceptions import UnknownField, UnknownSource
from datasources.registry import source, source_name
from portal.core.vietnamese import vietnamese_sort_key
from procedures.diff import entries_diff
from procedures.models import ReplacementList, ReplacementListEntry
from procedures.selectors import replacement_list_public_entries, replacement_list_upcoming_of


def document_type_name(code: str, *, vietnamese: bool = False) -> str:
    """The document type's name (in the page language unless `vietnamese`); the
    code itself for a type the registry no longer knows."""
    try:
        known = document_type(code)
    except UnknownDocumentType:
        return code
    return known.name_vi if vietnamese else known.name


def field_labels(source_code: str, names: Iterable[str], *, vietnamese: bool = False) -> list[str]:
    labels = []
    for name in names:
        try:
            known = source(source_code).field(name)
        except (UnknownSource, UnknownField):
            labels.append(name)
        else:
            labels.append(known.label_vi if vietnamese else known.label)
    return labels


@dataclass(frozen=True)
class PublicEntry:
    entry: ReplacementListEntry
    document_name: str
    source_name: str
    field_labels: list[str]


@dataclass
class ProcedureGroup:
    code: str
    name: str
    entries: list[PublicEntry] = field(default_factory=list)


@dataclass
class SectorGroup:
    name: str
    procedures: list[ProcedureGroup] = field(default_factory=list)


def public_entry(entry: ReplacementListEntry) -> PublicEntry:
    return PublicEntry(
        entry=entry,
        document_name=document_type_name(entry.document_type),
        source_name=source_name(entry.source),
        field_labels=field_labels(entry.source, entry.fields),
    )


def entries_by_sector(entries: Iterable[ReplacementListEntry]) -> list[SectorGroup]:
    """Entries ordered by sector name and procedure code, grouped so."""
    sectors = []
    for sector, in_sector in groupby(entries, key=lambda entry: entry.sector_name):
        group = SectorGroup(name=sector)
        for (code, name), in_procedure in groupby(
            in_sector, key=lambda entry: (entry.procedure_code, entry.procedure_name)
        ):
            entries_of_procedure = [public_entry(entry) for entry in in_procedure]
            group.procedures.append(ProcedureGroup(code, name, entries_of_procedure))
        sectors.append(group)
    return sectors


@dataclass(frozen=True)
class PosterLine:
    """One paper applicants no longer bring, and in how many procedures."""

    document_name: str
    source_name: str
    procedures: int


class ListBody:
    """The entries of a published list, grouped, read from the database only
    when a page renders them: a published list never changes, so its page
    caches this part per version and language (templates/procedures/public/
    list_detail.html) and most views never run the query."""

    def __init__(self, replacement_list: ReplacementList) -> None:
        self.replacement_list = replacement_list

    @cached_property
    def sectors(self) -> list[SectorGroup]:
        return entries_by_sector(
            replacement_list_public_entries(replacement_list=self.replacement_list)
        )

    @cached_property
    def entry_count(self) -> int:
        return sum(len(group.entries) for sector in self.sectors for group in sector.procedures)

    @cached_property
    def procedure_count(self) -> int:
        return sum(len(sector.procedures) for sector in self.sectors)


class UpcomingChanges:
    """What the version published to take over on a later date will add to and
    remove from the list in force, and which entries it keeps with another text,
    so that applicants know ahead. Read only when a page renders it: like the
    body, both versions never change and the page caches it."""

    def __init__(self, replacement_list: ReplacementList) -> None:
        self.replacement_list = replacement_list

    @cached_property
    def upcoming(self) -> ReplacementList | None:
        return replacement_list_upcoming_of(replacement_list=self.replacement_list)

    @cached_property
    def _diff(self):
        if self.upcoming is None:
            return entries_diff(old=[], new=[])
        return entries_diff(
            old=list(replacement_list_public_entries(replacement_list=self.replacement_list)),
            new=list(replacement_list_public_entries(replacement_list=self.upcoming)),
        )

    @cached_property
    def added(self) -> list[PublicEntry]:
        return [public_entry(entry) for entry in self._diff.added]

    @cached_property
    def removed(self) -> list[PublicEntry]:
        return [public_entry(entry) for entry in self._diff.removed]

    @cached_property
    def changed(self) -> list[PublicEntry]:
        """The entries kept, as the new version words them."""
        return [public_entry(change.new) for change in self._diff.changed]

    @property
    def unchanged(self) -> int:
        return self._diff.unchanged


def poster_lines(entries: Iterable[ReplacementListEntry]) -> list[PosterLine]:
    """The document types of the list, the most used first: a counter poster
    has room for the papers, not for every procedure."""
    procedures_of: dict[tuple[str, str], set[str]] = {}
    for entry in entries:
        procedures_of.setdefault((entry.document_type, entry.source), set()).add(
            entry.procedure_code
        )
    lines = [
        PosterLine(document_type_name(kind), source_name(source_code), len(codes))
        for (kind, source_code), codes in procedures_of.items()
    ]
    return sorted(
        lines, key=lambda line: (-line.procedures, vietnamese_sort_key(line.document_name))
    )


def list_page_url(replacement_list: ReplacementList) -> str:
    """The absolute address of the list's public page (for the poster's QR code)."""
    path = reverse("procedures:list", args=[replacement_list.agency.code])
    return f"{settings.PORTAL_BASE_URL}{path}"


def qr_svg(data: str, *, title: str) -> str:
    """An inline SVG QR code, sharp at any print size, with an accessible title."""
    return segno.make(data, error="m").svg_inline(
        scale=8, border=2, title=title, svgclass="qr-code", lineclass=None, omitsize=True
    )
