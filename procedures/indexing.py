"""The accent-free text that catalog search runs over. Vietnamese is folded
the way people type without a Vietnamese keyboard: "Đăng ký khai sinh" →
"dang ky khai sinh"."""

from __future__ import annotations

import unicodedata

from procedures.models import Procedure


def fold(text: str) -> str:
    """Lower-case, without diacritics (đ → d), whitespace collapsed."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


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
