"""How far the catalog resolves procedures from data: per procedure, the share
of its dossier components replaced by electronic data, and the candidates:
components with no replacement recorded that a registered source could
already replace.

The candidate rule. A component is a candidate for a document type when
  1. no electronic replacement is recorded for it;
  2. it is a paper the applicant brings, not a declaration they fill in: it
     has no e-form and its name does not start with "tờ khai", "đơn",
     "phiếu", "bản khai" or "văn bản đề nghị";
  3. its folded name (procedures.indexing.fold) contains, as whole words, one
     of the document type's keywords (datasources.documents), e.g. "giay khai
     sinh" in "Bản sao Giấy khai sinh của con";
  4. the document type's source is in the registry and serves every field
     the document type is replaced by.
A candidate whose procedure's e-form already binds fields of that document
type (the portal already reads that data for the procedure) is marked so and
listed first: the strongest case for recording the replacement."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from datasources import registry
from datasources.bindings import part_source
from datasources.documents import DocumentType, all_document_types
from datasources.exceptions import DataAccessError
from procedures.indexing import fold
from procedures.models import DossierComponent, ElectronicReplacement, Procedure

DECLARATION_PREFIXES = ("to khai", "don", "phieu", "ban khai", "van ban de nghi")
_NOT_A_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Candidate:
    component: DossierComponent
    document_type: DocumentType
    keyword: str  # the phrase found in the component's name
    form_reads: bool  # the procedure's e-form already binds fields of this document type


@dataclass
class ProcedureCoverage:
    procedure: Procedure
    components: int = 0
    replaced: int = 0  # with at least one replacement recorded
    in_force: int = 0  # with a replacement effective on or before today
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.replaced / self.components if self.components else 0.0


@dataclass
class CatalogCoverage:
    procedures: list[ProcedureCoverage]

    @property
    def components(self) -> int:
        return sum(row.components for row in self.procedures)

    @property
    def replaced(self) -> int:
        return sum(row.replaced for row in self.procedures)

    @property
    def in_force(self) -> int:
        return sum(row.in_force for row in self.procedures)

    @property
    def candidates(self) -> int:
        return sum(len(row.candidates) for row in self.procedures)

    @property
    def share(self) -> float:
        return self.replaced / self.components if self.components else 0.0


def _words(text: str) -> str:
    """Folded text as space-separated words, padded, for whole-word matching."""
    return f" {_NOT_A_WORD.sub(' ', fold(text)).strip()} "


def _served(document: DocumentType) -> bool:
    try:
        registry.source(document.source_code).checked_fields(document.fields)
    except DataAccessError:
        return False
    return True


def _matchers() -> list[tuple[DocumentType, list[tuple[str, str]]]]:
    """Per served document type, its keywords as (padded words, keyword)."""
    return [
        (document, [(_words(keyword), keyword) for keyword in document.keywords])
        for document in all_document_types()
        if document.keywords and _served(document)
    ]


def component_candidates(
    *, component: DossierComponent, bound: frozenset[str] | set[str] = frozenset(), matchers=None
) -> list[Candidate]:
    """The document types that could replace this component (assumed to have no
    replacement recorded). `bound`: the "source.field" bindings of its
    procedure's e-forms."""
    if component.form_id is not None:
        return []
    words = _words(component.name)
    if any(words.startswith(f" {prefix} ") for prefix in DECLARATION_PREFIXES):
        return []
    found = []
    for document, keywords in matchers if matchers is not None else _matchers():
        keyword = next((keyword for padded, keyword in keywords if padded in words), None)
        if keyword is None:
            continue
        form_reads = any(f"{document.source_code}.{name}" in bound for name in document.fields)
        found.append(Candidate(component, document, keyword, form_reads))
    return found


def catalog_coverage(*, procedures: QuerySet[Procedure] | None = None) -> CatalogCoverage:
    """Coverage of these procedures (the active catalog by default), in three
    queries whatever their number."""
    if procedures is None:
        procedures = Procedure.objects.filter(active=True)
    rows = {
        procedure.pk: ProcedureCoverage(procedure=procedure)
        for procedure in procedures.select_related("sector").order_by("code")
    }
    today = timezone.localdate()
    recorded: dict[int, bool] = {}  # component id → a replacement is in force
    replacements = ElectronicReplacement.objects.filter(
        component__procedure__in=procedures
    ).values_list("component_id", "effective_date")
    for component_id, effective_date in replacements:
        recorded[component_id] = recorded.get(component_id, False) or effective_date <= today
    components = list(
        DossierComponent.objects.filter(procedure__in=procedures)
        .select_related("form")
        .order_by("procedure_id", "position", "id")
    )
    bound: dict[int, set[str]] = {}
    for component in components:
        if component.form is not None:
            bound.setdefault(component.procedure_id, set()).update(
                f"{part_source(part)[0]}.{name}"
                for part, names in component.form.bindings().items()
                for name in names
            )
    matchers = _matchers()
    for component in components:
        row = rows.get(component.procedure_id)
        if row is None:
            continue
        row.components += 1
        if component.pk in recorded:
            row.replaced += 1
            row.in_force += recorded[component.pk]
        else:
            row.candidates.extend(
                component_candidates(
                    component=component,
                    bound=bound.get(component.procedure_id, set()),
                    matchers=matchers,
                )
            )
    for row in rows.values():
        row.candidates.sort(key=lambda candidate: not candidate.form_reads)
    return CatalogCoverage(procedures=list(rows.values()))
