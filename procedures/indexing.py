"""The accent-free text that catalog search runs over. Vietnamese is folded
the way people type without a Vietnamese keyboard: "Đăng ký khai sinh" →
"dang ky khai sinh"."""

from __future__ import annotations

import unicodedata

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func, TextField

from procedures.models import Procedure


def fold(text: str) -> str:
    """Lower-case, without diacritics (đ → d), whitespace collapsed."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


class Folded(Func):
    """`fold` in the database: PostgreSQL's procedures_fold (unaccent, migration
    0002); on SQLite `fold` itself, registered on each connection."""

    function = "procedures_fold"
    output_field = TextField()


def register_sqlite_fold(sender, connection: BaseDatabaseWrapper, **kwargs) -> None:
    """connection_created receiver: SQLite learns procedures_fold."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            Folded.function, 1, lambda text: None if text is None else fold(text),
            deterministic=True,
        )  # fmt: skip


def search_document_for(procedure: Procedure, component_names: list[str]) -> str:
    return fold(" ".join([procedure.code, procedure.name, procedure.sector.name, *component_names]))


def search_documents_refresh(*, procedures) -> int:
    """Recompute the search text of these procedures from their components.
    Returns how many changed."""
    changed = []
    for procedure in procedures.select_related("sector").prefetch_related("components"):
        document = search_document_for(
            procedure, [component.name for component in procedure.components.all()]
        )
        if document != procedure.search_document:
            procedure.search_document = document
            changed.append(procedure)
    Procedure.objects.bulk_update(changed, ["search_document"], batch_size=500)
    return len(changed)
