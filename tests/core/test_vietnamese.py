"""Vietnamese alphabetical order: letters a ă â b c d đ e ê … ư v x y, then the
tones (none, huyền, hỏi, ngã, sắc, nặng) syllable by syllable, then lower case
first, as Vietnamese dictionaries order their words; the same order in the
database (PostgreSQL's ICU collation, a registered collation on SQLite)."""

from __future__ import annotations

import random
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from portal.core.vietnamese import (
    VIETNAMESE_COLLATION,
    people_sorted,
    person_order,
    vietnamese_order,
    vietnamese_sort_key,
    vietnamese_sorted,
)
from procedures.models import Sector
from tests.accounts.factories import UserFactory


def _shuffled_then_sorted(words: list[str]) -> list[str]:
    shuffled = words[:]
    random.Random(7).shuffle(shuffled)
    return vietnamese_sorted(shuffled)


def test_the_letters_follow_the_vietnamese_alphabet():
    alphabet = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")

    assert _shuffled_then_sorted(alphabet) == alphabet


def test_d_with_stroke_comes_right_after_d_not_after_z():
    words = ["Yên Bái", "Đà Nẵng", "Dương Kinh", "Đồ Sơn", "Điện Biên", "Vĩnh Long"]

    assert _shuffled_then_sorted(words) == [
        "Dương Kinh", "Đà Nẵng", "Điện Biên", "Đồ Sơn", "Vĩnh Long", "Yên Bái",
    ]  # fmt: skip


def test_breve_circumflex_and_horn_make_letters_of_their_own():
    words = ["Ân", "Ăn", "An", "Ơn", "Ôn", "Ong", "Ưng", "Uy", "Ê-đê", "Em"]

    assert _shuffled_then_sorted(words) == [
        "An", "Ăn", "Ân", "Em", "Ê-đê", "Ong", "Ôn", "Ơn", "Uy", "Ưng",
    ]  # fmt: skip


def test_tones_follow_the_dictionary_none_huyen_hoi_nga_sac_nang():
    assert _shuffled_then_sorted(["ạ", "á", "ã", "ả", "à", "a"]) == ["a", "à", "ả", "ã", "á", "ạ"]
    assert _shuffled_then_sorted(["hại", "hài", "hai"]) == ["hai", "hài", "hại"]


def test_letters_decide_before_tones():
    # ang before anh whatever their tones; ác (ac + nothing) before ách (ac + h).
    assert _shuffled_then_sorted(["anh", "ạng", "ách", "ác", "cha", "chán"]) == [
        "ác", "ách", "ạng", "anh", "cha", "chán",
    ]  # fmt: skip


def test_names_compare_syllable_by_syllable_a_shorter_one_first():
    words = ["Bác Ái", "bà", "Bà Rịa", "Ba Vì", "ba", "ba ba", "Bắc Ninh"]

    assert _shuffled_then_sorted(words) == [
        "ba", "ba ba", "Ba Vì", "bà", "Bà Rịa", "Bác Ái", "Bắc Ninh",
    ]  # fmt: skip


def test_case_only_breaks_ties_lower_case_first():
    assert _shuffled_then_sorted(["Bắc", "an", "bắc", "An", "ÂN"]) == [
        "an",
        "An",
        "ÂN",
        "bắc",
        "Bắc",
    ]


def test_decomposed_text_and_either_tone_placement_sort_alike():
    composed = "Thành phố Hồ Chí Minh"
    decomposed = unicodedata.normalize("NFD", composed)

    assert vietnamese_sort_key(decomposed) == vietnamese_sort_key(composed)
    # "Hòa" and the older "Hoà" differ only as text, after letters, tones and case.
    assert vietnamese_sort_key("Hòa Bình")[:2] == vietnamese_sort_key("Hoà Bình")[:2]
    assert vietnamese_sort_key("Hoà Bình") != vietnamese_sort_key("Hòa Bình")


def test_an_icelandic_eth_typed_for_d_with_stroke_reads_as_it():
    assert vietnamese_sort_key("ÐỒNG NAI")[0] == vietnamese_sort_key("Đồng Nai")[0]


def test_digits_and_punctuation_come_before_letters():
    assert _shuffled_then_sorted(["Xã A", "Phường 12", "Phường 3", "Phường Ba"]) == [
        "Phường 12", "Phường 3", "Phường Ba", "Xã A",
    ]  # fmt: skip


# In the database. The names avoid the one case where ICU differs from the
# dictionary (an earlier syllable differing by its tone alone).
SECTOR_NAMES = [
    "An toàn thực phẩm", "Ăn uống công cộng", "Ân xá", "Dân tộc", "Đất đai",
    "Đường thủy nội địa", "Hộ tịch", "Ưu đãi người có công", "Xây dựng", "Y tế",
]  # fmt: skip


@pytest.fixture
def sectors(db):
    shuffled = SECTOR_NAMES[:]
    random.Random(3).shuffle(shuffled)
    for position, name in enumerate(shuffled):
        Sector.objects.create(code=f"s{position}", name=name)


def test_the_database_orders_names_as_the_dictionary_does(sectors):
    ordered = list(Sector.objects.order_by(vietnamese_order("name")).values_list("name", flat=True))

    assert ordered == SECTOR_NAMES
    # Code-point order, what the fix replaces, puts the marked letters last.
    by_code_point = list(Sector.objects.order_by("name").values_list("name", flat=True))
    assert by_code_point != SECTOR_NAMES


def test_the_database_orders_backwards_too(sectors):
    ordered = Sector.objects.order_by(vietnamese_order("name", descending=True))

    assert list(ordered.values_list("name", flat=True)) == SECTOR_NAMES[::-1]


def test_the_database_order_agrees_with_the_python_key_on_tones_and_case(db):
    names = ["Bạc", "bác", "Bác", "bã", "Bả", "bà", "Ba", "ba"]
    for position, name in enumerate(names):
        Sector.objects.create(code=f"t{position}", name=name)

    ordered = Sector.objects.order_by(vietnamese_order("name"))

    assert list(ordered.values_list("name", flat=True)) == vietnamese_sorted(names)
    assert vietnamese_sorted(names) == ["ba", "Ba", "bà", "Bả", "bã", "bác", "Bác", "Bạc"]


def test_the_collation_is_the_one_named_in_the_query(sectors):
    sql = str(Sector.objects.order_by(vietnamese_order("name")).query)

    assert f'COLLATE "{VIETNAMESE_COLLATION}"' in sql
    assert connection.vendor in {"sqlite", "postgresql"}


# People: by given name (tên, the last word), then family and middle names.
PEOPLE = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Ánh",
    "Phạm Thị Ân",
    "Đỗ Văn Minh",
    "Vũ Thị Lan",
]
PEOPLE_IN_ORDER = [
    "Nguyễn Văn An", "Lê Văn Ánh", "Phạm Thị Ân", "Trần Thị Bình", "Vũ Thị Lan", "Đỗ Văn Minh",
]  # fmt: skip
# One given name: then the family and middle names, Đ after D, before L.
NAMESAKES = ["Trần Văn An", "Lê Thị An", "Đỗ Thị An", "Dương An", "Nguyễn Văn An"]
NAMESAKES_IN_ORDER = ["Dương An", "Đỗ Thị An", "Lê Thị An", "Nguyễn Văn An", "Trần Văn An"]


def test_people_are_ordered_by_given_name_first():
    shuffled = PEOPLE[:]
    random.Random(5).shuffle(shuffled)

    assert people_sorted(shuffled) == PEOPLE_IN_ORDER
    # By the whole name, Đỗ Văn Minh would come before Lê Văn Ánh.
    assert vietnamese_sorted(PEOPLE) != PEOPLE_IN_ORDER


def test_people_with_one_given_name_follow_their_family_and_middle_names():
    assert people_sorted(NAMESAKES) == NAMESAKES_IN_ORDER
    # A one-word name, or extra spaces, is still a given name.
    assert people_sorted(["  Lê   Văn  Bình ", "Ánh", "Nguyễn An"]) == [
        "Nguyễn An", "Ánh", "  Lê   Văn  Bình ",
    ]  # fmt: skip


def test_the_database_orders_people_by_given_name_as_python_does(db):
    names = PEOPLE + NAMESAKES[:-1]
    random.Random(11).shuffle(names)
    for name in names:
        UserFactory(full_name=name)

    ordered = list(
        get_user_model()
        .objects.order_by(*person_order("full_name"), "id")
        .values_list("full_name", flat=True)
    )

    assert ordered == people_sorted(names)
    assert ordered[:6] == [
        "Dương An", "Đỗ Thị An", "Lê Thị An", "Nguyễn Văn An", "Trần Văn An", "Lê Văn Ánh",
    ]  # fmt: skip
