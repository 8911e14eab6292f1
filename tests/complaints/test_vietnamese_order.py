"""The units a complaint is about, and the units of the public disclosure's
filter, read in Vietnamese alphabetical order (Đ right after D, Â after Ă
after A), not in code-point order that puts them after Z."""

from __future__ import annotations

import re

import pytest

from tests.accounts.factories import WardFactory

pytestmark = pytest.mark.django_db

WARDS = [
    ("11001", "UBND phường Đồ Sơn"),
    ("11002", "UBND xã Ân Thi"),
    ("11003", "UBND phường Ngô Quyền"),
    ("11004", "UBND phường Dương Kinh"),
    ("11005", "UBND xã An Lão"),
    ("11006", "UBND xã Ăn Lồ"),
]
IN_ORDER = [
    "UBND phường Dương Kinh",
    "UBND phường Đồ Sơn",
    "UBND phường Ngô Quyền",
    "UBND xã An Lão",
    "UBND xã Ăn Lồ",
    "UBND xã Ân Thi",
]


@pytest.fixture
def wards(hai_phong):
    return [WardFactory(code=code, name=name, parent=hai_phong) for code, name in WARDS]


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)


def test_the_units_to_complain_about_read_in_vietnamese_order(client, wards):
    page = client.get("/complaints/new/", {"province": "31"})

    assert page.status_code == 200
    units = _options(page.content.decode(), "unit")
    assert [unit for unit in units if unit.startswith("UBND ") and "Hải Phòng" not in unit] == (
        IN_ORDER
    )


def test_the_disclosure_s_unit_filter_reads_in_vietnamese_order(client, wards):
    page = client.get("/complaints/public/", {"province": "31"})

    assert page.status_code == 200
    assert _options(page.content.decode(), "unit") == [
        *IN_ORDER[:3], "UBND thành phố Hải Phòng", *IN_ORDER[3:],
    ]  # fmt: skip
