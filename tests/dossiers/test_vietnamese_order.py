"""What a citizen or an official chooses from reads in Vietnamese alphabetical
order (Đ right after D, not after Z): the procedures of an authorisation and of
the desk, by sector, and the units that receive a dossier."""

from __future__ import annotations

import re

import pytest

from tests.accounts.factories import WardFactory
from tests.procedures.factories import ProcedureFactory, SectorFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


def _select(page: str, name: str) -> str:
    return re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)


def _procedures_in_three_sectors(**fields):
    """Four civil-status procedures, one of land, one of ethnic affairs: in
    code-point order Đ would come after every other letter. Returns land."""
    civil_status = SectorFactory(code="ho-tich", name="Hộ tịch")
    land = SectorFactory(code="dat-dai", name="Đất đai")
    ethnic = SectorFactory(code="dan-toc", name="Dân tộc")
    for code, name, sector in [
        ("1.000001", "Đăng ký khai tử", civil_status),
        ("1.000002", "Ghi vào sổ hộ tịch việc ly hôn", civil_status),
        ("1.000003", "Đăng ký kết hôn", civil_status),
        ("1.000004", "Cấp bản sao trích lục hộ tịch", civil_status),
        ("1.000005", "Đăng ký đất đai lần đầu", land),
        ("1.000006", "Xác nhận người dân tộc thiểu số", ethnic),
    ]:
        ProcedureFactory(code=code, name=name, sector=sector, **fields)
    return land


def test_the_procedures_to_authorise_read_in_vietnamese_order(signed_in):
    _procedures_in_three_sectors()

    select = _select(signed_in.get("/dossiers/authorisations/").content.decode(), "procedure_code")

    assert re.findall(r'<optgroup label="([^"]+)"', select) == ["Dân tộc", "Đất đai", "Hộ tịch"]
    civil_status_options = select.split('<optgroup label="Hộ tịch">')[1]
    assert re.findall(r'<option value="[^"]+">([^(<]+) \(', civil_status_options) == [
        "Cấp bản sao trích lục hộ tịch",
        "Đăng ký kết hôn",
        "Đăng ký khai tử",
        "Ghi vào sổ hộ tịch việc ly hôn",
    ]


def test_the_receiving_units_read_in_vietnamese_order(signed_in, hai_phong):
    procedure = ProcedureFactory(code="1.001193", name="Đăng ký khai sinh")
    for code, name in [
        ("11001", "UBND phường Đồ Sơn"),
        ("11002", "UBND xã Ân Thi"),
        ("11003", "UBND phường Ngô Quyền"),
        ("11004", "UBND phường Dương Kinh"),
        ("11005", "UBND xã An Lão"),
    ]:
        WardFactory(code=code, name=name, parent=hai_phong)

    page = signed_in.get(f"/dossiers/start/{procedure.code}/", {"province": "31"})

    assert page.status_code == 200
    select = _select(page.content.decode(), "agency")
    assert re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select) == [
        "UBND phường Dương Kinh",
        "UBND phường Đồ Sơn",
        "UBND phường Ngô Quyền",
        "UBND xã An Lão",
        "UBND xã Ân Thi",
    ]


def _official(client, official):
    client.force_login(official, backend=LOGIN)
    return client


def test_the_desks_procedures_read_by_sector_in_vietnamese_order(client, commune_official):
    land = _procedures_in_three_sectors(agency_kinds=["commune_committee"])
    ProcedureFactory(code="1.000007", name="Cấp tỉnh", sector=land, agency_kinds=["province"])

    page = _official(client, commune_official).get("/workspace/counter/").content.decode()

    select = _select(page, "procedure")
    assert re.findall(r'<optgroup label="([^"]+)"', select) == ["Dân tộc", "Đất đai", "Hộ tịch"]
    civil_status_options = select.split('<optgroup label="Hộ tịch">')[1]
    assert re.findall(r'<option value="\d+">([^(<]+) \(', civil_status_options) == [
        "Cấp bản sao trích lục hộ tịch",
        "Đăng ký kết hôn",
        "Đăng ký khai tử",
        "Ghi vào sổ hộ tịch việc ly hôn",
    ]
    assert "Cấp tỉnh" not in select
