"""What a new version of a list changes against the previous one."""

import datetime

import pytest

from procedures.diff import replacement_list_diff
from tests.procedures.factories import (
    ElectronicReplacementFactory,
    ReplacementListEntryFactory,
    ReplacementListFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions(hong_bang_ward):
    old = ReplacementListFactory(agency=hong_bang_ward, version=1, status="published")
    new = ReplacementListFactory(agency=hong_bang_ward, version=2)
    return old, new


def _both(old, new, **overrides):
    """The same replacement on both versions; `overrides` change the new text."""
    replacement = ElectronicReplacementFactory()
    before = ReplacementListEntryFactory(replacement_list=old, replacement=replacement)
    after = ReplacementListEntryFactory(replacement_list=new, replacement=replacement, **overrides)
    return before, after


def test_entries_are_added_removed_changed_or_unchanged(versions):
    old, new = versions
    _both(old, new)
    _both(old, new, fields=["permanent_address", "temporary_address"])
    _both(old, new, legal_basis="Nghị định 104/2022/NĐ-CP",
          effective_date=datetime.date(2026, 1, 1))  # fmt: skip
    dropped = ReplacementListEntryFactory(replacement_list=old)
    added = ReplacementListEntryFactory(replacement_list=new)

    diff = replacement_list_diff(old=old, new=new)

    assert diff.added == [added] and diff.removed == [dropped]
    assert diff.unchanged == 1
    assert [change.fields for change in diff.changed] == [
        ("fields",), ("legal_basis", "effective_date"),
    ]  # fmt: skip
    assert diff.changed[1].old.legal_basis == "Nghị quyết 66.7/2025/NQ-CP"
    assert diff.changed[1].new.legal_basis == "Nghị định 104/2022/NĐ-CP"


def test_entries_are_matched_by_procedure_component_and_document_type(versions):
    old, new = versions
    component_replacement = ElectronicReplacementFactory()
    ReplacementListEntryFactory(replacement_list=old, replacement=component_replacement)
    # Same component, another document type: another entry.
    other_type = ElectronicReplacementFactory(
        component=component_replacement.component, document_type="identity_information",
        fields=["full_name"],
    )  # fmt: skip
    ReplacementListEntryFactory(replacement_list=new, replacement=other_type)

    diff = replacement_list_diff(old=old, new=new)

    assert len(diff.added) == 1 and len(diff.removed) == 1 and not diff.changed


def test_the_order_of_the_replacing_fields_is_no_change(versions):
    old, new = versions
    _both(old, new, fields=["permanent_address"])
    old.entries.update(fields=["temporary_address", "permanent_address"])
    new.entries.update(fields=["permanent_address", "temporary_address"])

    assert replacement_list_diff(old=old, new=new).is_empty


def test_without_a_previous_version_every_entry_is_added(versions):
    _old, new = versions
    ReplacementListEntryFactory.create_batch(2, replacement_list=new)

    diff = replacement_list_diff(old=None, new=new)

    assert len(diff.added) == 2 and not diff.removed and not diff.changed


def test_identical_versions_differ_in_nothing(versions):
    old, new = versions
    for _n in range(3):
        _both(old, new)

    diff = replacement_list_diff(old=old, new=new)

    assert diff.is_empty and diff.unchanged == 3
