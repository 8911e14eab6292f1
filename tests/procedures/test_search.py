"""Catalog search: without diacritics, with typos, by code or by a component's
name, ranked, filtered. The same assertions hold on SQLite and PostgreSQL."""

from types import SimpleNamespace

import pytest

from portal.accounts.models import AgencyKind
from procedures.indexing import search_documents_refresh
from procedures.models import Procedure, ProcedureLevel
from procedures.search import catalog_search
from tests.accounts.factories import AgencyFactory
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory, SectorFactory

pytestmark = pytest.mark.django_db


def _procedure(code, name, components=(), **fields):
    procedure = ProcedureFactory(code=code, name=name, **fields)
    for component in components:
        DossierComponentFactory(procedure=procedure, name=component)
    return procedure


@pytest.fixture
def catalog():
    civil = SectorFactory()
    residence = SectorFactory(code="cu-tru", name="Cư trú", name_en="Residence")
    construction = SectorFactory(code="xay-dung", name="Xây dựng", name_en="Construction")
    procedures = SimpleNamespace(
        birth=_procedure("1.001193", "Đăng ký khai sinh", sector=civil, components=[
            "Tờ khai đăng ký khai sinh", "Giấy chứng sinh",
            "Giấy chứng nhận kết hôn của cha mẹ (bản sao)",
        ]),
        foreign_birth=_procedure(
            "1.001695", "Đăng ký khai sinh có yếu tố nước ngoài", sector=civil,
            components=["Tờ khai đăng ký khai sinh", "Giấy tờ tùy thân của người đi đăng ký"],
        ),
        late_birth=_procedure("1.004884", "Đăng ký lại khai sinh", sector=civil,
                              components=["Tờ khai đăng ký lại khai sinh"]),
        death=_procedure("1.000656", "Đăng ký khai tử", sector=civil,
                         components=["Tờ khai đăng ký khai tử", "Giấy báo tử"]),
        marriage=_procedure("1.000894", "Đăng ký kết hôn", sector=civil,
                            components=["Tờ khai đăng ký kết hôn"]),
        stay=_procedure("1.004194", "Đăng ký thường trú", sector=residence, components=[
            "Tờ khai thay đổi thông tin cư trú", "Sổ hộ khẩu hoặc giấy tờ chứng minh chỗ ở",
        ]),
        licence=_procedure(
            "1.002809", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            sector=construction, level=ProcedureLevel.PROVINCE,
            agency_kinds=["provincial_department", "service_center"],
            components=["Đơn đề nghị cấp giấy phép xây dựng", "Bản vẽ thiết kế xây dựng"],
        ),
        retired=_procedure("1.000001", "Đăng ký khai sinh lưu động", sector=civil, active=False),
    )  # fmt: skip
    search_documents_refresh(procedures=Procedure.objects.all())
    return procedures


def _codes(procedures) -> list[str]:
    return [procedure.code for procedure in procedures]


def test_a_query_without_diacritics_finds_the_procedure_first(catalog):
    found = catalog_search(query="dang ky khai sinh")

    assert _codes(found)[0] == "1.001193"
    assert _codes(found)[1:] == ["1.001695", "1.004884"]  # longer names, then words apart
    assert "1.000656" not in _codes(found)  # a death registration has no "sinh"
    assert not found[0].approximate


def test_diacritics_and_case_in_the_query_do_not_matter(catalog):
    assert _codes(catalog_search(query="ĐĂNG KÝ Khai Sinh"))[0] == "1.001193"


def test_a_word_typed_halfway_matches_the_words_it_begins(catalog):
    assert _codes(catalog_search(query="dang ky khai si")) == ["1.001193", "1.001695", "1.004884"]


@pytest.mark.parametrize("query", ["khai sihn", "dang ky khai sinhh", "dnag ky khai sinh"])
def test_a_typo_still_finds_the_procedure(catalog, query):
    found = catalog_search(query=query)

    assert _codes(found)[0] == "1.001193"
    assert found[0].approximate
    assert "1.002809" not in _codes(found)


def test_either_spelling_of_a_closing_i_or_y_is_right(catalog):
    found = catalog_search(query="đăng kí khai sinh")

    assert _codes(found)[0] == "1.001193"
    assert not found[0].approximate


def test_the_national_code_finds_its_procedure_first(catalog):
    found = catalog_search(query="1.001193")

    assert _codes(found)[0] == "1.001193"


def test_a_component_name_finds_the_procedures_that_require_it(catalog):
    assert _codes(catalog_search(query="so ho khau")) == ["1.004194"]
    assert _codes(catalog_search(query="ban sao")) == ["1.001193"]  # within parentheses


def test_a_match_in_the_name_ranks_above_a_match_in_the_components(catalog):
    found = _codes(catalog_search(query="ket hon"))

    assert found == ["1.000894", "1.001193"]  # the marriage, then the birth (parents' marriage)


def test_the_closest_name_ranks_first_among_names_that_match(catalog):
    found = _codes(catalog_search(query="dang ky lai khai sinh"))

    assert found[0] == "1.004884"


def test_nothing_matches_a_query_far_from_every_word(catalog):
    assert list(catalog_search(query="xyzzy quux")) == []


def test_inactive_procedures_are_never_found(catalog):
    assert "1.000001" not in _codes(catalog_search(query="khai sinh luu dong"))
    assert "1.000001" not in _codes(catalog_search(query=""))


def test_without_a_query_every_active_procedure_is_listed_by_code(catalog):
    found = _codes(catalog_search(query="  ,. "))

    assert found == sorted(found) and len(found) == 7


def test_filters_by_sector_and_level(catalog):
    civil = catalog.birth.sector

    assert set(_codes(catalog_search(query="dang ky", sector=civil))) == {
        "1.001193", "1.001695", "1.004884", "1.000656", "1.000894",
    }  # fmt: skip
    assert _codes(catalog_search(query="", level=ProcedureLevel.PROVINCE)) == ["1.002809"]


def test_a_commune_committee_carries_out_the_commune_level_procedures(catalog, hong_bang_ward):
    found = _codes(catalog_search(query="", agency=hong_bang_ward))

    assert "1.001193" in found and "1.002809" not in found


def test_a_department_carries_out_the_province_procedures_that_name_its_kind(catalog, hai_phong):
    department = AgencyFactory(
        code="31.SXD", name="Sở Xây dựng Hải Phòng", kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        parent=hai_phong, province_code=31,
    )  # fmt: skip
    owner = AgencyFactory(code="BCA.C06", name="Cục C06", kind=AgencyKind.DATABASE_OWNER)

    assert _codes(catalog_search(query="giay phep", agency=department)) == ["1.002809"]
    assert _codes(catalog_search(query="", agency=hai_phong)) == []  # not among its kinds
    assert _codes(catalog_search(query="", agency=owner)) == []


def test_a_typo_is_forgiven_within_the_filters_only(catalog):
    construction = catalog.licence.sector

    assert _codes(catalog_search(query="giay phep xay dugn", sector=construction)) == ["1.002809"]
    assert _codes(catalog_search(query="giay phep xay dugn", level="commune")) == []


def test_the_index_follows_a_new_name_and_a_removal(catalog):
    festival = _procedure("9.000001", "Cấp phép tổ chức lễ hội")
    search_documents_refresh(procedures=Procedure.objects.filter(pk=festival.pk))
    assert _codes(catalog_search(query="le hoi")) == ["9.000001"]

    festival.name = "Cấp phép biểu diễn nghệ thuật"
    festival.save()
    search_documents_refresh(procedures=Procedure.objects.filter(pk=festival.pk))
    assert _codes(catalog_search(query="bieu dien nghe thuat")) == ["9.000001"]
    assert "9.000001" not in _codes(catalog_search(query="le hoi"))

    festival.delete()
    assert _codes(catalog_search(query="bieu dien nghe thuat")) == []


def test_where_sqlite_lacks_the_full_text_index_the_documents_are_scanned(catalog, monkeypatch):
    from django.db import connection

    from procedures import search

    if connection.vendor != "sqlite":
        pytest.skip("the full-text index of SQLite only")
    queries = ["dang ky khai sinh", "khai sihn", "1.001193", "giay chung", "dang ki ket hon"]
    indexed = [_codes(catalog_search(query=query)) for query in queries]
    monkeypatch.setattr(search, "_fts_ready", lambda using: False)
    assert [_codes(catalog_search(query=query)) for query in queries] == indexed
    assert indexed[0][0] == "1.001193" and indexed[2] == ["1.001193"]


@pytest.mark.django_db
def test_the_migrated_sqlite_database_keeps_the_search_index_triggers():
    """A migration that remakes procedures_procedure on SQLite (adding a NOT
    NULL column does) drops the triggers of migration 0004 unless it makes the
    index again: the catalog would then find nothing added afterwards."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the search index is a GIN index on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'procedures_search_fts'")
        if cursor.fetchone() is None:
            pytest.skip("this SQLite has no FTS5")
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["procedures_procedure"],
        )
        triggers = {name for (name,) in cursor.fetchall()}
    assert triggers >= {
        "procedures_search_fts_insert",
        "procedures_search_fts_delete",
        "procedures_search_fts_update",
    }
