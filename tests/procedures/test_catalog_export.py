"""Catalog export: exactly the import format, so that export → import into an
empty catalog → export gives the same text, in JSON and in CSV."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from procedures.catalog_io.exceptions import UnknownCatalogFormat
from procedures.catalog_io.exporter import catalog_export
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

pytestmark = pytest.mark.django_db


def _empty_catalog() -> None:
    Procedure.objects.all().delete()
    FormDefinition.objects.all().delete()
    Sector.objects.all().delete()


def _import(text: str, fmt: str):
    return catalog_import(document=catalog_parse(text=text, fmt=fmt))


def test_the_starter_catalog_file_is_in_the_canonical_export_form():
    starter_catalog_load()

    assert catalog_export() == STARTER_CATALOG.read_text(encoding="utf-8")


def test_json_export_import_into_an_empty_catalog_export_is_identical():
    starter_catalog_load()
    first = catalog_export(fmt="json")
    _empty_catalog()

    report = _import(first, "json")

    assert report.procedures.created == len(json.loads(first)["procedures"])
    assert catalog_export(fmt="json") == first


def test_csv_export_import_into_an_empty_catalog_export_is_identical():
    starter_catalog_load()
    first = catalog_export(fmt="csv")
    forms_only = {**json.loads(catalog_export()), "sectors": [], "procedures": []}
    _empty_catalog()
    _import(json.dumps(forms_only), "json")  # CSV rows name forms the catalog already has

    _import(first, "csv")

    assert catalog_export(fmt="csv") == first
    assert ElectronicReplacement.objects.count() == 84
    assert _import(first, "csv").changed is False


def test_csv_has_one_row_per_component_replacement_pair_and_empty_replacement_columns():
    starter_catalog_load()
    rows = list(csv.DictReader(io.StringIO(catalog_export(fmt="csv"))))

    assert list(rows[0]) == list(CSV_COLUMNS)
    pairs = ElectronicReplacement.objects.count()
    bare = DossierComponent.objects.filter(replacements__isnull=True).count()
    assert len(rows) == pairs + bare
    marriage = [r for r in rows if r["procedure_code"] == "1.000894"]
    assert {r["procedure_name"] for r in marriage} == {"Đăng ký kết hôn"}
    form_row = next(r for r in marriage if r["component_code"] == "to-khai")
    assert form_row["component_form"] == "to-khai-ket-hon"
    assert form_row["replacement_document_type"] == "" and form_row["replacement_fields"] == ""


def test_export_of_some_procedures_carries_only_their_sectors_and_forms():
    starter_catalog_load()
    birth = Procedure.objects.filter(code="1.001193")

    document = json.loads(catalog_export(procedures=birth))

    assert [p["code"] for p in document["procedures"]] == ["1.001193"]
    assert [s["code"] for s in document["sectors"]] == ["ho-tich"]
    assert [f["code"] for f in document["forms"]] == ["to-khai-khai-sinh"]


def test_an_unknown_export_format_is_refused():
    with pytest.raises(UnknownCatalogFormat):
        catalog_export(fmt="xlsx")


def test_the_export_command_writes_json_or_csv(tmp_path, capsys):
    starter_catalog_load()
    call_command("export_catalog", "--format", "csv", "--output", str(tmp_path / "c.csv"))
    call_command("export_catalog")

    assert (tmp_path / "c.csv").read_text(encoding="utf-8") == catalog_export(fmt="csv")
    assert capsys.readouterr().out == catalog_export(fmt="json")
