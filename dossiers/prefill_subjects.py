"""Whose record each part of a dossier's prefill reads: the subject's, or the
applicant's own for fields bound to it (datasources.bindings), read apart only
when the applicant is not the subject."""

from __future__ import annotations

from collections.abc import Container

from datasources.bindings import Binding, part_source
from dossiers.models import Dossier
from dossiers.purposes import dossier_data_subject


def applicant_is_data_subject(dossier: Dossier) -> bool:
    """Whether the applicant's own record is the one the dossier reads."""
    return dossier_data_subject(dossier) == dossier.applicant.personal_id


def dossier_parts(dossier: Dossier, needs: dict[str, list[str]]) -> dict[str, list[str]]:
    """The prefill parts to read for the dossier: `needs` per part, the
    applicant's own record folded into its source's part when the applicant is
    the subject (one record, read and logged once)."""
    if not applicant_is_data_subject(dossier) or dossier.procedure.concerns:
        # Read apart also when a source is read for the person the dossier
        # concerns (dossiers/concerned.py): the applicant's own record is not theirs.
        return {part: list(fields) for part, fields in needs.items()}
    parts: dict[str, list[str]] = {}
    for part, fields in needs.items():
        merged = parts.setdefault(part_source(part)[0], [])
        merged.extend(name for name in fields if name not in merged)
    return parts


def part_read(dossier: Dossier, part: str) -> tuple[str, str]:
    """The source a prefill part reads and whose record (a personal ID): the
    applicant's for their own part; for the source that holds the papers about
    the person the dossier concerns (the deceased's death record), that
    person's; the dossier's data subject's otherwise. The access log names
    that person as the one whose data was read."""
    from dossiers.concerned import concerned_source

    source, own = part_source(part)
    if own:
        return source, dossier.applicant.personal_id or ""
    if source == concerned_source(dossier):
        return source, dossier.concerned_personal_id
    return source, dossier_data_subject(dossier)


def binding_part(binding: Binding, parts: Container[str]) -> str:
    """The prefill part a field's binding reads in this dossier: the applicant's
    own part when it was read apart, else the part its source was folded into."""
    if binding.applicant and binding.part in parts:
        return binding.part
    return binding.source
