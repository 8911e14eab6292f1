"""The catalog file format: its name and version, the keys of each JSON level,
the CSV columns, and how lists sit in a CSV cell. Parsing, validation and export
all read it from here, so the three cannot drift apart."""

from __future__ import annotations

FORMAT = "mot-cua-so/catalog"
VERSION = 1

DOCUMENT_KEYS = ("format", "version", "sectors", "forms", "procedures")

SECTOR_KEYS = ("code", "name", "name_en")
SECTOR_REQUIRED = ("code", "name")

FORM_KEYS = ("code", "title", "fields")
FORM_FIELD_KEYS = ("name", "type", "label_vi", "label_en", "required", "validation", "binding")
FORM_FIELD_REQUIRED = ("name", "type", "label_vi")

PROCEDURE_KEYS = (
    "code", "name", "sector", "level", "agency_kinds", "processing_days", "fee_vnd",
    "fee_online_vnd", "fee_note", "legal_basis", "online_level", "result_type",
    "result_document_type", "concerns", "steps", "active", "components",
)  # fmt: skip
PROCEDURE_REQUIRED = ("code", "name", "sector", "level", "processing_days", "online_level",
                      "result_type")  # fmt: skip

COMPONENT_KEYS = ("code", "position", "name", "originals", "copies", "requirement",
                  "condition", "document_type", "form", "replacements")  # fmt: skip
COMPONENT_REQUIRED = ("code", "name")

REPLACEMENT_KEYS = ("document_type", "fields", "legal_basis", "effective_date")
REPLACEMENT_REQUIRED = REPLACEMENT_KEYS

# The CSV: one row per component-replacement pair, procedure and component
# columns repeated. Each column maps onto a key of the JSON levels above.
CSV_PROCEDURE_COLUMNS = {
    "procedure_code": "code",
    "procedure_name": "name",
    "sector_code": "sector",
    "level": "level",
    "agency_kinds": "agency_kinds",
    "processing_days": "processing_days",
    "fee_vnd": "fee_vnd",
    "fee_online_vnd": "fee_online_vnd",
    "fee_note": "fee_note",
    "legal_basis": "legal_basis",
    "online_level": "online_level",
    "result_type": "result_type",
    "result_document_type": "result_document_type",
    "steps": "steps",
    "active": "active",
}
CSV_SECTOR_COLUMNS = {"sector_code": "code", "sector_name": "name", "sector_name_en": "name_en"}
CSV_COMPONENT_COLUMNS = {
    "component_code": "code",
    "component_position": "position",
    "component_name": "name",
    "component_originals": "originals",
    "component_copies": "copies",
    "component_requirement": "requirement",
    "component_condition": "condition",
    "component_document_type": "document_type",
    "component_form": "form",
}
CSV_REPLACEMENT_COLUMNS = {
    "replacement_document_type": "document_type",
    "replacement_fields": "fields",
    "replacement_legal_basis": "legal_basis",
    "replacement_effective_date": "effective_date",
}
CSV_COLUMNS = (
    "procedure_code", "procedure_name", "sector_code", "sector_name", "sector_name_en",
    "level", "agency_kinds", "processing_days", "fee_vnd", "fee_online_vnd", "fee_note",
    "legal_basis", "online_level", "result_type", "result_document_type", "steps", "active",
    *CSV_COMPONENT_COLUMNS, *CSV_REPLACEMENT_COLUMNS,
)  # fmt: skip

# Lists in a CSV cell: tokens (agency kinds, replacing fields) are separated by
# ";", steps (free text that may hold any punctuation) by line breaks.
CSV_TOKEN_SEPARATOR = ";"
CSV_STEP_SEPARATOR = "\n"
CSV_TRUE, CSV_FALSE = "true", "false"

FORMATS = ("json", "csv")
