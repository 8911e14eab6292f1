"""Reading a catalog file, JSON or CSV, into one intermediate structure: entries
that keep where they came from (a JSON path or a CSV row) and values typed as
JSON would carry them. Nothing is judged here beyond what it takes to read the
file; validation.py says what is wrong with it."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from procedures.catalog_io import messages as M
from procedures.catalog_io import schema
from procedures.catalog_io.exceptions import Problem, UnknownCatalogFormat

INTEGER_KEYS = frozenset(
    {"processing_days", "fee_vnd", "fee_online_vnd", "position", "originals", "copies"}
)
TOKEN_LIST_KEYS = frozenset({"agency_kinds", "fields"})


@dataclass
class Entry:
    """One sector, form, procedure, component or replacement as the file gives it."""

    at: str
    data: dict[str, Any]
    children: list[Entry] = field(default_factory=list)


@dataclass
class CatalogDocument:
    fmt: str
    sectors: list[Entry] = field(default_factory=list)
    forms: list[Entry] = field(default_factory=list)
    procedures: list[Entry] = field(default_factory=list)
    # The document's own keys (JSON) or header (CSV), checked by validation.
    top_keys: dict[str, Any] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def catalog_parse(*, text: str, fmt: str) -> CatalogDocument:
    """The intermediate structure of a JSON or CSV catalog. Raises UnknownCatalogFormat."""
    if fmt == "json":
        return _parse_json(text)
    if fmt == "csv":
        return _parse_csv(text)
    raise UnknownCatalogFormat(fmt=fmt)


def catalog_read(*, path: Path, fmt: str | None = None) -> CatalogDocument:
    """Read a catalog file; its format is taken from the suffix unless given."""
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in schema.FORMATS:
        raise UnknownCatalogFormat(fmt=fmt)
    return catalog_parse(text=path.read_text(encoding="utf-8-sig"), fmt=fmt)


# JSON


def _parse_json(text: str) -> CatalogDocument:
    document = CatalogDocument(fmt="json")
    try:
        top = json.loads(text)
    except json.JSONDecodeError as error:
        document.problems.append(
            Problem(
                f"line {error.lineno}",
                _("Không đọc được JSON: %(error)s. Not valid JSON: %(error)s.")
                % {"error": error.msg},
            )
        )
        return document
    if not isinstance(top, dict):
        document.problems.append(Problem("document", str(M.NOT_AN_OBJECT)))
        return document
    document.top_keys = top
    document.sectors = _json_entries(document, top, "sectors")
    document.forms = _json_entries(document, top, "forms")
    document.procedures = _json_entries(document, top, "procedures")
    return document


def _json_entries(document: CatalogDocument, parent: dict, key: str, at: str = "") -> list[Entry]:
    """The objects of a JSON list, each with its path; procedures and components
    carry the next level down as their children."""
    where = f"{at}.{key}" if at else key
    items = parent.get(key, [])
    if not isinstance(items, list):
        document.problems.append(Problem(where, str(M.NOT_A_LIST % {"key": key})))
        return []
    entries = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            document.problems.append(Problem(f"{where}[{index}]", str(M.NOT_AN_OBJECT)))
            continue
        nested = _NESTED.get(key)
        entry = Entry(f"{where}[{index}]", {k: v for k, v in item.items() if k != nested})
        if nested:
            entry.children = _json_entries(document, item, nested, entry.at)
        entries.append(entry)
    return entries


# The key under which each level nests the next one: kept out of its own data.
_NESTED = {"procedures": "components", "components": "replacements"}


# CSV


def _parse_csv(text: str) -> CatalogDocument:
    document = CatalogDocument(fmt="csv")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        document.problems.append(
            Problem("file", _("Không đọc được CSV: %(error)s. Not valid CSV: %(error)s.")
                    % {"error": error})
        )  # fmt: skip
        return document
    if not rows:
        document.problems.append(Problem("row 1", _("Tệp trống. The file is empty.")))
        return document
    document.columns = [name.strip() for name in rows[0]]
    sectors: dict[str, Entry] = {}
    procedures: dict[str, Entry] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = dict(zip(document.columns, cells, strict=False))
        at = f"row {number}"
        _csv_sector(document, sectors, row, at)
        procedure = _csv_procedure(document, procedures, row, at)
        component = _csv_component(document, procedure, row, at)
        replacement = _typed(_columns(row, schema.CSV_REPLACEMENT_COLUMNS))
        if replacement and component is None:
            document.problems.append(
                Problem(at, _("Có cột thay thế mà không có thành phần hồ sơ. "
                              "Replacement columns without a dossier component."))
            )  # fmt: skip
        elif replacement and component is not None:
            component.children.append(Entry(at, replacement))
    document.sectors = list(sectors.values())
    document.procedures = list(procedures.values())
    return document


def _columns(row: dict[str, str], columns: dict[str, str]) -> dict[str, str]:
    """The non-empty cells of these columns, under their JSON keys: an empty cell
    is a value not given."""
    return {key: row[column] for column, key in columns.items() if row.get(column, "").strip()}


def _typed(data: dict[str, str]) -> dict[str, Any]:
    """CSV cells as JSON would type them; a cell that does not convert stays text
    for validation to name."""
    typed: dict[str, Any] = {}
    for key, cell in data.items():
        value: Any = cell.strip() if key != "steps" else cell
        if key in INTEGER_KEYS and value.lstrip("-").isdigit():
            value = int(value)
        elif key in TOKEN_LIST_KEYS:
            value = [token.strip() for token in value.split(schema.CSV_TOKEN_SEPARATOR)
                     if token.strip()]  # fmt: skip
        elif key == "steps":
            value = [
                step.strip() for step in value.split(schema.CSV_STEP_SEPARATOR) if step.strip()
            ]
        elif key == "active" and value.lower() in (schema.CSV_TRUE, schema.CSV_FALSE):
            value = value.lower() == schema.CSV_TRUE
        typed[key] = value
    return typed


def _same_as_before(
    document: CatalogDocument, earlier: Entry, data: dict, at: str, what: str
) -> None:
    if earlier.data != data:
        document.problems.append(Problem(at, what % {"row": earlier.at.removeprefix("row ")}))


def _csv_sector(document: CatalogDocument, sectors: dict[str, Entry], row: dict, at: str) -> None:
    data = _typed(_columns(row, schema.CSV_SECTOR_COLUMNS))
    if "name" not in data and "name_en" not in data:
        return  # only a code: the sector is one the catalog already has
    code = data.get("code", "")
    if code in sectors:
        _same_as_before(document, sectors[code], data, at, _(
            "Các cột lĩnh vực khác với dòng %(row)s. The sector columns differ from row %(row)s."
        ))  # fmt: skip
    else:
        sectors[code] = Entry(at, data)


def _csv_procedure(
    document: CatalogDocument, procedures: dict[str, Entry], row: dict, at: str
) -> Entry:
    data = _typed(_columns(row, schema.CSV_PROCEDURE_COLUMNS))
    code = data.get("code", "")
    if code in procedures:
        _same_as_before(document, procedures[code], data, at, _(
            "Các cột thủ tục khác với dòng %(row)s (mã thủ tục trùng?). "
            "The procedure columns differ from row %(row)s (a duplicate procedure code?)."
        ))  # fmt: skip
        return procedures[code]
    procedures[code] = Entry(at, data)
    return procedures[code]


def _csv_component(document: CatalogDocument, procedure: Entry, row: dict, at: str) -> Entry | None:
    data = _typed(_columns(row, schema.CSV_COMPONENT_COLUMNS))
    if not data:
        return None
    code = data.get("code", "")
    for component in procedure.children:
        if component.data.get("code", "") == code:
            _same_as_before(document, component, data, at, _(
                "Các cột thành phần hồ sơ khác với dòng %(row)s (mã thành phần trùng?). "
                "The component columns differ from row %(row)s (a duplicate component code?)."
            ))  # fmt: skip
            return component
    component = Entry(at, data)
    procedure.children.append(component)
    return component
