"""The catalog export, in exactly the import format: exporting, importing the
result into an empty catalog and exporting again gives the same text. Order is
by code (components by position, then code) so that two exports of the same
catalog are identical and diff well."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from procedures.catalog_io import schema
from procedures.catalog_io.exceptions import UnknownCatalogFormat
from procedures.models import FormDefinition, Procedure, Sector


def catalog_export(*, procedures: Iterable[Procedure] | None = None, fmt: str = "json") -> str:
    """These procedures (all by default) with their sectors, components,
    replacements and e-forms, as JSON or CSV. Raises UnknownCatalogFormat."""
    if fmt not in schema.FORMATS:
        raise UnknownCatalogFormat(fmt=fmt)
    document = catalog_document(procedures=procedures)
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return _csv(document)


def catalog_document(*, procedures: Iterable[Procedure] | None = None) -> dict:
    """The catalog as the JSON document of the import format."""
    selected = Procedure.objects.all() if procedures is None else Procedure.objects.filter(
        pk__in=[procedure.pk for procedure in procedures]
    )  # fmt: skip
    selected = selected.select_related("sector").prefetch_related(
        "components__form", "components__replacements"
    )
    rows = [_procedure(procedure) for procedure in selected.order_by("code")]
    if procedures is None:
        sectors = Sector.objects.order_by("code")
        form_codes = set(FormDefinition.objects.values_list("code", flat=True))
    else:
        sectors = Sector.objects.filter(procedures__in=selected).distinct().order_by("code")
        form_codes = {c["form"] for row in rows for c in row["components"] if c["form"]}
    return {
        "format": schema.FORMAT,
        "version": schema.VERSION,
        "sectors": [
            {"code": sector.code, "name": sector.name, "name_en": sector.name_en}
            for sector in sectors
        ],
        "forms": [_form(code) for code in sorted(form_codes)],
        "procedures": rows,
    }


def _form(code: str) -> dict:
    latest = FormDefinition.objects.filter(code=code).latest("version")
    return {
        "code": latest.code,
        "title": latest.title,
        "fields": [
            {key: _canonical(field.get(key, _FIELD_DEFAULTS.get(key, "")))
             for key in schema.FORM_FIELD_KEYS}
            for field in latest.fields
        ],
    }  # fmt: skip


def _canonical(value):
    # Keys in a fixed order: PostgreSQL's jsonb keeps them in its own order.
    return dict(sorted(value.items())) if isinstance(value, dict) else value


_FIELD_DEFAULTS = {"label_en": "", "required": False, "validation": {}, "binding": None}


def _procedure(procedure: Procedure) -> dict:
    components = sorted(procedure.components.all(), key=lambda c: (c.position, c.code))
    return {
        "code": procedure.code,
        "name": procedure.name,
        "sector": procedure.sector.code,
        "level": procedure.level,
        "agency_kinds": list(procedure.agency_kinds),
        "processing_days": procedure.processing_days,
        "fee_vnd": procedure.fee_vnd,
        "fee_online_vnd": procedure.fee_online_vnd,
        "fee_note": procedure.fee_note,
        "legal_basis": procedure.legal_basis,
        "online_level": procedure.online_level,
        "result_type": procedure.result_type,
        "result_document_type": procedure.result_document_type,
        # Only where a procedure concerns someone else (the deceased): rare, so left out otherwise.
        **({"concerns": procedure.concerns} if procedure.concerns else {}),
        "steps": list(procedure.steps),
        "active": procedure.active,
        "components": [
            {
                "code": component.code,
                "position": component.position,
                "name": component.name,
                "originals": component.originals,
                "copies": component.copies,
                "requirement": component.requirement,
                "condition": component.condition,
                "document_type": component.document_type,
                "form": component.form.code if component.form else None,
                "replacements": [
                    {
                        "document_type": replacement.document_type,
                        "fields": list(replacement.fields),
                        "legal_basis": replacement.legal_basis,
                        "effective_date": replacement.effective_date.isoformat(),
                    }
                    for replacement in sorted(
                        component.replacements.all(), key=lambda r: r.document_type
                    )
                ],
            }
            for component in components
        ],
    }


def _csv(document: dict) -> str:
    """One row per component-replacement pair; forms are JSON-only (rows name them)."""
    sectors = {sector["code"]: sector for sector in document["sectors"]}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(schema.CSV_COLUMNS)
    for procedure in document["procedures"]:
        sector = sectors.get(procedure["sector"], {})
        head = _cells(procedure, schema.CSV_PROCEDURE_COLUMNS) | {
            column: _cell(sector.get(key, "")) for column, key in schema.CSV_SECTOR_COLUMNS.items()
        }
        for component in procedure["components"] or [None]:
            middle = _cells(component or {}, schema.CSV_COMPONENT_COLUMNS)
            for replacement in (component or {}).get("replacements") or [None]:
                tail = _cells(replacement or {}, schema.CSV_REPLACEMENT_COLUMNS)
                row = head | middle | tail
                writer.writerow([row[column] for column in schema.CSV_COLUMNS])
    return out.getvalue()


def _cells(data: dict, columns: dict[str, str]) -> dict[str, str]:
    return {column: _cell(data.get(key), key) for column, key in columns.items()}


def _cell(value, key: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return schema.CSV_TRUE if value else schema.CSV_FALSE
    if isinstance(value, list):
        separator = schema.CSV_STEP_SEPARATOR if key == "steps" else schema.CSV_TOKEN_SEPARATOR
        return separator.join(value)
    return str(value)
