"""Vietnamese alphabetical order, for lists a reader scans by name.

Code-point order (SQLite, PostgreSQL's default collation, Python's `sorted`)
puts "Đ…" after "Z" and "Ă/Â/Ê/Ô/Ơ/Ư" after every plain letter. The order
followed here is the one of Vietnamese dictionaries (Vietlex, Vũ Xuân Lương,
"Quy tắc sắp xếp đơn vị từ vựng trong từ điển tiếng Việt"), which CLDR's
Vietnamese collation also encodes:

- letters: a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z);
- then tones: none, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ);
- syllable by syllable: a syllable's letters, then its tone, then the next
  syllable; a shorter name that begins a longer one comes first;
- then lower case before upper case.

`vietnamese_sort_key` sorts in Python. `vietnamese_order` orders a query in
the database, so that pagination cuts pages in the same order: PostgreSQL's
ICU collation "vi-VN-x-icu" (CLDR's rules), and on SQLite a collation of the
same name that calls `vietnamese_sort_key`, registered on every new
connection (`register_sqlite_collation`, connected in CoreConfig.ready).
Registering it, rather than falling back to code-point order on SQLite, keeps
one query for both databases and gives the embedded default the right order
too. ICU compares tones over the whole name after its letters, not syllable
by syllable: it differs from the dictionary only for names whose earlier
syllable differs by its tone alone and a later one by its letters ("Ba Vì"
and "Bà Rịa").

People are ordered the Vietnamese way: by their given name (tên, the last
word of the full name), then by their family and middle names (họ, tên đệm),
each in the order above. `person_sort_key` does it in Python, `person_order`
in the database: the given name and the rest are cut out of the full name by
`regexp_replace` on PostgreSQL, by functions registered with the collation on
SQLite.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, F, Func
from django.db.models.expressions import OrderBy
from django.db.models.functions import Collate

VIETNAMESE_COLLATION = "vi-VN-x-icu"

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}

# The marks that make a letter of their own (primary differences)…
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_MARKED_LETTERS = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
# …and the tone marks (secondary), in dictionary order after the level tone.
_TONE_RANK = {
    "\u0300": 1,  # huyền  à
    "\u0309": 2,  # hỏi    ả
    "\u0303": 3,  # ngã    ã
    "\u0301": 4,  # sắc    á
    "\u0323": 5,  # nặng   ạ
}
# The Icelandic eth is sometimes typed for Đ: it reads as đ.
_LOOKALIKES = {"ð": "đ"}

# Primary classes: punctuation and symbols, then digits, then the Vietnamese
# alphabet, then any other letter.
_PUNCTUATION, _DIGIT, _VIETNAMESE, _OTHER_LETTER = range(4)

Weight = tuple[int, int]
SyllableKey = tuple[tuple[Weight, ...], int, tuple[int, ...]]
SortKey = tuple[tuple[SyllableKey, ...], tuple[int, ...], str]
T = TypeVar("T")


def _clusters(word: str) -> list[tuple[str, str]]:
    """(base character, its combining marks) of a word in NFD."""
    clusters: list[tuple[str, str]] = []
    for char in unicodedata.normalize("NFD", word):
        if clusters and unicodedata.combining(char):
            base, marks = clusters[-1]
            clusters[-1] = (base, marks + char)
        else:
            clusters.append((char, ""))
    return clusters


def _primary(letter: str) -> Weight:
    if letter in _LETTER_RANK:
        return (_VIETNAMESE, _LETTER_RANK[letter])
    if letter.isdigit():
        return (_DIGIT, ord(letter))
    if letter.isalpha():
        return (_OTHER_LETTER, ord(letter))
    return (_PUNCTUATION, ord(letter))


def _syllable_key(syllable: str, cases: list[int]) -> SyllableKey:
    """A syllable's letters, its tone, then any other mark; appends the case of
    each character to `cases` (lower case first)."""
    letters: list[Weight] = []
    tone = 0
    other_marks: list[int] = []
    for base, marks in _clusters(syllable):
        letter = base.lower()
        cases.append(0 if letter == base else 1)
        letter = _LOOKALIKES.get(letter, letter)
        for mark in marks:
            if (letter, mark) in _MARKED_LETTERS:
                letter = _MARKED_LETTERS[letter, mark]
            elif mark in _TONE_RANK and not tone:
                tone = _TONE_RANK[mark]
            else:
                other_marks.append(ord(mark))
        letters.extend(_primary(char) for char in letter)
    return (tuple(letters), tone, tuple(other_marks))


@lru_cache(maxsize=8192)
def vietnamese_sort_key(text: str) -> SortKey:
    """A key that sorts Vietnamese text in dictionary order (see the module's
    docstring); equal keys only for the same text."""
    cases: list[int] = []
    syllables = tuple(_syllable_key(syllable, cases) for syllable in text.split())
    return (syllables, tuple(cases), unicodedata.normalize("NFC", text))


def vietnamese_sorted(items: Iterable[T], *, key: Callable[[T], object] = str) -> list[T]:
    """`items` in Vietnamese order of `key(item)` (the item's text by default)."""
    return sorted(items, key=lambda item: vietnamese_sort_key(str(key(item))))


def vietnamese_order(field: str, *, descending: bool = False) -> OrderBy:
    """An `order_by` term: `field` in Vietnamese order, in the database."""
    collated = Collate(F(field), VIETNAMESE_COLLATION)
    return collated.desc() if descending else collated.asc()


def given_name(full_name: str) -> str:
    """The given name (tên): the last word of a Vietnamese full name."""
    words = full_name.split()
    return words[-1] if words else ""


def family_and_middle_names(full_name: str) -> str:
    """The family and middle names (họ, tên đệm): all but the last word."""
    return " ".join(full_name.split()[:-1])


def person_sort_key(full_name: str) -> tuple[SortKey, SortKey]:
    """A key that sorts people by given name, then family and middle names."""
    return (
        vietnamese_sort_key(given_name(full_name)),
        vietnamese_sort_key(family_and_middle_names(full_name)),
    )


def people_sorted(items: Iterable[T], *, key: Callable[[T], object] = str) -> list[T]:
    """`items` in the Vietnamese order of people, `key(item)` being a full name."""
    return sorted(items, key=lambda item: person_sort_key(str(key(item))))


class _NamePart(Func):
    """A part of a full name cut out in the database: a registered function on
    SQLite, a regular expression on PostgreSQL (whose `\\s` is any space)."""

    arity = 1
    output_field = CharField()
    pattern = ""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"regexp_replace(btrim({sql}), %s, '')", (*params, self.pattern)


class GivenName(_NamePart):
    function = "vi_given_name"
    pattern = r"^.*\s"  # everything up to the last space


class FamilyAndMiddleNames(_NamePart):
    function = "vi_family_and_middle_names"
    pattern = r"\s*\S+$"  # the last word and the spaces before it


def person_order(field: str = "full_name") -> list[OrderBy]:
    """`order_by` terms: people by the full name in `field`, given name first,
    in Vietnamese order, in the database. Add a unique field to break ties."""
    return [
        Collate(GivenName(F(field)), VIETNAMESE_COLLATION).asc(),
        Collate(FamilyAndMiddleNames(F(field)), VIETNAMESE_COLLATION).asc(),
    ]


def _compare(left: str, right: str) -> int:
    left_key, right_key = vietnamese_sort_key(left), vietnamese_sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


_SQLITE_NAME_PARTS = {
    GivenName.function: given_name,
    FamilyAndMiddleNames.function: family_and_middle_names,
}


def register_sqlite_collation(sender, connection: BaseDatabaseWrapper, **kwargs) -> None:
    """connection_created receiver: SQLite learns the collation PostgreSQL has,
    and how to cut a full name into given name and the rest."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(VIETNAMESE_COLLATION, _compare)
        for name, part in _SQLITE_NAME_PARTS.items():
            connection.connection.create_function(name, 1, part, deterministic=True)
