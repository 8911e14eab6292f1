"""What is wrong with a parsed catalog: every problem, each with its row (a JSON
path or a CSV row) and a Vietnamese + English message, collected in one pass so
that staff fix the file once. A clean document becomes typed specs, ready for
the importer."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from datasources import registry
from datasources.bindings import binding_parse
from datasources.documents import DOCUMENT_TYPES
from dossiers.eforms import TYPES as FORM_FIELD_TYPES
from portal.accounts.models import AgencyKind
from procedures.catalog_io import messages as M
from procedures.catalog_io import schema
from procedures.catalog_io.exceptions import CatalogImportRefused, Problem
from procedures.catalog_io.parsing import CatalogDocument, Entry
from procedures.models import (
    ComponentRequirement,
    ConcernedPerson,
    FormDefinition,
    OnlineServiceLevel,
    ProcedureLevel,
    Sector,
)

SMALL_INTEGER_MAX = 32767  # PositiveSmallIntegerField
INTEGER_MAX = 2147483647  # PositiveIntegerField
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_DOCUMENT_TYPES = {document.code: document for document in DOCUMENT_TYPES}


@dataclass(frozen=True)
class SectorSpec:
    at: str
    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class FormSpec:
    at: str
    code: str
    title: str
    fields: list[dict]


@dataclass(frozen=True)
class ReplacementSpec:
    at: str
    document_type: str
    fields: list[str]
    legal_basis: str
    effective_date: datetime.date


@dataclass(frozen=True)
class ComponentSpec:
    at: str
    code: str
    position: int
    name: str
    originals: int
    copies: int
    requirement: str
    condition: str
    document_type: str
    form: str | None
    replacements: list[ReplacementSpec]


@dataclass(frozen=True)
class ProcedureSpec:
    at: str
    code: str
    name: str
    sector: str
    level: str
    agency_kinds: list[str]
    processing_days: int
    fee_vnd: int
    fee_online_vnd: int | None
    fee_note: str
    legal_basis: str
    online_level: str
    result_type: str
    result_document_type: str
    concerns: str
    steps: list[str]
    active: bool
    components: list[ComponentSpec]


@dataclass(frozen=True)
class CatalogSpec:
    sectors: list[SectorSpec]
    forms: list[FormSpec]
    procedures: list[ProcedureSpec]


def catalog_validate(*, document: CatalogDocument) -> CatalogSpec:
    """The typed catalog. Raises CatalogImportRefused with every problem found."""
    checker = _Checker(list(document.problems))
    if document.fmt == "json":
        checker.document_keys(document.top_keys)
    else:
        checker.columns(document.columns)
    sectors = [checker.sector(entry) for entry in document.sectors]
    forms = [checker.form(entry) for entry in document.forms]
    procedures = [checker.procedure(entry) for entry in document.procedures]
    checker.unique("code", document.sectors, M.DUPLICATE_SECTOR)
    checker.unique("code", document.forms, M.DUPLICATE_FORM)
    checker.unique("code", document.procedures, M.DUPLICATE_PROCEDURE)
    checker.references(document, sectors, forms)
    if checker.problems:
        raise CatalogImportRefused(problems=checker.problems)
    return CatalogSpec(sectors=sectors, forms=forms, procedures=procedures)


class _Checker:
    """Reads values out of entries, noting a problem for each one that is wrong
    and answering a harmless default so that checking goes on."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems

    def note(self, at: str, message, **values) -> None:
        self.problems.append(Problem(at, str(message % values if values else message)))

    # The shape of the document

    def document_keys(self, top: dict[str, Any]) -> None:
        if not top and self.problems:
            return  # unreadable: parsing said so
        self.keys("document", top, schema.DOCUMENT_KEYS, ("format", "version"))
        if "format" in top and top["format"] != schema.FORMAT:
            self.note("document", M.BAD_FORMAT, format=schema.FORMAT)
        if "version" in top and top["version"] != schema.VERSION:
            self.note("document", M.BAD_VERSION, version=top["version"], supported=schema.VERSION)

    def columns(self, columns: list[str]) -> None:
        if not columns:
            return
        for column in columns:
            if column not in schema.CSV_COLUMNS:
                self.note("row 1", M.UNKNOWN_COLUMN, column=column)
        for column in schema.CSV_COLUMNS:
            if column not in columns:
                self.note("row 1", M.MISSING_COLUMN, column=column)
        for column in sorted({name for name in columns if columns.count(name) > 1}):
            self.note("row 1", M.REPEATED_COLUMN, column=column)

    def keys(self, at: str, data: dict, allowed: tuple, required: tuple) -> None:
        for key in data:
            if key not in allowed:
                self.note(at, M.UNKNOWN_KEY, key=key)
        for key in required:
            if key not in data:
                self.note(at, M.MISSING_KEY, key=key)

    def unique(self, key: str, entries: list[Entry], message) -> None:
        seen: dict[str, str] = {}
        for entry in entries:
            value = entry.data.get(key)
            if not isinstance(value, str) or not value:
                continue
            if value in seen:
                self.note(entry.at, message, code=value, first=seen[value])
            else:
                seen[value] = entry.at

    # Values

    def text(self, at: str, data: dict, key: str, *, max_length: int) -> str:
        value = data.get(key, "")
        if not isinstance(value, str) or len(value) > max_length:
            self.note(at, M.BAD_TEXT, key=key, n=max_length)
            return ""
        return value.strip()

    def code(self, at: str, data: dict, key: str, *, max_length: int, slug: bool) -> str:
        value = self.text(at, data, key, max_length=max_length)
        if value and slug and not _SLUG.match(value):
            self.note(at, M.BAD_CODE, key=key, value=value)
        if key in data and not value:
            self.note(at, M.EMPTY, key=key)
        return value

    def integer(self, at: str, data: dict, key: str, *, default: int, maximum: int) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            self.note(at, M.BAD_INTEGER, key=key, max=maximum, value=value)
            return default
        return value

    def optional_integer(self, at: str, data: dict, key: str, *, maximum: int) -> int | None:
        """None when absent or empty (a CSV cell), else an integer as `integer` checks it."""
        if data.get(key) in (None, ""):
            return None
        return self.integer(at, data, key, default=0, maximum=maximum)

    def boolean(self, at: str, data: dict, key: str, *, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.note(at, M.BAD_BOOLEAN, key=key, value=value)
            return default
        return value

    def choice(self, at: str, data: dict, key: str, choices, *, default: str = "") -> str:
        value = data.get(key, default)
        allowed = [str(choice) for choice in choices]
        if value in allowed:
            return value
        if key in data:
            self.note(at, M.BAD_CHOICE, value=value, key=key, choices=", ".join(allowed))
        return default

    def date(self, at: str, data: dict, key: str) -> datetime.date:
        value = data.get(key)
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            if key in data:
                self.note(at, M.BAD_DATE, value=value, key=key)
            return datetime.date.min

    def texts(self, at: str, data: dict, key: str, *, max_length: int = 1000) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() and len(item) <= max_length for item in value
        ):
            self.note(at, M.BAD_TEXTS, key=key)
            return []
        return [item.strip() for item in value]

    # Levels

    def sector(self, entry: Entry) -> SectorSpec:
        at, data = entry.at, entry.data
        self.keys(at, data, schema.SECTOR_KEYS, schema.SECTOR_REQUIRED)
        return SectorSpec(
            at=at,
            code=self.code(at, data, "code", max_length=64, slug=True),
            name=self.text(at, data, "name", max_length=255),
            name_en=self.text(at, data, "name_en", max_length=255),
        )

    def form(self, entry: Entry) -> FormSpec:
        at, data = entry.at, entry.data
        self.keys(at, data, schema.FORM_KEYS, schema.FORM_KEYS)
        fields = data.get("fields", [])
        if not isinstance(fields, list):
            self.note(at, M.NOT_A_LIST, key="fields")
            fields = []
        located = [(f"{at}.fields[{index}]", field) for index, field in enumerate(fields)]
        self.unique("name", [Entry(where, field) for where, field in located
                             if isinstance(field, dict)], M.DUPLICATE_FIELD)  # fmt: skip
        code = self.code(at, data, "code", max_length=64, slug=True)
        title = self.text(at, data, "title", max_length=255)
        checked = [self.form_field(where, field) for where, field in located]
        self.dates_in_order(at, checked)
        self.statements_known(at, checked)
        self.conditions_known(at, checked)
        return FormSpec(at=at, code=code, title=title, fields=checked)

    def form_field(self, at: str, field: Any) -> dict:
        if not isinstance(field, dict):
            self.note(at, M.NOT_AN_OBJECT)
            field = {}
        self.keys(at, field, schema.FORM_FIELD_KEYS, schema.FORM_FIELD_REQUIRED)
        validation = field.get("validation", {})
        if not isinstance(validation, dict):
            self.note(at, M.NOT_AN_OBJECT)
            validation = {}
        return {
            "name": self.code(at, field, "name", max_length=64, slug=True),
            "type": self.choice(at, field, "type", sorted(FORM_FIELD_TYPES), default="string"),
            "label_vi": self.text(at, field, "label_vi", max_length=255),
            "label_en": self.text(at, field, "label_en", max_length=255),
            "required": self.boolean(at, field, "required", default=False),
            "validation": validation,
            "binding": self.binding(at, field.get("binding")),
        }

    def binding(self, at: str, binding: Any) -> str | None:
        """None, or a binding (datasources.bindings: "source.field", or
        "applicant:source.field", maybe with a condition on that record) naming
        fields the source registry knows."""
        if binding is None:
            return None
        parsed = binding_parse(binding)
        if parsed is None:
            self.note(at, M.BAD_BINDING, binding=binding)
            return None
        sources = {source.code: source for source in registry.all_sources()}
        if parsed.source not in sources:
            self.note(at, M.UNKNOWN_BINDING_SOURCE, binding=binding, source=parsed.source)
            return binding
        for field_name in parsed.fields_needed:
            if field_name not in sources[parsed.source].field_names:
                self.note(at, M.UNKNOWN_BINDING_FIELD, binding=binding, source=parsed.source,
                          field=field_name)  # fmt: skip
        return binding

    def dates_in_order(self, at: str, fields: list[dict]) -> None:
        """A date field that must come before another ("before_field") names a
        date field of the same form."""
        dates = {field.get("name") for field in fields if field.get("type") == "date"}
        for index, field in enumerate(fields):
            validation = field.get("validation") or {}
            if "before_field" not in validation:
                continue
            other = validation["before_field"]
            if field.get("type") != "date" or other not in dates or other == field.get("name"):
                self.note(f"{at}.fields[{index}]", M.BAD_BEFORE_FIELD, field=other)

    def statements_known(self, at: str, fields: list[dict]) -> None:
        """A binding that applies as the applicant states it ("form.field=value")
        names a choice field of the same form, offering that value."""
        choices = {field.get("name"): [str(c[0] if isinstance(c, list | tuple) else c)
                                       for c in (field.get("validation") or {}).get("choices", [])]
                   for field in fields if field.get("type") == "choice"}  # fmt: skip
        for index, field in enumerate(fields):
            binding = binding_parse(field.get("binding"))
            if binding is None or not binding.stated_field:
                continue
            if binding.stated_value not in choices.get(binding.stated_field, []):
                self.note(f"{at}.fields[{index}]", M.BAD_STATED_FIELD, binding=field["binding"],
                          field=binding.stated_field, value=binding.stated_value)  # fmt: skip

    def conditions_known(self, at: str, fields: list[dict]) -> None:
        """A field asked only when another holds a value ("only_when":
        "purpose=Kết hôn") names another choice field of the same form,
        offering that value: otherwise the field would never be asked."""
        choices = {field.get("name"): [str(c[0] if isinstance(c, list | tuple) else c)
                                       for c in (field.get("validation") or {}).get("choices", [])]
                   for field in fields if field.get("type") == "choice"}  # fmt: skip
        for index, field in enumerate(fields):
            condition = (field.get("validation") or {}).get("only_when")
            if condition is None:
                continue
            name, equals, value = str(condition).partition("=")
            if not equals or name == field.get("name") or value not in choices.get(name, []):
                self.note(f"{at}.fields[{index}]", M.BAD_ONLY_WHEN, condition=condition)

    def procedure(self, entry: Entry) -> ProcedureSpec:
        at, data = entry.at, entry.data
        self.keys(at, data, schema.PROCEDURE_KEYS, schema.PROCEDURE_REQUIRED)
        kinds = self.texts(at, data, "agency_kinds", max_length=64)
        for kind in kinds:
            if kind not in AgencyKind.values:
                self.note(
                    at, M.UNKNOWN_AGENCY_KIND, kind=kind, choices=", ".join(AgencyKind.values)
                )
        components = [
            self.component(child, position=index) for index, child in enumerate(entry.children, 1)
        ]
        self.unique("code", entry.children, M.DUPLICATE_COMPONENT)
        return ProcedureSpec(
            at=at,
            code=self.code(at, data, "code", max_length=32, slug=False),
            name=self.text(at, data, "name", max_length=500),
            sector=self.code(at, data, "sector", max_length=64, slug=True),
            level=self.choice(at, data, "level", ProcedureLevel.values),
            agency_kinds=kinds,
            processing_days=self.integer(
                at, data, "processing_days", default=0, maximum=SMALL_INTEGER_MAX
            ),
            fee_vnd=self.integer(at, data, "fee_vnd", default=0, maximum=INTEGER_MAX),
            fee_online_vnd=self.optional_integer(at, data, "fee_online_vnd", maximum=INTEGER_MAX),
            fee_note=self.text(at, data, "fee_note", max_length=500),
            legal_basis=self.text(at, data, "legal_basis", max_length=10000),
            online_level=self.choice(at, data, "online_level", OnlineServiceLevel.values),
            result_type=self.text(at, data, "result_type", max_length=500),
            result_document_type=self.document_type(at, data, "result_document_type"),
            concerns=self.choice(at, data, "concerns", ConcernedPerson.values),
            steps=self.texts(at, data, "steps"),
            active=self.boolean(at, data, "active", default=True),
            components=components,
        )

    def component(self, entry: Entry, *, position: int) -> ComponentSpec:
        at, data = entry.at, entry.data
        self.keys(at, data, schema.COMPONENT_KEYS, schema.COMPONENT_REQUIRED)
        requirement = self.choice(
            at, data, "requirement", ComponentRequirement.values,
            default=ComponentRequirement.REQUIRED,
        )  # fmt: skip
        condition = self.text(at, data, "condition", max_length=500)
        if requirement == ComponentRequirement.CONDITIONAL and not condition:
            self.note(at, M.CONDITION_MISSING)
        form = None
        if data.get("form") is not None:
            form = self.code(at, data, "form", max_length=64, slug=True) or None
        replacements = [self.replacement(child) for child in entry.children]
        self.unique("document_type", entry.children, M.DUPLICATE_DOCUMENT_TYPE)
        small = SMALL_INTEGER_MAX
        return ComponentSpec(
            at=at,
            code=self.code(at, data, "code", max_length=64, slug=True),
            position=self.integer(at, data, "position", default=position, maximum=small),
            name=self.text(at, data, "name", max_length=500),
            originals=self.integer(at, data, "originals", default=1, maximum=small),
            copies=self.integer(at, data, "copies", default=0, maximum=small),
            requirement=requirement,
            condition=condition,
            document_type=self.document_type(at, data, "document_type"),
            form=form,
            replacements=replacements,
        )

    def document_type(self, at: str, data: dict, key: str) -> str:
        """An optional document type code, one of the known types."""
        code = self.text(at, data, key, max_length=64)
        if code and code not in _DOCUMENT_TYPES:
            self.note(at, M.UNKNOWN_DOCUMENT_TYPE, code=code)
        return code

    def replacement(self, entry: Entry) -> ReplacementSpec:
        at, data = entry.at, entry.data
        self.keys(at, data, schema.REPLACEMENT_KEYS, schema.REPLACEMENT_REQUIRED)
        code = self.text(at, data, "document_type", max_length=64)
        fields = self.texts(at, data, "fields", max_length=64)
        document = _DOCUMENT_TYPES.get(code)
        if document is None and "document_type" in data:
            self.note(at, M.UNKNOWN_DOCUMENT_TYPE, code=code)
        for name in fields if document else ():
            if name not in document.fields:
                self.note(at, M.UNKNOWN_REPLACING_FIELD, code=code, field=name,
                          fields=", ".join(document.fields))  # fmt: skip
        if "fields" in data and not fields:
            self.note(at, M.NO_REPLACING_FIELD)
        legal_basis = self.text(at, data, "legal_basis", max_length=500)
        if "legal_basis" in data and not legal_basis:
            self.note(at, M.NO_LEGAL_BASIS)
        return ReplacementSpec(
            at=at,
            document_type=code,
            fields=fields,
            legal_basis=legal_basis,
            effective_date=self.date(at, data, "effective_date"),
        )

    # References between the file and the catalog already there

    def references(
        self, document: CatalogDocument, sectors: list[SectorSpec], forms: list[FormSpec]
    ) -> None:
        sector_refs = {e.at: e.data.get("sector") for e in document.procedures}
        form_refs = {c.at: c.data.get("form") for e in document.procedures for c in e.children}
        known_sectors = _known(Sector, {s.code for s in sectors}, sector_refs.values())
        known_forms = _known(FormDefinition, {f.code for f in forms}, form_refs.values())
        for at, code in sector_refs.items():
            if isinstance(code, str) and code and code not in known_sectors:
                self.note(at, M.UNKNOWN_SECTOR, code=code)
        for at, code in form_refs.items():
            if isinstance(code, str) and code and code not in known_forms:
                self.note(at, M.UNKNOWN_FORM, code=code)


def _known(model, in_file: set[str], wanted) -> set[str]:
    """The codes the file defines, and those of the wanted ones the catalog has."""
    missing = {code for code in wanted if isinstance(code, str)} - in_file
    return in_file | set(model.objects.filter(code__in=missing).values_list("code", flat=True))
