"""The OpenAPI schema (/api/schema/, browsable at /api/docs/): it is generated
without a warning and valid, every operation has a summary and a description,
and every refusal it documents has a body, in the portal's one error shape
{"code", "detail", "fields"}: the refusal of a caller without credentials
included (403 for the session, 401 for an agency's client)."""

from __future__ import annotations

import re

import pytest
import yaml
from django.core.management import call_command

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("schema") / "schema.yml"
    # --fail-on-warn: any warning of the generator raises SchemaGenerationError;
    # --validate: the result is checked against the OpenAPI 3 specification.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def test_the_schema_is_generated_without_a_warning_and_is_valid(schema):
    assert schema["openapi"].startswith("3.")
    assert "/api/dossiers/" in schema["paths"]


def test_every_operation_has_a_summary_and_a_description(schema):
    missing = [
        name
        for name, operation in _operations(schema)
        if not operation.get("summary") or not operation.get("description")
    ]
    assert missing == []


def test_every_refusal_documented_has_a_body(schema):
    bare = [
        f"{name} {code}"
        for name, operation in _operations(schema)
        for code, response in operation["responses"].items()
        if code.startswith("4") and "content" not in response
    ]
    assert bare == []


def test_every_refusal_documented_has_the_one_error_shape(schema):
    components = schema["components"]["schemas"]

    def shape(content: dict) -> set[str]:
        name = content.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
        component = components.get(name, {})
        if not {"code", "detail"} <= set(component.get("required", [])):
            return set()
        return set(component["properties"])

    other = [
        f"{name} {code} {media_type}"
        for name, operation in _operations(schema)
        for code, response in operation["responses"].items()
        if code[0] in "45"
        for media_type, content in response.get("content", {}).items()
        if not {"code", "detail", "fields"} <= shape(content)
    ]
    assert other == []
    error = components["Error"]["properties"]
    assert error["fields"]["additionalProperties"]["items"]["type"] == "string"


def test_the_documented_examples_of_refusals_are_in_the_one_shape(schema):
    examples = [
        (f"{name} {code}", example["value"])
        for name, operation in _operations(schema)
        for code, response in operation["responses"].items()
        if code[0] in "45"
        for content in response.get("content", {}).values()
        for example in content.get("examples", {}).values()
    ]
    assert examples
    for where, value in examples:
        assert isinstance(value["code"], str) and value["code"], where
        # Vietnamese first (a letter outside ASCII), then English.
        assert re.search(r"[^\x00-\x7f].*\. [A-Z]", value["detail"]), where
        for messages in value.get("fields", {}).values():
            assert all(re.search(r"[^\x00-\x7f].*\. [A-Z]", m) for m in messages), where


def test_an_operation_that_needs_credentials_documents_their_refusal(schema):
    def refusal(operation) -> str | None:
        schemes = {name for option in operation.get("security", []) for name in option}
        if not schemes or {} in operation.get("security", []):
            return None  # open to anyone
        return "401" if schemes == {"agencyClient"} else "403"

    undocumented = [
        name
        for name, operation in _operations(schema)
        if (code := refusal(operation)) and code not in operation["responses"]
    ]
    assert undocumented == []
    queue = schema["paths"]["/api/agency/dossiers/"]["get"]["responses"]
    assert "401" in queue and "403" not in queue
    mine = schema["paths"]["/api/dossiers/"]["get"]["responses"]
    assert "403" in mine


def test_paged_lists_are_documented_as_pages(schema):
    for path in ("/api/dossiers/", "/api/agency/dossiers/", "/api/datasources/access-log/"):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        page = schema["components"]["schemas"][ok["schema"]["$ref"].rsplit("/", 1)[-1]]
        assert {"count", "next", "previous", "results"} <= set(page["properties"]), path


def test_the_dossier_refusals_show_their_shape_with_an_example(schema):
    conflict = schema["paths"]["/api/agency/dossiers/{id}/supplement-request/"]["post"]
    answer = conflict["responses"]["409"]["content"]["application/json"]
    assert answer["schema"]["$ref"].endswith("/DossierError")
    example = next(iter(answer["examples"].values()))["value"]
    assert example["code"] == "replaced_by_data" and example["components"]
