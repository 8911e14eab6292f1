"""The font embedded in every document: Roboto (Apache License 2.0), shipped
by the `font-roboto` package, so that a machine without any system font
renders Vietnamese the same way. Its coverage of the Vietnamese alphabet is
checked by the test suite with `vietnamese_letters_missing()`."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from fontTools.ttLib import TTFont

# fpdf2 subsets the font of every document with fontTools, which reports each
# step at INFO level: noise in the portal's logs, not news.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

_VOWELS = "aăâeêioôơuưy"
# Grave, acute, tilde, hook above, dot below: the five marked tones, and none.
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")


def _vietnamese_letters() -> frozenset[str]:
    letters = set("abcdefghijklmnopqrstuvwxyzđ")
    for vowel in _VOWELS:
        for tone in _TONES:
            letters.add(unicodedata.normalize("NFC", vowel + tone))
    return frozenset(letters | {letter.upper() for letter in letters})


# Every letter of Vietnamese, upper and lower case, precomposed (NFC).
VIETNAMESE_LETTERS: frozenset[str] = _vietnamese_letters()
# What documents also print besides letters: digits, punctuation, dashes, quotes.
PRINTED_SYMBOLS: frozenset[str] = frozenset("0123456789.,;:!?()[]/-–—‘’“”'\"%&+=*#@_…·•№")


@dataclass(frozen=True)
class FontFamily:
    """One family in the four styles fpdf2 knows ("", "B", "I", "BI")."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    licence: str

    def styles(self) -> dict[str, Path]:
        return {"": self.regular, "B": self.bold, "I": self.italic, "BI": self.bold_italic}


@cache
def document_font() -> FontFamily:
    """The family documents are set in."""
    files = Path(str(resources.files("font_roboto") / "files"))
    return FontFamily(
        name="Roboto",
        regular=files / "Roboto-Regular.ttf",
        bold=files / "Roboto-Bold.ttf",
        italic=files / "Roboto-Italic.ttf",
        bold_italic=files / "Roboto-BoldItalic.ttf",
        licence="Apache License 2.0",
    )


def characters_missing(path: Path, characters: frozenset[str]) -> set[str]:
    """The characters of `characters` that the font file has no glyph for."""
    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap()
    return {char for char in characters if ord(char) not in cmap}


def vietnamese_letters_missing(path: Path) -> set[str]:
    """The Vietnamese letters (and printed symbols) the font file cannot draw."""
    return characters_missing(path, VIETNAMESE_LETTERS | PRINTED_SYMBOLS)
