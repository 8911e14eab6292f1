"""The units a complaint is about, and the units of the public disclosure's
filter, read in Vietnamese alphabetical order (Đ right after D, Â after Ă
after A), not in code-point order that puts them after Z; the people a
complaint or a routing rule names, by given name first."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.accounts.factories import CenterStaffFactory, OfficialFactory, WardFactory

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


# People: by given name (tên, the last word), then family and middle names.
OFFICIALS = ["Đỗ Văn Minh", "Nguyễn Văn An", "Vũ Thị Lan", "Phạm Thị Ân", "Lê Văn Ánh"]
OFFICIALS_IN_ORDER = ["Nguyễn Văn An", "Lê Văn Ánh", "Phạm Thị Ân", "Vũ Thị Lan", "Đỗ Văn Minh"]
LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


@pytest.fixture
def officials(hong_bang_ward):
    return [OfficialFactory(full_name=name, agency=hong_bang_ward) for name in OFFICIALS]


def _people(page: str, name: str) -> list[str]:
    return [person for person in _options(page, name) if person in OFFICIALS]


def test_a_complaint_s_handlers_to_assign_and_officials_responsible_read_by_given_name(
    client, routed, officials
):
    client.force_login(officials[0], backend=LOGIN)
    url = reverse("complaint-workspace:complaint", kwargs={"code": routed.code})
    client.post(reverse("complaint-workspace:act", kwargs={"code": routed.code}),
                {"action": "start"})  # fmt: skip

    page = client.get(url).content.decode()

    assert _people(page, "official") == OFFICIALS_IN_ORDER
    assert _people(page, "official_responsible") == OFFICIALS_IN_ORDER


def test_the_target_official_of_a_routing_rule_reads_by_given_name(client, officials):
    client.force_login(CenterStaffFactory(), backend=LOGIN)

    page = client.get(reverse("complaint-workspace:rule-new")).content.decode()

    assert _people(page, "target_official") == OFFICIALS_IN_ORDER
