"""Why personal data is read. Every lookup names a purpose: a dossier or a
complaint (built by their apps), or a correction request being handled."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class PurposeKind(models.TextChoices):
    DOSSIER = "dossier", _("Dossier")
    COMPLAINT = "complaint", _("Complaint")
    CORRECTION = "correction", _("Correction request")


@dataclass(frozen=True)
class Purpose:
    kind: str
    reference: str
    label: str
    # The unit handling the case: officials of it (and leaders above it) may read.
    agency_id: int | None
    # The citizen who started the case: they may read for it.
    applicant_id: int | None
    # Whose data the case concerns: the subject, and the applicant acting for them.
    subject_personal_ids: frozenset[str]
    # A case about an enterprise (its legal representative acting): only the
    # representative's own records are read for it, the enterprise's narrowed from them.
    enterprise_code: str = ""


# How a case is named now to the person whose data was read for it. The access
# log keeps the label a case had when the data was read: a dossier read while a
# draft has no code yet. Each app that makes purposes registers how to name its
# cases today, so that this module depends on none of them.
CurrentLabels = Callable[[set[str]], dict[str, str]]
_current_labels: dict[str, CurrentLabels] = {}


def current_labels_register(kind: str, labels: CurrentLabels) -> None:
    """`labels(references)`: the current name of each case of this kind named
    by its reference, for those that have a better one than the label kept."""
    _current_labels[kind] = labels


def purposes_named_now(entries: Iterable) -> list:
    """The access-log entries, each with `purpose_shown`: its case as named now,
    or the label kept when the data was read."""
    entries = list(entries)
    references: dict[str, set[str]] = {}
    for entry in entries:
        if entry.purpose_type in _current_labels and entry.purpose_id:
            references.setdefault(entry.purpose_type, set()).add(entry.purpose_id)
    names = {
        kind: _current_labels[kind](wanted) for kind, wanted in references.items()
    }  # one query per kind of case on the page
    for entry in entries:
        entry.purpose_shown = names.get(entry.purpose_type, {}).get(
            entry.purpose_id, entry.purpose_label
        )
    return entries
