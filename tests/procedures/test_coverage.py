"""Coverage of the catalog: the share of components replaced by data per
procedure, and the components a registered source could already replace."""

import datetime

import pytest
from django.utils import timezone

from datasources.documents import all_document_types
from procedures.coverage import catalog_coverage
from procedures.indexing import fold
from procedures.models import Procedure
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
)

pytestmark = pytest.mark.django_db


def _row(coverage, procedure):
    return next(row for row in coverage.procedures if row.procedure == procedure)


def _candidates(row):
    return {(c.component.name, c.document_type.code) for c in row.candidates}


def test_the_share_counts_components_with_a_replacement_recorded():
    procedure = ProcedureFactory()
    ElectronicReplacementFactory(component=DossierComponentFactory(procedure=procedure))
    ElectronicReplacementFactory(
        component=DossierComponentFactory(procedure=procedure),
        effective_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    DossierComponentFactory.create_batch(2, procedure=procedure, name="Bản vẽ thiết kế")

    row = _row(catalog_coverage(), procedure)

    assert (row.components, row.replaced, row.in_force, row.share) == (4, 2, 1, 0.5)


def test_a_paper_a_source_holds_is_a_candidate_when_no_replacement_is_recorded():
    procedure = ProcedureFactory(name="Đăng ký nhận cha, mẹ, con")
    for name in (
        "Bản sao Giấy khai sinh của người con",
        "Bản sao CMND/CCCD của người nhận",
        "Sổ hộ khẩu (bản sao)",
        "Giấy chứng sinh",  # the hospital's paper, not the civil-status record
        "Tờ khai đăng ký khai sinh",  # a declaration the applicant fills in
        "Sơ đồ vị trí nhà ở",
    ):
        DossierComponentFactory(procedure=procedure, name=name)
    replaced = DossierComponentFactory(procedure=procedure, name="Giấy khai sinh của cha")
    ElectronicReplacementFactory(component=replaced, document_type="birth_certificate",
                                 fields=["birth_registration"])  # fmt: skip

    row = _row(catalog_coverage(), procedure)

    assert _candidates(row) == {
        ("Bản sao Giấy khai sinh của người con", "birth_certificate"),
        ("Bản sao CMND/CCCD của người nhận", "citizen_id_card"),
        ("Sổ hộ khẩu (bản sao)", "household_membership"),
    }
    birth = next(c for c in row.candidates if c.document_type.code == "birth_certificate")
    assert birth.keyword == "giay khai sinh" and not birth.form_reads


def test_a_component_with_an_e_form_is_filled_in_not_replaced():
    procedure = ProcedureFactory()
    DossierComponentFactory(
        procedure=procedure, name="Giấy xác nhận thông tin về cư trú", form=FormDefinitionFactory()
    )

    assert _row(catalog_coverage(), procedure).candidates == []


def test_a_candidate_whose_data_the_procedure_s_e_form_already_reads_comes_first():
    procedure = ProcedureFactory()
    DossierComponentFactory(procedure=procedure, name="Giấy chứng nhận kết hôn")
    DossierComponentFactory(procedure=procedure, name="Giấy xác nhận thông tin về cư trú")
    form = FormDefinitionFactory(fields=[
        {"name": "address", "type": "string", "label_vi": "Nơi thường trú",
         "label_en": "Permanent address", "required": True, "validation": {},
         "binding": "population.permanent_address"},
    ])  # fmt: skip
    DossierComponentFactory(procedure=procedure, name="Tờ khai", form=form)

    row = _row(catalog_coverage(), procedure)

    assert [(c.document_type.code, c.form_reads) for c in row.candidates] == [
        ("residence_confirmation", True), ("marriage_certificate", False),
    ]  # fmt: skip


def test_totals_and_level_filter():
    commune = ProcedureFactory()
    province = ProcedureFactory(level="province")
    ElectronicReplacementFactory(component=DossierComponentFactory(procedure=commune))
    DossierComponentFactory(procedure=commune, name="Thẻ bảo hiểm y tế")
    DossierComponentFactory(procedure=province)

    everything = catalog_coverage()
    communes = catalog_coverage(procedures=Procedure.objects.filter(level="commune"))

    assert (everything.components, everything.replaced, everything.candidates) == (3, 1, 1)
    assert [row.procedure for row in communes.procedures] == [commune]
    assert communes.share == 0.5


def test_every_document_type_has_folded_keywords():
    for document in all_document_types():
        assert document.keywords, document.code
        for keyword in document.keywords:
            assert keyword == fold(keyword) and keyword.replace(" ", "").isalnum(), keyword


def test_the_whole_catalog_is_covered_in_three_queries(django_assert_num_queries):
    form = FormDefinitionFactory()
    for n in range(30):
        procedure = ProcedureFactory()
        ElectronicReplacementFactory(component=DossierComponentFactory(procedure=procedure))
        DossierComponentFactory(procedure=procedure, name=f"Bản sao giấy khai sinh {n}")
        DossierComponentFactory(procedure=procedure, name="Tờ khai", form=form)

    with django_assert_num_queries(3):
        coverage = catalog_coverage()

    assert (coverage.components, coverage.replaced, coverage.candidates) == (90, 30, 30)
