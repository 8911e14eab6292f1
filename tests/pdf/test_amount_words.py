"""An amount of đồng in words, as a receipt states it beside the digits: the
readings that differ from digit-by-digit (lăm, mốt, linh, không trăm) and the
'chẵn' of a whole number of thousands."""

import pytest

from portal.pdf import vnd_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (15, "Mười lăm đồng"),
        (20, "Hai mươi đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi bốn đồng"),
        (25, "Hai mươi lăm đồng"),
        (55, "Năm mươi lăm đồng"),
        (100, "Một trăm đồng"),
        (101, "Một trăm linh một đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (115, "Một trăm mười lăm đồng"),
        (500, "Năm trăm đồng"),
        (999, "Chín trăm chín mươi chín đồng"),
    ],
)
def test_amounts_below_a_thousand_are_read_as_spoken(amount, words):
    assert vnd_in_words(amount) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1_000, "Một nghìn đồng chẵn"),
        (15_000, "Mười lăm nghìn đồng chẵn"),
        (25_000, "Hai mươi lăm nghìn đồng chẵn"),
        (50_000, "Năm mươi nghìn đồng chẵn"),
        (100_000, "Một trăm nghìn đồng chẵn"),
        (105_000, "Một trăm linh năm nghìn đồng chẵn"),
        (1_000_000, "Một triệu đồng chẵn"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng chẵn"),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng chẵn"),
        (2_500_000, "Hai triệu năm trăm nghìn đồng chẵn"),
        (21_000_000, "Hai mươi mốt triệu đồng chẵn"),
        (1_000_000_000, "Một tỷ đồng chẵn"),
        (1_005_000_000, "Một tỷ không trăm linh năm triệu đồng chẵn"),
        (215_000_000_000, "Hai trăm mười lăm tỷ đồng chẵn"),
        (
            999_999_999_000,
            "Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
            "chín trăm chín mươi chín nghìn đồng chẵn",
        ),  # fmt: skip
        (1_000_000_000_000, "Một nghìn tỷ đồng chẵn"),
    ],
)
def test_whole_thousands_say_the_inner_empty_hundreds_and_are_even(amount, words):
    assert vnd_in_words(amount) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1_001, "Một nghìn không trăm linh một đồng"),
        (1_500, "Một nghìn năm trăm đồng"),
        (10_010, "Mười nghìn không trăm mười đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (12_345_678, "Mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám đồng"),
        (1_000_000_021, "Một tỷ không trăm hai mươi mốt đồng"),
    ],
)
def test_amounts_not_in_whole_thousands_are_not_even(amount, words):
    assert vnd_in_words(amount) == words


def test_a_negative_amount_has_no_words():
    with pytest.raises(ValueError):
        vnd_in_words(-1)
