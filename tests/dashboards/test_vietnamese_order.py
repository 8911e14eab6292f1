"""The transparency page lists a province's units in Vietnamese alphabetical
order (Đ right after D, Ă and Â after A), and the provinces to choose from too."""

from __future__ import annotations

import datetime

import pytest

from portal.accounts.models import AgencyKind
from portal.dashboards.periods import Period
from portal.dashboards.public_figures import public_figures, public_provinces
from tests.accounts.factories import AgencyFactory, WardFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 24)


def test_a_province_s_units_read_in_vietnamese_order(hai_phong):
    wards = [("11001", "UBND phường Đồ Sơn"), ("11002", "UBND xã Ân Thi"),
             ("11003", "UBND phường Dương Kinh"), ("11004", "UBND xã An Lão"),
             ("11005", "UBND phường Ngô Quyền"), ("11006", "UBND xã Ăn Lồ")]  # fmt: skip
    for code, name in wards:
        WardFactory(code=code, name=name, parent=hai_phong)

    rows = public_figures(province=hai_phong, period=Period("custom", DAY, DAY))

    assert [row.name for row in rows] == [
        "UBND thành phố Hải Phòng",  # the province's own total first
        "UBND phường Dương Kinh", "UBND phường Đồ Sơn", "UBND phường Ngô Quyền",
        "UBND xã An Lão", "UBND xã Ăn Lồ", "UBND xã Ân Thi",
    ]  # fmt: skip


def test_the_provinces_read_in_vietnamese_order(db):
    for code, name in [("48", "UBND thành phố Đà Nẵng"), ("12", "UBND tỉnh Điện Biên"),
                       ("01", "UBND thành phố Hà Nội"), ("79", "UBND thành phố Hồ Chí Minh"),
                       ("75", "UBND tỉnh Đồng Nai"), ("66", "UBND tỉnh Đắk Lắk"),
                       ("80", "UBND tỉnh Tây Ninh"), ("04", "UBND tỉnh Cao Bằng")]:  # fmt: skip
        AgencyFactory(code=code, name=name, kind=AgencyKind.PROVINCE_COMMITTEE,
                      province_code=int(code))  # fmt: skip

    assert [province.name for province in public_provinces()] == [
        "UBND thành phố Đà Nẵng", "UBND thành phố Hà Nội", "UBND thành phố Hồ Chí Minh",
        "UBND tỉnh Cao Bằng", "UBND tỉnh Đắk Lắk", "UBND tỉnh Điện Biên", "UBND tỉnh Đồng Nai",
        "UBND tỉnh Tây Ninh",
    ]  # fmt: skip
