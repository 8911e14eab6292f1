"""The public catalog reads names in Vietnamese alphabetical order (Đ right
after D, Ă and Â after A): the sectors to filter by, the index of published
lists page after page, the sectors of a published list and the papers of its
counter poster that are used equally often."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.utils import translation

from procedures.public_lists import poster_lines
from procedures.public_views import LISTS_PAGE_SIZE
from tests.accounts.factories import WardFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
    PublishedReplacementListFactory,
    ReplacementListEntryFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

LISTS = "/procedures/replacement-lists/"


def test_the_catalog_s_sectors_read_in_vietnamese_order(client):
    for code, name in [("y-te", "Y tế"), ("dat-dai", "Đất đai"), ("an-xa", "Ân xá"),
                       ("dan-toc", "Dân tộc"), ("an-toan", "An toàn thực phẩm")]:  # fmt: skip
        SectorFactory(code=code, name=name)

    page = client.get("/procedures/").content.decode()

    select = re.search(r'<select[^>]*name="sector".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="[a-z-]+"[^>]*>([^<]+)</option>', select) == [
        "An toàn thực phẩm", "Ân xá", "Dân tộc", "Đất đai", "Y tế",
    ]  # fmt: skip


def test_the_index_of_published_lists_is_paged_in_vietnamese_order(client, hai_phong):
    names = [f"UBND phường Dương {n:02d}" for n in range(LISTS_PAGE_SIZE - 1)]
    names += ["UBND phường Đồ Sơn", "UBND phường An Biên", "UBND phường Ân Hải"]
    for position, name in enumerate(reversed(names)):
        agency = WardFactory(code=f"{12000 + position}", name=name, parent=hai_phong)
        PublishedReplacementListFactory(agency=agency)

    def shown(page: int) -> list[str]:
        html = client.get(LISTS, {"page": page}).content.decode()
        return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)

    first, second = shown(1), shown(2)
    assert first[:3] == ["UBND phường An Biên", "UBND phường Ân Hải", "UBND phường Dương 00"]
    assert len(first) == LISTS_PAGE_SIZE
    # Đ after every D: on the next page, not after the last letter of the alphabet.
    assert second == [f"UBND phường Dương {LISTS_PAGE_SIZE - 2:02d}", "UBND phường Đồ Sơn"]


def _entry(published, *, sector, procedure_code: str, document_type: str = "citizen_id_card"):
    procedure = ProcedureFactory(code=procedure_code, sector=sector)
    component = DossierComponentFactory(procedure=procedure)
    replacement = ElectronicReplacementFactory(component=component, document_type=document_type)
    return ReplacementListEntryFactory(replacement_list=published, replacement=replacement)


def test_a_published_list_reads_its_sectors_in_vietnamese_order(client, hong_bang_ward):
    published = PublishedReplacementListFactory(agency=hong_bang_ward)
    for code, sector in [("1.000001", ("dat-dai", "Đất đai")), ("1.000002", ("ho-tich", "Hộ tịch")),
                         ("1.000003", ("dan-toc", "Dân tộc"))]:  # fmt: skip
        _entry(published, sector=SectorFactory(code=sector[0], name=sector[1]), procedure_code=code)

    rows = list(client.get(f"{LISTS}{hong_bang_ward.code}/data.json").json()["entries"])

    assert [row["sector"] for row in rows] == ["Dân tộc", "Đất đai", "Hộ tịch"]


def test_the_poster_s_papers_used_equally_often_read_in_vietnamese_order():
    entries = [
        SimpleNamespace(document_type=kind, source=source, procedure_code="1.000001")
        for kind, source in [("marriage_certificate", "civil_status"),
                             ("vehicle_registration", "vneid_documents"),
                             ("death_certificate", "civil_status")]
    ]  # fmt: skip

    with translation.override("vi"):
        lines = poster_lines(entries)

    assert [line.document_name for line in lines] == [
        "Giấy chứng nhận đăng ký xe",
        "Giấy chứng nhận kết hôn, trích lục kết hôn",
        "Giấy chứng tử, trích lục khai tử",
    ]
