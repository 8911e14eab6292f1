"""A published replacement list as open data: CSV and JSON with stable columns.

Every entry has these keys (the CSV's header row, in this order); names are
the Vietnamese ones whatever the page language, so a file reads the same for
everyone:

    agency_code          the publishing agency's code (e.g. 31, 11311)
    agency_name          its name
    list_version         the list's version number (1, 2, …)
    list_effective_date  the date the list takes effect (YYYY-MM-DD)
    sector               the procedure's sector (lĩnh vực)
    procedure_code       the national code of the procedure (e.g. 1.001193)
    procedure_name       the procedure's name
    component_code       the dossier component's code within the procedure
    component_name       the dossier component (thành phần hồ sơ) replaced
    document_type        the code of the document type data stands in for
    document_type_name   its name
    source               the code of the database supplying the data
    source_name          its name
    fields               the source fields used (JSON: a list; CSV: joined by "; ")
    field_names          their names (same form)
    legal_basis          the legal basis of the replacement
    effective_date       the date the replacement takes effect (YYYY-MM-DD)

CSV files are UTF-8 with a byte-order mark, so that spreadsheet programs show
Vietnamese correctly. The JSON document is
{"agency": {"code", "name"}, "version", "title", "effective_date",
"published_at", "columns", "entries": [...], "upcoming"}: the version in force,
and in "upcoming" the version published to take over on a later date, so that
users can prepare, as {"version", "title", "effective_date", "published_at",
"entries": [...]} (null when there is none). The CSV file holds the version in
force only; the upcoming one has its own file, with the same columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from datasources.registry import source_name
from procedures.models import ReplacementList, ReplacementListEntry
from procedures.public_lists import document_type_name, field_labels

COLUMNS = (
    "agency_code", "agency_name", "list_version", "list_effective_date", "sector",
    "procedure_code", "procedure_name", "component_code", "component_name", "document_type",
    "document_type_name", "source", "source_name", "fields", "field_names", "legal_basis",
    "effective_date",
)  # fmt: skip
CSV_LIST_SEPARATOR = "; "


def _date(value) -> str | None:
    return value.isoformat() if value else None


def open_data_row(replacement_list: ReplacementList, entry: ReplacementListEntry) -> dict:
    """One entry with every column of COLUMNS (lists as lists)."""
    return {
        "agency_code": replacement_list.agency.code,
        "agency_name": replacement_list.agency.name,
        "list_version": replacement_list.version,
        "list_effective_date": _date(replacement_list.effective_date),
        "sector": entry.sector_name,
        "procedure_code": entry.procedure_code,
        "procedure_name": entry.procedure_name,
        "component_code": entry.component_code,
        "component_name": entry.component_name,
        "document_type": entry.document_type,
        "document_type_name": document_type_name(entry.document_type, vietnamese=True),
        "source": entry.source,
        "source_name": source_name(entry.source, vietnamese=True),
        "fields": list(entry.fields),
        "field_names": field_labels(entry.source, entry.fields, vietnamese=True),
        "legal_basis": entry.legal_basis,
        "effective_date": _date(entry.effective_date),
    }


def list_as_csv(replacement_list: ReplacementList, entries: Iterable[ReplacementListEntry]) -> str:
    """The list as CSV text, starting with the byte-order mark."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for entry in entries:
        row = open_data_row(replacement_list, entry)
        row["fields"] = CSV_LIST_SEPARATOR.join(row["fields"])
        row["field_names"] = CSV_LIST_SEPARATOR.join(row["field_names"])
        writer.writerow(row)
    return buffer.getvalue()


def _upcoming_as_json(upcoming: ReplacementList, entries: Iterable[ReplacementListEntry]) -> dict:
    return {
        "version": upcoming.version,
        "title": upcoming.title,
        "effective_date": _date(upcoming.effective_date),
        "published_at": upcoming.published_at.isoformat() if upcoming.published_at else None,
        "entries": [open_data_row(upcoming, entry) for entry in entries],
    }


def list_as_json(
    replacement_list: ReplacementList,
    entries: Iterable[ReplacementListEntry],
    *,
    upcoming: tuple[ReplacementList, Iterable[ReplacementListEntry]] | None = None,
) -> dict:
    """`upcoming`: the version published to take over later, with its entries."""
    agency = replacement_list.agency
    return {
        "agency": {"code": agency.code, "name": agency.name},
        "version": replacement_list.version,
        "title": replacement_list.title,
        "effective_date": _date(replacement_list.effective_date),
        "published_at": replacement_list.published_at.isoformat()
        if replacement_list.published_at
        else None,
        "columns": list(COLUMNS),
        "entries": [open_data_row(replacement_list, entry) for entry in entries],
        "upcoming": _upcoming_as_json(*upcoming) if upcoming is not None else None,
    }


def open_data_filename(replacement_list: ReplacementList, extension: str) -> str:
    """e.g. danh-muc-thay-the-11311-v3.csv: ASCII, safe in any header."""
    code = "".join(c if c.isascii() and c.isalnum() else "-" for c in replacement_list.agency.code)
    return f"danh-muc-thay-the-{code}-v{replacement_list.version}.{extension}"
