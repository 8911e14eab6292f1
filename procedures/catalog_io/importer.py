"""The catalog import: all or nothing, idempotent. A file with any problem is
refused whole; a clean one is upserted by natural keys (sector code, procedure
code, component code within its procedure, document type within its component)
and a procedure in the file is synced exactly: components and replacements the
file no longer lists are removed. Procedures absent from the file are left
alone. Rows are written only when a value differs, so importing the same file
again changes nothing, not even a procedure's updated_at."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from procedures.catalog_io.exceptions import CatalogImportRefused, Problem
from procedures.catalog_io.parsing import CatalogDocument, catalog_read
from procedures.catalog_io.validation import (
    CatalogSpec,
    ComponentSpec,
    FormSpec,
    ProcedureSpec,
    SectorSpec,
    catalog_validate,
)
from procedures.indexing import search_documents_refresh
from procedures.models import (
    DossierComponent,
    ElectronicReplacement,
    FormDefinition,
    Procedure,
    Sector,
)

STARTER_CATALOG = Path(__file__).resolve().parent.parent / "data" / "national_catalog.json"

PROCEDURE_FIELDS = ("name", "level", "agency_kinds", "processing_days", "fee_vnd",
                    "fee_online_vnd", "fee_note", "legal_basis", "online_level", "result_type",
                    "result_document_type", "concerns", "steps", "active")  # fmt: skip
COMPONENT_FIELDS = ("position", "name", "originals", "copies", "requirement", "condition",
                    "document_type")  # fmt: skip
REPLACEMENT_FIELDS = ("fields", "legal_basis", "effective_date")


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


@dataclass
class ImportReport:
    sectors: Tally = field(default_factory=Tally)
    forms: Tally = field(default_factory=Tally)
    procedures: Tally = field(default_factory=Tally)
    components: Tally = field(default_factory=Tally)
    replacements: Tally = field(default_factory=Tally)

    @property
    def changed(self) -> bool:
        return any(tally.changed for _kind, tally in self.tallies())

    def tallies(self) -> list[tuple[str, Tally]]:
        return [("sectors", self.sectors), ("forms", self.forms), ("procedures", self.procedures),
                ("components", self.components), ("replacements", self.replacements)]  # fmt: skip


@transaction.atomic
def catalog_import(*, document: CatalogDocument) -> ImportReport:
    """Write the catalog the document describes. Raises CatalogImportRefused with
    every problem (by row) when anything is wrong; nothing is written then."""
    spec = catalog_validate(document=document)
    writer = _Writer()
    writer.write(spec)
    if writer.problems:
        raise CatalogImportRefused(problems=writer.problems)
    # Search text is derived from names; refreshing it never touches updated_at.
    search_documents_refresh(
        procedures=Procedure.objects.filter(code__in=[p.code for p in spec.procedures])
    )
    return writer.report


def starter_catalog_load() -> ImportReport:
    """Load (or bring up to date) the starter catalog of real national procedures."""
    return catalog_import(document=catalog_read(path=STARTER_CATALOG))


class _Writer:
    def __init__(self) -> None:
        self.report = ImportReport()
        self.problems: list[Problem] = []
        self.sectors: dict[str, Sector] = {}
        self.forms: dict[str, FormDefinition] = {}

    def write(self, spec: CatalogSpec) -> None:
        for sector in spec.sectors:
            self.sector(sector)
        for form in spec.forms:
            self.form(form)
        for procedure in spec.procedures:
            self.procedure(procedure)

    def sector(self, spec: SectorSpec) -> None:
        sector, created = Sector.objects.get_or_create(
            code=spec.code, defaults={"name": spec.name, "name_en": spec.name_en}
        )
        if created:
            self.report.sectors.created += 1
        elif _assign(sector, {"name": spec.name, "name_en": spec.name_en}):
            sector.save(update_fields=["name", "name_en"])
            self.report.sectors.updated += 1
        else:
            self.report.sectors.unchanged += 1
        self.sectors[spec.code] = sector

    def form(self, spec: FormSpec) -> None:
        """A form whose title and fields equal its latest version is unchanged;
        otherwise a new version is created (dossiers keep the version they used)."""
        latest = FormDefinition.objects.filter(code=spec.code).order_by("-version").first()
        if latest is not None and (latest.title, latest.fields) == (spec.title, spec.fields):
            self.report.forms.unchanged += 1
            self.forms[spec.code] = latest
            return
        self.forms[spec.code] = FormDefinition.objects.create(
            code=spec.code, version=latest.version + 1 if latest else 1, title=spec.title,
            fields=spec.fields,
        )  # fmt: skip
        if latest is None:
            self.report.forms.created += 1
        else:
            self.report.forms.updated += 1

    def _sector(self, code: str) -> Sector:
        if code not in self.sectors:
            self.sectors[code] = Sector.objects.get(code=code)
        return self.sectors[code]

    def _form(self, code: str | None) -> FormDefinition | None:
        if code is None:
            return None
        if code not in self.forms:
            self.forms[code] = FormDefinition.objects.filter(code=code).latest("version")
        return self.forms[code]

    def procedure(self, spec: ProcedureSpec) -> None:
        values = {name: getattr(spec, name) for name in PROCEDURE_FIELDS}
        values["sector_id"] = self._sector(spec.sector).pk
        procedure = Procedure.objects.select_for_update().filter(code=spec.code).first()
        if procedure is None:
            procedure = Procedure.objects.create(code=spec.code, **values)
            self.report.procedures.created += 1
            self.components(procedure, spec)
            return
        changed = _assign(procedure, values)
        children_changed = self.components(procedure, spec)
        if changed or children_changed:
            procedure.save(update_fields=[*changed, "updated_at"])
            self.report.procedures.updated += 1
        else:
            self.report.procedures.unchanged += 1

    def components(self, procedure: Procedure, procedure_spec: ProcedureSpec) -> bool:
        """Sync the procedure's components with the file. Returns whether any changed."""
        existing = {component.code: component for component in procedure.components.all()}
        changed = False
        for spec in procedure_spec.components:
            values = {name: getattr(spec, name) for name in COMPONENT_FIELDS}
            form = self._form(spec.form)
            values["form_id"] = form.pk if form else None
            component = existing.pop(spec.code, None)
            if component is None:
                component = DossierComponent.objects.create(
                    procedure=procedure, code=spec.code, **values
                )
                self.report.components.created += 1
                changed = True
            elif updated := _assign(component, values):
                component.save(update_fields=updated)
                self.report.components.updated += 1
                changed = True
            else:
                self.report.components.unchanged += 1
            changed = self.replacements(component, spec) or changed
        for component in existing.values():
            self.remove_component(procedure, component, at=procedure_spec.at)
            changed = True
        return changed

    def remove_component(self, procedure: Procedure, component: DossierComponent, at: str) -> None:
        replacements = component.replacements.count()
        try:
            with transaction.atomic():
                component.delete()
        except ProtectedError:
            self.problems.append(Problem(at, _(
                "Thành phần “%(code)s” của thủ tục %(procedure)s không còn trong tệp nhưng đã có "
                "hồ sơ dùng nên không xóa được. Component “%(code)s” of procedure %(procedure)s "
                "is no longer in the file but dossiers use it, so it cannot be removed."
            ) % {"code": component.code, "procedure": procedure.code}))  # fmt: skip
            return
        self.report.components.removed += 1
        self.report.replacements.removed += replacements

    def replacements(self, component: DossierComponent, spec: ComponentSpec) -> bool:
        existing = {item.document_type: item for item in component.replacements.all()}
        changed = False
        for item in spec.replacements:
            values = {name: getattr(item, name) for name in REPLACEMENT_FIELDS}
            replacement = existing.pop(item.document_type, None)
            if replacement is None:
                ElectronicReplacement.objects.create(
                    component=component, document_type=item.document_type, **values
                )
                self.report.replacements.created += 1
                changed = True
            elif updated := _assign(replacement, values):
                replacement.save(update_fields=updated)
                self.report.replacements.updated += 1
                changed = True
            else:
                self.report.replacements.unchanged += 1
        for replacement in existing.values():
            replacement.delete()
            self.report.replacements.removed += 1
            changed = True
        return changed


def _assign(instance, values: dict) -> list[str]:
    """Set the values that differ on the instance; returns their names."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
