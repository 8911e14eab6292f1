"""A procedure's components, each with its e-form and its replacements, kept
in memory per process while the procedure is unchanged.

Every page of a dossier and every submission needs them, and the catalog
changes seldom. A change to a component, a replacement or an e-form touches
the procedures concerned (their `updated_at`, see procedures.signals), and
that time is the cache's key: a process reading the procedure afresh sees the
change at once, whichever process made it. The components returned are
shared: read them, never change them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch
from django.utils import timezone

from procedures.models import DossierComponent, ElectronicReplacement, Procedure

_components: dict[int, tuple[datetime.datetime, tuple[DossierComponent, ...]]] = {}


def procedure_components(
    procedure_id: int, *, updated_at: datetime.datetime | None = None
) -> tuple[DossierComponent, ...]:
    """The procedure's components in order, each with its `form` and its
    `replacements_all` (by document type). Pass the procedure's `updated_at`
    when it was just read from the database; otherwise one small query reads it."""
    if updated_at is None:
        updated_at = (
            Procedure.objects.filter(pk=procedure_id).values_list("updated_at", flat=True).first()
        )
    cached = _components.get(procedure_id)
    if cached is not None and cached[0] == updated_at:
        return cached[1]
    components = tuple(
        DossierComponent.objects.filter(procedure_id=procedure_id)
        .select_related("form")
        .prefetch_related(
            Prefetch(
                "replacements",
                queryset=ElectronicReplacement.objects.order_by("document_type"),
                to_attr="replacements_all",
            )
        )
        .order_by("position", "id")
    )
    if updated_at is not None:
        _components[procedure_id] = (updated_at, components)
    return components


def procedures_touch(procedure_ids: Iterable[int]) -> None:
    """Mark the procedures changed: every process reads their components again."""
    ids = set(procedure_ids)
    for procedure_id in ids:
        _components.pop(procedure_id, None)
    if ids:
        Procedure.objects.filter(pk__in=ids).update(updated_at=timezone.now())


def components_forget() -> None:
    """Drop what this process keeps (tests whose database rolls back reuse ids)."""
    _components.clear()
