"""Whole numbers on an e-form are bounded: by the form's own min and max, or
else never negative and never past 10^15, so that a capital of 10^26 đồng is
refused on the page, through the citizen API and at the desk, nothing kept."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dossiers.eforms import DEFAULT_NUMBER_MAX, DEFAULT_NUMBER_MIN, form_fields, typed_values_clean
from dossiers.models import Channel, DossierStatus
from procedures.catalog_io.importer import STARTER_CATALOG
from tests.dossiers.factories import DossierFactory, PrefillSnapshotFactory
from tests.procedures.factories import FormDefinitionFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
HUGE = "99999999999999999999999999"
TOO_BIG = f"Giá trị lớn nhất là {DEFAULT_NUMBER_MAX}. The maximum is {DEFAULT_NUMBER_MAX}."
TOO_BIG_SHOWN = f"Giá trị lớn nhất là {DEFAULT_NUMBER_MAX}."  # a page shows its language's half


def _number(name: str, **validation) -> dict:
    return {"name": name, "type": "integer", "label_vi": name, "label_en": name,
            "required": True, "validation": validation, "binding": None}  # fmt: skip


@pytest.fixture
def form():
    # As the household-business form has them: capital and workers at least 0, copies 1 to 10.
    return FormDefinitionFactory(fields=[
        _number("capital_vnd", min=0), _number("employees"), _number("copies", min=1, max=10),
    ])  # fmt: skip


@pytest.fixture
def draft(form, citizen, hong_bang_ward):
    return DossierFactory(applicant=citizen, agency=hong_bang_ward, form=form,
                          preview_confirmed_at=timezone.now())  # fmt: skip


def test_a_number_past_the_default_maximum_or_negative_is_refused(draft):
    fields = form_fields(dossier=draft)

    _cleaned, errors = typed_values_clean(
        fields=fields, data={"capital_vnd": HUGE, "employees": "-1", "copies": "11"}
    )

    assert errors == {
        "capital_vnd": TOO_BIG,
        "employees": "Giá trị nhỏ nhất là 0. The minimum is 0.",
        "copies": "Giá trị lớn nhất là 10. The maximum is 10.",
    }
    largest = {"capital_vnd": str(DEFAULT_NUMBER_MAX), "employees": "0", "copies": "1"}
    cleaned, errors = typed_values_clean(fields=fields, data=largest)
    assert errors == {} and cleaned["capital_vnd"] == DEFAULT_NUMBER_MAX


@pytest.mark.parametrize("typed", ["1_000", "١٢٣", "1e9", "12.5", "9" * 5000])
def test_only_plain_digits_make_a_whole_number(draft, typed):
    _cleaned, errors = typed_values_clean(fields=form_fields(dossier=draft),
                                          data={"capital_vnd": typed})  # fmt: skip

    assert errors["capital_vnd"] == "Nhập một số nguyên. Enter a whole number."


def test_the_page_bounds_the_number_input_as_the_server_does(client, citizen, draft):
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:form", args=[draft.pk])).content.decode()

    assert f'min="0" max="{DEFAULT_NUMBER_MAX}" step="1"' in page
    assert 'min="1" max="10" step="1"' in page


def test_a_huge_capital_is_refused_on_the_page_and_nothing_is_kept(client, citizen, draft):
    client.force_login(citizen, backend=LOGIN)

    response = client.post(reverse("dossiers:submit", args=[draft.pk]),
                           {"capital_vnd": HUGE, "employees": "2", "copies": "1"})  # fmt: skip
    saved = client.post(reverse("dossiers:form-save", args=[draft.pk]),
                        {"capital_vnd": HUGE, "employees": "2", "copies": "1"})  # fmt: skip

    assert response.status_code == 400 and TOO_BIG_SHOWN in response.content.decode()
    assert saved.status_code == 400 and TOO_BIG_SHOWN in saved.content.decode()
    draft.refresh_from_db()
    assert draft.status == DossierStatus.DRAFT and "capital_vnd" not in draft.form_values


def test_a_huge_capital_is_refused_through_the_citizen_api(citizen, draft):
    api = APIClient()
    api.force_login(citizen, backend=LOGIN)

    submitted = api.post(f"/api/dossiers/{draft.pk}/submit/", {"values": {
        "capital_vnd": HUGE, "employees": -3, "copies": 1,
    }}, format="json")  # fmt: skip
    kept = api.patch(f"/api/dossiers/{draft.pk}/form/", {"values": {"capital_vnd": HUGE}},
                     format="json")  # fmt: skip

    assert submitted.status_code == 400 and submitted.json()["code"] == "form_invalid"
    assert submitted.json()["errors"] == {
        "capital_vnd": TOO_BIG, "employees": "Giá trị nhỏ nhất là 0. The minimum is 0.",
    }  # fmt: skip
    assert kept.json()["refused"] == {"capital_vnd": TOO_BIG}
    draft.refresh_from_db()
    assert draft.status == DossierStatus.DRAFT and "capital_vnd" not in draft.form_values


def test_a_huge_capital_is_refused_at_the_desk(client, commune_official, citizen, form):
    dossier = DossierFactory(
        form=form, agency=commune_official.agency, applicant=citizen, channel=Channel.COUNTER,
        counter_consent_at=timezone.now(), assigned_to=commune_official,
        preview_confirmed_at=timezone.now(),
    )  # fmt: skip
    PrefillSnapshotFactory(dossier=dossier)
    client.force_login(commune_official, backend=LOGIN)

    response = client.post(reverse("workspace:counter-submit", args=[dossier.pk]),
                           {"capital_vnd": HUGE, "employees": "2", "copies": "1"})  # fmt: skip

    assert response.status_code == 400 and TOO_BIG_SHOWN in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and dossier.form_values == {}


def test_the_starter_catalogs_numbers_are_bounded_within_the_defaults():
    """No form of the catalog lets a number go negative or past the safe maximum."""
    catalog = json.loads(STARTER_CATALOG.read_text(encoding="utf-8"))
    numbers = [(form["code"], field) for form in catalog["forms"] for field in form["fields"]
               if field["type"] == "integer"]  # fmt: skip

    assert numbers
    for code, field in numbers:
        rules = field["validation"]
        least, most = rules.get("min", DEFAULT_NUMBER_MIN), rules.get("max", DEFAULT_NUMBER_MAX)
        assert DEFAULT_NUMBER_MIN <= least <= most <= DEFAULT_NUMBER_MAX, (code, field["name"])


def test_a_forms_own_bound_past_the_safe_maximum_is_held_to_it(citizen, hong_bang_ward):
    form = FormDefinitionFactory(fields=[
        _number("area", min=-(10**30), max=10**30), _number("flag", min=True, max=False),
    ])  # fmt: skip
    draft = DossierFactory(applicant=citizen, agency=hong_bang_ward, form=form)
    fields = form_fields(dossier=draft)

    _cleaned, errors = typed_values_clean(fields=fields, data={"area": HUGE, "flag": "5"})

    assert errors == {"area": TOO_BIG}
    assert [(f.number_min, f.number_max) for f in fields] == [
        (-DEFAULT_NUMBER_MAX, DEFAULT_NUMBER_MAX), (DEFAULT_NUMBER_MIN, DEFAULT_NUMBER_MAX),
    ]  # fmt: skip
