"""A procedure's components are kept in memory per process; any change to
them, made by any process, is seen at the next read."""

from __future__ import annotations

import pytest

from procedures import structure
from procedures.models import Procedure
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
)

pytestmark = pytest.mark.django_db


def _codes(procedure: Procedure) -> list[str]:
    return [component.code for component in structure.procedure_components(procedure.pk)]


def _as_if_another_process_kept_it(procedure: Procedure, change) -> None:
    """Make `change` while this process keeps what it read before, as a
    process that did not make the change would."""
    structure.procedure_components(procedure.pk)
    kept = structure._components[procedure.pk]
    change()
    structure._components[procedure.pk] = kept


def test_the_components_are_read_once_while_the_procedure_is_unchanged(
    django_assert_num_queries,
):
    procedure = ProcedureFactory()
    first = DossierComponentFactory(procedure=procedure, code="to-khai", position=1)
    ElectronicReplacementFactory(component=first)
    structure.procedure_components(procedure.pk)

    with django_assert_num_queries(1):  # only the procedure's time of change
        (component,) = structure.procedure_components(procedure.pk)
    procedure.refresh_from_db()
    with django_assert_num_queries(0):
        structure.procedure_components(procedure.pk, updated_at=procedure.updated_at)
    assert component.code == "to-khai" and len(component.replacements_all) == 1


def test_a_component_added_or_removed_elsewhere_is_seen():
    procedure = ProcedureFactory()
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1)

    _as_if_another_process_kept_it(
        procedure, lambda: DossierComponentFactory(procedure=procedure, code="ban-sao", position=2)
    )
    assert _codes(procedure) == ["to-khai", "ban-sao"]

    _as_if_another_process_kept_it(
        procedure, lambda: procedure.components.get(code="to-khai").delete()
    )
    assert _codes(procedure) == ["ban-sao"]


def test_a_replacement_added_elsewhere_is_seen():
    procedure = ProcedureFactory()
    component = DossierComponentFactory(procedure=procedure)

    _as_if_another_process_kept_it(
        procedure, lambda: ElectronicReplacementFactory(component=component)
    )

    (read,) = structure.procedure_components(procedure.pk)
    assert len(read.replacements_all) == 1


def test_an_e_form_changed_elsewhere_is_seen_by_every_procedure_using_it():
    form = FormDefinitionFactory(title="Tờ khai cũ")
    procedures = [ProcedureFactory(), ProcedureFactory()]
    for procedure in procedures:
        DossierComponentFactory(procedure=procedure, form=form)

    def retitle() -> None:
        form.title = "Tờ khai mới"
        form.save()

    _as_if_another_process_kept_it(procedures[0], retitle)

    for procedure in procedures:
        (component,) = structure.procedure_components(procedure.pk)
        assert component.form.title == "Tờ khai mới"
