"""What changes between two versions of a replacement list: the entries a new
version adds, those it drops, and those it keeps with a different text (the
replacing fields, the legal basis, the effective date…). Entries are matched
by their key: procedure code, component code and document type."""

from __future__ import annotations

from dataclasses import dataclass, field

from procedures.models import ReplacementList, ReplacementListEntry

# What a reader of the list would see change for an entry that stays on it.
COMPARED_FIELDS = (
    "procedure_name", "sector_name", "component_name", "source", "fields", "legal_basis",
    "effective_date",
)  # fmt: skip


@dataclass(frozen=True)
class EntryChange:
    old: ReplacementListEntry
    new: ReplacementListEntry
    fields: tuple[str, ...]  # the COMPARED_FIELDS that differ


@dataclass(frozen=True)
class ListDiff:
    added: list[ReplacementListEntry] = field(default_factory=list)
    removed: list[ReplacementListEntry] = field(default_factory=list)
    changed: list[EntryChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _value(entry: ReplacementListEntry, name: str):
    value = getattr(entry, name)
    # The order of the replacing fields carries no meaning.
    return sorted(value) if name == "fields" else value


def entries_diff(*, old: list[ReplacementListEntry], new: list[ReplacementListEntry]) -> ListDiff:
    """The difference between two sets of entries, in key order."""
    old_by_key = {entry.key: entry for entry in old}
    new_by_key = {entry.key: entry for entry in new}
    added = [new_by_key[key] for key in sorted(new_by_key.keys() - old_by_key.keys())]
    removed = [old_by_key[key] for key in sorted(old_by_key.keys() - new_by_key.keys())]
    changed, unchanged = [], 0
    for key in sorted(old_by_key.keys() & new_by_key.keys()):
        before, after = old_by_key[key], new_by_key[key]
        differing = tuple(
            name for name in COMPARED_FIELDS if _value(before, name) != _value(after, name)
        )
        if differing:
            changed.append(EntryChange(old=before, new=after, fields=differing))
        else:
            unchanged += 1
    return ListDiff(added=added, removed=removed, changed=changed, unchanged=unchanged)


def replacement_list_diff(*, old: ReplacementList | None, new: ReplacementList) -> ListDiff:
    """What `new` changes against `old` (every entry is added when there is no
    old version). Two queries."""
    old_entries = list(old.entries.all()) if old is not None else []
    return entries_diff(old=old_entries, new=list(new.entries.all()))
