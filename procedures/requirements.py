"""What an applicant brings for a procedure: nothing for a component that
electronic data replaces on that day, the paper otherwise."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from datasources.registry import source_name
from procedures.models import DossierComponent, ElectronicReplacement, Procedure
from procedures.public_lists import document_type_name, field_labels


@dataclass(frozen=True)
class ReplacedBy:
    replacement: ElectronicReplacement
    document_name: str
    source_name: str
    field_labels: list[str]


@dataclass(frozen=True)
class ComponentRequirementView:
    component: DossierComponent
    # In force on the day: the applicant does not submit the component.
    replaced_by: list[ReplacedBy]
    # Adopted for a later date: still to be submitted until then.
    upcoming: list[ReplacedBy]

    @property
    def replaced(self) -> bool:
        return bool(self.replaced_by)


def _replaced_by(replacement: ElectronicReplacement) -> ReplacedBy:
    return ReplacedBy(
        replacement=replacement,
        document_name=document_type_name(replacement.document_type),
        source_name=source_name(replacement.source),
        field_labels=field_labels(replacement.source, replacement.fields),
    )


def component_requirements(
    procedure: Procedure, *, on: datetime.date
) -> list[ComponentRequirementView]:
    """Each component of the procedure, in order, with the replacements in
    force on `on` and those to come. Reads prefetched components and replacements
    (procedures.selectors.procedure_public) without further queries."""
    views = []
    for component in procedure.components.all():
        replacements = list(component.replacements.all())
        views.append(
            ComponentRequirementView(
                component=component,
                replaced_by=[_replaced_by(r) for r in replacements if r.effective_date <= on],
                upcoming=[_replaced_by(r) for r in replacements if r.effective_date > on],
            )
        )
    return views
