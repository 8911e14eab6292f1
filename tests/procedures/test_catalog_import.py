"""Catalog import: the starter catalog loads, importing is idempotent, a bad
file is refused whole with every problem by row, a procedure in the file is
synced exactly, and the command reports and exits accordingly."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from datasources.documents import DOCUMENT_TYPES
from procedures.catalog_io.exceptions import CatalogImportRefused
from procedures.catalog_io.importer import STARTER_CATALOG, catalog_import, starter_catalog_load
from procedures.catalog_io.parsing import catalog_parse
from procedures.catalog_io.schema import CSV_COLUMNS
from procedures.models import (
    DossierComponent,
    ElectronicReplacement,
    FormDefinition,
    Procedure,
    Sector,
)
from tests.procedures.factories import FormDefinitionFactory, SectorFactory

pytestmark = pytest.mark.django_db


def _import(document: dict):
    return catalog_import(document=catalog_parse(text=json.dumps(document), fmt="json"))


def _import_csv(text: str):
    return catalog_import(document=catalog_parse(text=text, fmt="csv"))


def _catalog_state() -> list:
    """Everything the import writes, with ids and timestamps: equal means untouched."""
    return [
        list(Sector.objects.order_by("id").values()),
        list(FormDefinition.objects.order_by("id").values()),
        list(Procedure.objects.order_by("id").values()),
        list(DossierComponent.objects.order_by("id").values()),
        list(ElectronicReplacement.objects.order_by("id").values()),
    ]


@pytest.fixture
def starter() -> dict:
    return json.loads(STARTER_CATALOG.read_text(encoding="utf-8"))


def _small(starter: dict, *codes: str) -> dict:
    """The starter catalog cut down to these procedures (all forms and sectors kept)."""
    document = copy.deepcopy(starter)
    document["procedures"] = [p for p in document["procedures"] if p["code"] in codes]
    return document


def test_the_starter_catalog_loads_real_procedures_covering_every_document_type():
    report = starter_catalog_load()

    assert report.procedures.created == Procedure.objects.count() >= 40
    birth = Procedure.objects.get(code="1.001193")
    assert birth.name == "Đăng ký khai sinh" and birth.sector.code == "ho-tich"
    assert "dang ky khai sinh" in birth.search_document
    covered = set(ElectronicReplacement.objects.values_list("document_type", flat=True))
    assert covered == {document.code for document in DOCUMENT_TYPES}
    assert not ElectronicReplacement.objects.filter(legal_basis="").exists()
    bound = FormDefinition.objects.filter(fields__icontains="population.full_name").count()
    assert bound >= 10


def test_importing_the_same_catalog_twice_changes_nothing_not_even_updated_at():
    starter_catalog_load()
    before = _catalog_state()

    report = starter_catalog_load()

    assert _catalog_state() == before
    assert not report.changed
    assert report.procedures.unchanged == Procedure.objects.count()


def test_a_procedure_in_the_file_is_synced_exactly_and_others_are_left_alone(starter):
    starter_catalog_load()
    birth = Procedure.objects.get(code="1.001193")
    untouched = Procedure.objects.get(code="1.004222").updated_at
    document = _small(starter, "1.001193")
    components = document["procedures"][0]["components"]
    removed = components.pop()  # the authorisation letter
    components[0]["name"] = "Tờ khai đăng ký khai sinh (mẫu mới)"

    report = _import(document)

    assert not birth.components.filter(code=removed["code"]).exists()
    assert birth.components.get(code=components[0]["code"]).name.endswith("(mẫu mới)")
    assert report.components.removed == 1 and report.components.updated == 1
    assert report.procedures.updated == 1
    assert Procedure.objects.get(code="1.001193").updated_at > birth.updated_at
    assert Procedure.objects.get(code="1.004222").updated_at == untouched
    assert Procedure.objects.count() == len(starter["procedures"])


def test_a_replacement_no_longer_in_the_file_is_removed(starter):
    starter_catalog_load()
    document = _small(starter, "1.004222")
    component = next(
        c for c in document["procedures"][0]["components"] if len(c["replacements"]) > 1
    )
    kept = component["replacements"].pop(0)["document_type"]

    report = _import(document)

    remaining = ElectronicReplacement.objects.filter(
        component__procedure__code="1.004222", component__code=component["code"]
    )
    assert kept not in set(remaining.values_list("document_type", flat=True))
    assert report.replacements.removed == 1


def test_a_changed_form_becomes_a_new_version_and_components_point_at_it(starter):
    starter_catalog_load()
    document = _small(starter, "1.002755", "1.010039")
    form = next(f for f in document["forms"] if f["code"] == "to-khai-ct01")
    form["fields"].append({"name": "note", "type": "text", "label_vi": "Ghi chú",
                           "label_en": "Note", "required": False, "validation": {},
                           "binding": None})  # fmt: skip

    report = _import(document)

    newest = FormDefinition.objects.filter(code="to-khai-ct01").latest("version")
    assert newest.version == 2 and report.forms.updated == 1
    assert report.forms.unchanged == len(document["forms"]) - 1
    for code in ("1.002755", "1.010039"):
        assert (
            DossierComponent.objects.get(procedure__code=code, code="to-khai-ct01").form == newest
        )


def test_a_bad_file_is_refused_with_every_problem_by_row_and_nothing_is_written(starter):
    SectorFactory()
    before = _catalog_state()
    document = copy.deepcopy(starter)
    procedures = document["procedures"]
    procedures[-1]["bogus"] = "x"  # the bad rows come after good ones
    procedures[-2]["code"] = procedures[-3]["code"]
    replacements = procedures[-4]["components"][0]["replacements"]
    added = len(replacements)
    replacements.append({"document_type": "passport", "fields": ["number"],
                         "legal_basis": "Nghị quyết 66.7/2025/NQ-CP",
                         "effective_date": "2025-02-30"})  # fmt: skip
    procedures[-5]["components"][-1]["replacements"] = [
        {"document_type": "birth_certificate", "fields": ["shoe_size"],
         "legal_basis": "Nghị quyết 66.7/2025/NQ-CP", "effective_date": "2026-01-01"}
    ]  # fmt: skip
    procedures[-6]["level"] = "district"
    procedures[-6]["agency_kinds"] = ["police"]
    procedures[-7]["components"][0].update(requirement="conditional", condition="")
    procedures[-8]["sector"] = "nowhere"
    procedures[-8]["components"][0]["form"] = "no-such-form"
    document["forms"][0]["fields"][0]["binding"] = "population.shoe_size"
    document["forms"][1]["fields"][0]["binding"] = "passport_db.number"
    last = len(procedures) - 1
    added_at = f"procedures[{last - 3}].components[0].replacements[{added}]"

    with pytest.raises(CatalogImportRefused) as refused:
        _import(document)

    problems = [str(problem) for problem in refused.value.problems]
    expected = [
        f"procedures[{last}]: Khóa “bogus”",
        f"procedures[{last - 1}]: Mã thủ tục “{procedures[-3]['code']}” bị trùng",
        f"{added_at}: Không có loại giấy tờ “passport”",
        f"{added_at}: “2025-02-30” không phải ngày",
        f"procedures[{last - 4}].components[{len(procedures[-5]['components']) - 1}]"
        ".replacements[0]: Loại giấy tờ “birth_certificate” không có trường “shoe_size”",
        f"procedures[{last - 5}]: “district” không phải giá trị hợp lệ của “level”",
        f"procedures[{last - 5}]: Không có loại cơ quan “police”",
        f"procedures[{last - 6}].components[0]: Thành phần có điều kiện phải nêu điều kiện",
        f"procedures[{last - 7}]: Không có lĩnh vực “nowhere”",
        f"procedures[{last - 7}].components[0]: Không có biểu mẫu “no-such-form”",
        "forms[0].fields[0]: Liên kết “population.shoe_size”: nguồn “population” không có",
        "forms[1].fields[0]: Liên kết “passport_db.number”: không có nguồn dữ liệu",
    ]
    for start in expected:
        assert any(problem.startswith(start) for problem in problems), start
    assert len(problems) == len(expected)
    assert "Unknown document type “passport”" in " ".join(problems)  # and in English
    assert _catalog_state() == before


def test_a_csv_with_an_unknown_column_and_a_bad_row_is_refused_by_row():
    SectorFactory()
    FormDefinitionFactory(code="to-khai")
    header = [*CSV_COLUMNS, "colour"]
    good = {"procedure_code": "9.000001", "procedure_name": "Thủ tục một", "sector_code": "ho-tich",
            "level": "commune", "processing_days": "3", "online_level": "full",
            "result_type": "Trích lục", "component_code": "to-khai",
            "component_name": "Tờ khai", "component_form": "to-khai"}  # fmt: skip
    bad = {**good, "procedure_code": "9.000002", "processing_days": "ba",
           "replacement_document_type": "residence_confirmation",
           "replacement_fields": "permanent_address;shoe_size",
           "replacement_legal_basis": "Nghị quyết 66.7/2025/NQ-CP",
           "replacement_effective_date": "2025-11-15"}  # fmt: skip
    rows = [",".join(header)] + [
        ",".join(row.get(column, "") for column in header) for row in (good, good, bad)
    ]
    before = _catalog_state()

    with pytest.raises(CatalogImportRefused) as refused:
        _import_csv("\n".join(rows) + "\n")

    problems = [str(problem) for problem in refused.value.problems]
    assert problems[0].startswith("row 1: Cột “colour” không thuộc định dạng")
    assert any(p.startswith("row 4: “processing_days” phải là số nguyên") for p in problems)
    assert any(p.startswith("row 4: Loại giấy tờ “residence_confirmation” không có trường "
                            "“shoe_size”") for p in problems)  # fmt: skip
    assert len(problems) == 3
    assert _catalog_state() == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{}", "document: Thiếu “format”"),
        ("[1]", "document: Phải là một đối tượng JSON"),
        ('{"format": "mot-cua-so/catalog", "version": 1,', "line 1: Không đọc được JSON"),
        ('{"format": "other", "version": 2}', "document: “format” phải là"),
    ],
)
def test_a_file_that_is_not_a_catalog_document_is_refused(text, expected):
    with pytest.raises(CatalogImportRefused) as refused:
        catalog_import(document=catalog_parse(text=text, fmt="json"))

    assert str(refused.value.problems[0]).startswith(expected)


def test_a_component_dossiers_use_is_not_removed_and_the_import_is_refused(starter, citizen):
    from tests.dossiers.factories import DossierFactory

    starter_catalog_load()
    birth = Procedure.objects.get(code="1.001193")
    component = birth.components.get(code="van-ban-uy-quyen")
    dossier = DossierFactory(procedure=birth, applicant=citizen)
    dossier.evidence.create(component=component, kind="upload")
    document = _small(starter, "1.001193")
    document["procedures"][0]["components"].pop()
    before = _catalog_state()

    with pytest.raises(CatalogImportRefused) as refused:
        _import(document)

    assert "van-ban-uy-quyen" in str(refused.value.problems[0])
    assert _catalog_state() == before


def test_the_command_prints_the_report_and_is_idempotent(capsys):
    call_command("import_catalog", str(STARTER_CATALOG))
    first = capsys.readouterr().out
    call_command("import_catalog", str(STARTER_CATALOG), "--format", "json")
    second = capsys.readouterr().out

    assert "procedures    created   " in first and "Catalog updated." in first
    assert "Catalog unchanged." in second


def test_the_command_lists_every_problem_and_exits_non_zero(tmp_path, starter, capsys):
    starter["procedures"][0]["level"] = "district"
    starter["procedures"][1]["components"][0]["replacements"] = [{"document_type": "passport"}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(starter, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(CommandError, match="không có gì được ghi"):
        call_command("import_catalog", str(path))

    err = capsys.readouterr().err
    assert "procedures[0]: “district”" in err
    assert "procedures[1].components[0].replacements[0]: Thiếu “fields”" in err
    assert "Unknown document type “passport”" in err
    assert not Procedure.objects.exists()


def test_seed_demo_loads_the_starter_catalog(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")

    assert Procedure.objects.filter(code="1.001193").exists()
    assert "Thủ tục / procedures:" in capsys.readouterr().out


def test_results_and_components_name_the_paper_they_are_and_an_unknown_one_is_refused(starter):
    """What a result may later stand for: the birth registration issues a
    birth certificate; a component asks for one; a type that does not exist is refused."""
    starter_catalog_load()
    assert Procedure.objects.get(code="1.001193").result_document_type == "birth_certificate"
    assert Procedure.objects.get(code="1.010039").result_document_type == "residence_confirmation"
    old_birth = DossierComponent.objects.get(procedure__code="1.004884",
                                             code="giay-to-khai-sinh-cu")  # fmt: skip
    assert old_birth.document_types() == {"birth_certificate"}
    letter = DossierComponent.objects.get(procedure__code="1.001193", code="van-ban-uy-quyen")
    assert letter.document_types() == frozenset()
    before = _catalog_state()
    document = _small(starter, "1.001193")
    document["procedures"][0]["result_document_type"] = "passport"
    document["procedures"][0]["components"][0]["document_type"] = "visa"

    with pytest.raises(CatalogImportRefused) as refused:
        _import(document)

    problems = " ".join(str(problem) for problem in refused.value.problems)
    assert "Unknown document type “passport”" in problems
    assert "procedures[0].components[0]: Không có loại giấy tờ “visa”" in problems
    assert _catalog_state() == before


def test_a_binding_as_the_applicant_states_it_names_a_choice_the_form_offers(starter):
    SectorFactory()
    before = _catalog_state()
    document = copy.deepcopy(starter)
    form = next(form for form in document["forms"] if form["code"] == "to-khai-khai-sinh")
    at = document["forms"].index(form)
    fields = {field["name"]: index for index, field in enumerate(form["fields"])}
    form["fields"][fields["father_full_name"]]["binding"] = (
        "applicant[form.relationship=Bố,sex=male]:population.full_name"
    )
    form["fields"][fields["mother_full_name"]]["binding"] = (
        "applicant[form.child_full_name=Châu]:population.full_name"
    )

    with pytest.raises(CatalogImportRefused) as refused:
        _import(document)

    assert [str(problem) for problem in refused.value.problems] == [
        f"forms[{at}].fields[{fields['mother_full_name']}]: Liên kết "
        "“applicant[form.child_full_name=Châu]:population.full_name”: “form.child_full_name” "
        "phải nêu một trường lựa chọn của biểu mẫu có giá trị “Châu”. Binding "
        "“applicant[form.child_full_name=Châu]:population.full_name”: “form.child_full_name” "
        "must name a choice field of the form with the option “Châu”.",
        f"forms[{at}].fields[{fields['father_full_name']}]: Liên kết "
        "“applicant[form.relationship=Bố,sex=male]:population.full_name”: “form.relationship” "
        "phải nêu một trường lựa chọn của biểu mẫu có giá trị “Bố”. Binding "
        "“applicant[form.relationship=Bố,sex=male]:population.full_name”: “form.relationship” "
        "must name a choice field of the form with the option “Bố”.",
    ]
    assert _catalog_state() == before


def test_a_field_asked_only_when_another_holds_a_value_names_a_choice_it_offers(starter):
    SectorFactory()
    before = _catalog_state()
    document = copy.deepcopy(starter)
    form = next(form for form in document["forms"] if form["code"] == "to-khai-xac-nhan-tthn")
    at = document["forms"].index(form)
    fields = {field["name"]: index for index, field in enumerate(form["fields"])}
    form["fields"][fields["intended_spouse_full_name"]]["validation"]["only_when"] = "purpose=Cưới"
    form["fields"][fields["purpose_detail"]]["validation"]["only_when"] = "purpose"

    with pytest.raises(CatalogImportRefused) as refused:
        _import(document)

    problems = sorted(str(problem) for problem in refused.value.problems)
    assert problems == sorted(
        f"forms[{at}].fields[{fields[name]}]: Điều kiện “only_when” “{condition}” phải có dạng "
        "“trường=giá trị”, nêu một trường lựa chọn khác của biểu mẫu có giá trị đó. The "
        f"“only_when” condition “{condition}” must read “field=value” and name another "
        "choice field of the form with that option."
        for name, condition in (("intended_spouse_full_name", "purpose=Cưới"),
                                ("purpose_detail", "purpose"))
    )  # fmt: skip
    assert _catalog_state() == before


def test_a_binding_to_the_applicants_record_names_a_known_source_and_field(starter):
    SectorFactory()
    before = _catalog_state()
    document = copy.deepcopy(starter)
    form = next(form for form in document["forms"] if form["code"] == "to-khai-khai-sinh")
    at = document["forms"].index(form)
    fields = {field["name"]: index for index, field in enumerate(form["fields"])}

    def bind(name: str, binding: str) -> str:
        form["fields"][fields[name]]["binding"] = binding
        return f"forms[{at}].fields[{fields[name]}]"

    wrong_source = bind("requester_full_name", "applicant:passport_db.number")
    wrong_field = bind("requester_address", "applicant:population.shoe_size")
    wrong_condition = bind("father_full_name", "applicant[gender=male]:population.full_name")
    malformed = bind("father_ethnicity", "spouse:population.ethnicity")
    form["fields"][fields["mother_date_of_birth"]]["validation"]["before_field"] = "born_on"
    wrong_order = f"forms[{at}].fields[{fields['mother_date_of_birth']}]"

    with pytest.raises(CatalogImportRefused) as refused:
        _import(document)

    problems = [str(problem) for problem in refused.value.problems]
    assert problems == [
        f"{wrong_source}: Liên kết “applicant:passport_db.number”: không có nguồn dữ liệu "
        "“passport_db”. Binding “applicant:passport_db.number”: unknown data source "
        "“passport_db”.",
        f"{wrong_field}: Liên kết “applicant:population.shoe_size”: nguồn “population” không "
        "có trường “shoe_size”. Binding “applicant:population.shoe_size”: source “population” "
        "has no field “shoe_size”.",
        f"{wrong_condition}: Liên kết “applicant[gender=male]:population.full_name”: nguồn "
        "“population” không có trường “gender”. Binding "
        "“applicant[gender=male]:population.full_name”: source “population” has no field "
        "“gender”.",
        f"{malformed}: Liên kết “spouse:population.ethnicity” phải có dạng nguồn.trường, "
        "applicant:nguồn.trường (hồ sơ của chính người nộp), "
        "applicant[trường=giá trị]:nguồn.trường hoặc null. Binding "
        "“spouse:population.ethnicity” must be source.field, applicant:source.field (the "
        "applicant's own record), applicant[field=value]:source.field or null.",
        f"{wrong_order}: “before_field” phải nêu một trường ngày khác của biểu mẫu, không phải "
        "“born_on”, và chỉ dùng cho trường ngày. “before_field” must name another date field "
        "of the form, not “born_on”, and only on a date field.",
    ]
    assert _catalog_state() == before
