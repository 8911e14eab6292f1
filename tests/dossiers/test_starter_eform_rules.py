"""The starter catalog's e-forms say only what the e-form understands: each
binding names a field its source returns (its condition's too), each
validation rule is one the rules check (a misspelt rule would be silently
ignored), each date bound is one they read, each date order names a date."""

import json

from datasources.bindings import binding_check, binding_parse
from dossiers.eforms import TYPES, _day
from procedures.catalog_io.importer import STARTER_CATALOG

RULES = {
    "choices", "max", "min", "max_length", "min_length", "pattern", "before_field", "only_when",
}  # fmt: skip


def _fields():
    catalog = json.loads(STARTER_CATALOG.read_text(encoding="utf-8"))
    return [(form["code"], field) for form in catalog["forms"] for field in form["fields"]]


def test_every_binding_names_a_field_its_source_returns():
    for form, field in _fields():
        if field["binding"]:
            binding = binding_parse(field["binding"])
            assert binding is not None, (form, field["name"])
            binding_check(binding)  # raises for an unknown source or field


def test_every_rule_is_one_the_eform_checks():
    for form, field in _fields():
        assert field["type"] in TYPES, (form, field["name"])
        assert set(field["validation"]) <= RULES, (form, field["name"])
        if field["type"] == "date":
            for bound in ("min", "max"):
                if bound in field["validation"]:
                    assert _day(field["validation"][bound]), (form, field["name"], bound)
        if "before_field" in field["validation"]:
            dates = {other["name"] for code, other in _fields()
                     if code == form and other["type"] == "date"}  # fmt: skip
            assert field["validation"]["before_field"] in dates - {field["name"]}, field["name"]
        if field["type"] == "choice":
            assert field["validation"]["choices"], (form, field["name"])
        if "only_when" in field["validation"]:
            name, _, value = field["validation"]["only_when"].partition("=")
            [other] = [other for code, other in _fields() if code == form and other["name"] == name]
            assert value in other["validation"]["choices"], (form, field["name"])
