"""Reading a database key from what a request carries (a query string, a form)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

Keyed = TypeVar("Keyed", bound=Model)

# A key has at most 18 digits: every such number fits a 64-bit integer column,
# where a longer one overflows the database driver (a 500, not a refusal).
_MAX_DIGITS = 18


def key_or_none(raw: str | None) -> int | None:
    """`raw` as a positive database key if it is a plain decimal number that
    fits one (ASCII digits only: "²" is a digit to str.isdigit, not to int),
    else None, which finds nothing."""
    raw = (raw or "").strip()
    if raw.isascii() and raw.isdigit() and len(raw) <= _MAX_DIGITS and int(raw) > 0:
        return int(raw)
    return None


def keys(values: list[str]) -> list[int]:
    """The values that are database keys (see key_or_none), the others left out."""
    return [key for key in map(key_or_none, values) if key is not None]


def keyed_or_none(choices: QuerySet[Keyed], raw: str | None) -> Keyed | None:
    """The object among `choices` whose key `raw` names (see key_or_none),
    else None. For a form's choice: naming nothing, or nothing the user may
    choose, is a refusal next to that field (a 400, what was typed kept), not
    the 404 kept for an address naming what the user may not see."""
    key = key_or_none(raw)
    return None if key is None else choices.filter(pk=key).first()
