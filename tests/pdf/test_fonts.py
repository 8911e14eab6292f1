"""The embedded font draws every Vietnamese letter, on a machine with no system font."""

import unicodedata

from portal.pdf.fonts import VIETNAMESE_LETTERS, document_font, vietnamese_letters_missing


def test_the_alphabet_holds_every_vietnamese_letter_in_both_cases():
    # 12 vowels x 6 tones + đ, the 26 Latin letters, in upper and lower case.
    assert {"ấ", "Ấ", "ự", "Ự", "ỷ", "Ỷ", "đ", "Đ", "ằ", "Ẵ", "ợ", "Ỡ"} <= VIETNAMESE_LETTERS
    assert len(VIETNAMESE_LETTERS) == 186
    assert all(unicodedata.is_normalized("NFC", letter) for letter in VIETNAMESE_LETTERS)


def test_each_style_of_the_document_font_covers_every_vietnamese_letter():
    family = document_font()
    for style, path in family.styles().items():
        assert path.is_file(), f"{style!r}: {path} is not installed"
        assert vietnamese_letters_missing(path) == set(), f"style {style!r} misses letters"


def test_the_font_comes_from_an_installed_package_not_the_system():
    path = document_font().regular
    assert "font_roboto" in path.parts
    assert document_font().licence == "Apache License 2.0"
