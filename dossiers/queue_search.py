"""What an official types to find the dossier or complaint a caller speaks of.

One box takes a code or its beginning ("11311-261203-5004", "pakn 260924"),
a 12-digit personal identification number, a phone number where the queue
keeps one (complaints), or else a name. A code and a personal ID are matched
exactly or by prefix, so that the unique index on the code, and the indexes
on the personal IDs, find them among a million rows; a name is matched word
by word from its start, folded (no diacritics, any case: "nguyen van an"
finds Nguyễn Văn An), over the rows the other filters leave.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Concat, Replace
from django.utils.translation import gettext_lazy as _

from procedures.indexing import Folded, fold

# Longer than any code, ID, phone number or name anyone reads out on the phone.
SEARCH_MAX_LENGTH = 100

# The search box's refusals (form error_messages), in both languages.
SEARCH_ERRORS = {
    "max_length": _("Nhập tối đa %(limit_value)d ký tự. Type at most %(limit_value)d characters."),
    "null_characters_not_allowed": _(
        "Ô tìm kiếm có ký tự không hợp lệ. The search has a character that is not allowed."
    ),
}

_CODE = re.compile(r"[0-9A-Za-z\s\-–]*[0-9][0-9A-Za-z\s\-–]*")
_CODE_SEPARATORS = re.compile(r"\s*[-–]\s*|\s+")
_PERSONAL_ID = re.compile(r"\d{12}")
_PHONE = re.compile(r"\+?[\d\s.\-()]+")
# A phone number's digits after its trunk prefix: 9 for a mobile, 10 for a landline.
PHONE_MIN_DIGITS = 9
# The characters a phone number is written with besides its digits.
PHONE_PUNCTUATION = (" ", ".", "-", "(", ")", "+")


class SearchKind:
    CODE = "code"
    PERSONAL_ID = "personal_id"
    PHONE = "phone"
    NAME = "name"


@dataclass(frozen=True)
class Search:
    kind: str
    value: str  # normalised: a code upper case, an ID's or phone's digits, a name folded


def search_parse(text: str, *, phones: bool = False) -> Search | None:
    """What the text is, normalised; None for nothing typed. With `phones`, a
    number that is not a personal ID is a phone number, not a code."""
    text = " ".join(text.split())
    if not text:
        return None
    compact = re.sub(r"[\s.]", "", text)
    if _PERSONAL_ID.fullmatch(compact):
        return Search(SearchKind.PERSONAL_ID, compact)
    if phones and _PHONE.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        if text.startswith("+84") or (digits.startswith("84") and len(digits) == 11):
            digits = digits[2:]
        # The number without its trunk prefix: stored as 0912…, +84 912… or 84912….
        national = digits.lstrip("0")
        if len(national) >= PHONE_MIN_DIGITS:
            return Search(SearchKind.PHONE, national)
    if _CODE.fullmatch(text):
        return Search(SearchKind.CODE, "-".join(_CODE_SEPARATORS.split(text.upper())))
    name = fold(text)
    return Search(SearchKind.NAME, name) if name else None


def names_match(rows: QuerySet, fields: Sequence[str], name: str) -> QuerySet:
    """The rows where one of the name fields has words beginning as the folded
    name does ("van an" finds Nguyễn Văn An, "an" does not find Lan)."""
    matches = Q()
    for n, field in enumerate(fields):
        alias = f"folded_name_{n}"
        rows = rows.alias(**{alias: Concat(Value(" "), Folded(F(field)), output_field=CharField())})
        matches |= Q(**{f"{alias}__contains": f" {name}"})
    return rows.filter(matches)


def phone_digits(field: str) -> Replace:
    """The phone number in `field` as its digits, however it was written."""
    expression = F(field)
    for character in PHONE_PUNCTUATION:
        expression = Replace(expression, Value(character), Value(""))
    return expression
