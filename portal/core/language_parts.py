"""The parts of a "Vietnamese. English." message marked with their language in HTML.

Refusals and notices are written in both languages in one text (the domain
errors, `portal.api_errors.in_both_languages`). Shown in a page, the part not
in the page's language must say which it is (WCAG 3.1.2, Language of Parts),
or a screen reader reads English with Vietnamese sounds: `mark_language_parts`
wraps it in a `<span lang>`. JSON APIs keep the plain text.

The text is cut where its sentences stop being Vietnamese: a sentence is
Vietnamese when many of its words carry Vietnamese letters (ă, đ, ơ, tones),
English when few do and it reads like English. A text not made of Vietnamese
sentences followed by English ones is left whole, only escaped."""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# A sentence ends at . ! ? or … followed by a space (not "1.5", not "12/2026.").
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WORD = re.compile(r"[^\W\d_]+")
# Words that make a sentence with a Vietnamese name or two read as English.
_ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the a an is are was were be been has have had not no of to in on for with by this "
        "that it its you your can cannot may must please and or from as at",
    )
)


def _is_vietnamese_word(word: str) -> bool:
    """Any letter beyond plain ASCII: a tone or ă â đ ê ô ơ ư."""
    return any(
        ord(letter) > 127 and unicodedata.category(letter).startswith("L") for letter in word
    )


def _language_of(sentence: str) -> str | None:
    """ "vi", "en", or None for a sentence with no words (a code, a number)."""
    words = _WORD.findall(sentence)
    if not words:
        return None
    share = sum(map(_is_vietnamese_word, words)) / len(words)
    english = sum(word.lower() in _ENGLISH_WORDS for word in words)
    # An English sentence may name a Vietnamese place, person or field ("… sent to
    # Phường Hồng Bàng", "Saved: Lý do."): fewer such words, and English ones or an English start.
    if share <= 0.25 or (share < 0.5 and (english >= 2 or not _is_vietnamese_word(words[0]))):
        return "en"
    return "vi"


def split_languages(text: str) -> tuple[str, str] | None:
    """(Vietnamese, English) parts of "Vietnamese. English.", or None when the
    text is not one such pair."""
    starts = [0] + [match.end() for match in _SENTENCE_END.finditer(text)]
    languages = [_language_of(text[start:end]) for start, end in
                 zip(starts, [*starts[1:], len(text)], strict=True)]  # fmt: skip
    # The first sentence from which every one is English (or wordless).
    cut = len(languages)
    while cut > 0 and languages[cut - 1] != "vi":
        cut -= 1
    if cut == 0 or cut == len(languages) or "en" not in languages[cut:]:
        return None
    return text[: starts[cut]], text[starts[cut] :]


def mark_language_parts(text, language: str | None = None) -> SafeString:
    """`text` escaped, its part in the other language than `language` (the
    page's, by default the active one) in a `<span lang>`; a list of them (a
    field's errors) each so, joined by a space."""
    if isinstance(text, list | tuple):
        return mark_safe(" ".join(mark_language_parts(item, language) for item in text))
    if hasattr(text, "__html__"):  # already markup, made safe where it was written
        return mark_safe(text.__html__())
    text = str(text)
    parts = split_languages(text)
    if parts is None:
        return escape(text)
    vietnamese, english = parts
    if (language or get_language() or "vi").startswith("en"):
        return format_html('<span lang="vi">{}</span> {}', vietnamese.rstrip(), english)
    return format_html('{}<span lang="en">{}</span>', vietnamese, english)
