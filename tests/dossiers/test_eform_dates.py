"""Dates a form bounds: a child's birth, a death, cannot be in the future."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dossiers.eforms import form_fields, typed_values_clean
from dossiers.models import DossierStatus
from procedures.catalog_io.importer import starter_catalog_load
from procedures.models import FormDefinition
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import FormDefinitionFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
BORN = {"name": "child_date_of_birth", "type": "date", "label_vi": "Ngày, tháng, năm sinh",
        "label_en": "Date of birth", "required": True, "validation": {"max": "today"},
        "binding": None}  # fmt: skip
SINCE = {**BORN, "name": "since", "validation": {"min": "2025-07-01"}, "required": False}


@pytest.fixture
def draft(citizen, hong_bang_ward):
    return DossierFactory(
        applicant=citizen, agency=hong_bang_ward,
        form=FormDefinitionFactory(fields=[BORN, SINCE]), preview_confirmed_at=timezone.now(),
    )  # fmt: skip


def _day(offset: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def test_a_date_after_its_bound_is_refused_and_today_accepted(draft):
    fields = form_fields(dossier=draft)

    cleaned, errors = typed_values_clean(fields=fields, data={"child_date_of_birth": _day(1)})
    assert (
        set(errors) == {"child_date_of_birth"}
        and "cannot be after" in errors["child_date_of_birth"]
    )
    assert errors["child_date_of_birth"].startswith("Ngày không được sau ")

    cleaned, errors = typed_values_clean(fields=fields, data={"child_date_of_birth": _day(0)})
    assert errors == {} and cleaned["child_date_of_birth"] == _day(0)


def test_a_date_before_its_bound_is_refused(draft):
    data = {"child_date_of_birth": _day(0), "since": "2025-06-30"}

    _cleaned, errors = typed_values_clean(fields=form_fields(dossier=draft), data=data)

    assert errors == {"since": "Ngày không được trước 01/07/2025. "
                               "The date cannot be before 01/07/2025."}  # fmt: skip


def test_a_birth_in_the_future_is_refused_at_submission_and_nothing_changes(client, citizen, draft):
    client.force_login(citizen, backend=LOGIN)

    response = client.post(f"/dossiers/{draft.pk}/submit/", {"child_date_of_birth": _day(2)})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="e-child_date_of_birth"' in page and "Ngày không được sau" in page
    assert f'max="{_day(0)}"' in page  # the date picker stops at today too
    draft.refresh_from_db()
    assert (draft.status, draft.code, draft.form_values) == (DossierStatus.DRAFT, None, {})


def test_the_starter_catalog_bounds_births_and_deaths_by_today(db):
    starter_catalog_load()

    def bound(form: str, field: str):
        fields = FormDefinition.objects.filter(code=form).latest("version").fields
        return next(f for f in fields if f["name"] == field)["validation"].get("max")

    assert bound("to-khai-khai-sinh", "child_date_of_birth") == "today"
    assert bound("to-khai-khai-tu", "date_of_death") == "today"
    assert bound("to-khai-ket-hon", "partner_date_of_birth") == "today"
