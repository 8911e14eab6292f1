"""The head of household on the residence e-form (họ tên chủ hộ): read from
the household record of the National Population Database, locked with its
provenance, re-checked at submission like every other prefilled value."""

from __future__ import annotations

import json
import re

import pytest

from datasources import registry
from dossiers.eforms import form_fields
from dossiers.models import ActingBasis, Dossier, DossierStatus
from dossiers.services import dossier_draft_start
from procedures.catalog_io.importer import STARTER_CATALOG
from tests.procedures.factories import (
    DossierComponentFactory,
    FormDefinitionFactory,
    ProcedureFactory,
)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
KHANG = "031218000321"  # Nguyễn Văn An's son, in the household An heads
HEAD = "Nguyễn Văn An"
HEAD_ID = "031090001234"
TYPED = {
    "request": "Đăng ký thường trú cho con về ở cùng cha mẹ",
    "new_address": "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng",
}


def _starter_form(code: str) -> dict:
    catalog = json.loads(STARTER_CATALOG.read_text(encoding="utf-8"))
    return next(form for form in catalog["forms"] if form["code"] == code)


@pytest.fixture
def procedure(db):
    """Permanent residence registration with the starter catalog's own CT01 form."""
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú", fee_vnd=0)
    ct01 = _starter_form("to-khai-ct01-dang-ky")  # CT01 as registering an address asks it
    form = FormDefinitionFactory(code=ct01["code"], title=ct01["title"], fields=ct01["fields"])
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1,
                            name="Tờ khai thay đổi thông tin cư trú", form=form)  # fmt: skip
    return procedure


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


def _child_draft(citizen, procedure, unit) -> Dossier:
    """Khang's residence dossier, started by his father, the household's head."""
    dossier = dossier_draft_start(applicant=citizen, procedure=procedure, agency=unit,
                                  subject_personal_id=KHANG,
                                  acting_basis=ActingBasis.PARENT)  # fmt: skip
    dossier.refresh_from_db()
    return dossier


def _field(dossier: Dossier, name: str):
    return next(field for field in form_fields(dossier=dossier) if field.name == name)


def _posted(client, dossier) -> dict:
    """What the form page posts: its locked values as shown (hidden inputs)."""
    page = client.get(f"/dossiers/{dossier.pk}/form/").content.decode()
    posted = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
    posted.pop("csrfmiddlewaretoken", None)
    return posted


@pytest.mark.django_db(transaction=True)
def test_the_household_heads_name_is_prefilled_and_locked_with_its_source(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _child_draft(citizen, procedure, hong_bang_ward)

    assert "household_head_full_name" in dossier.prefill.sources.get(source="population").fields
    head = _field(dossier, "household_head_full_name")
    assert head.locked and head.value == HEAD
    assert head.provenance is not None
    assert (head.provenance.source_code, head.provenance.record_id) == ("population", f"DC-{KHANG}")
    assert head.provenance.fetched_at
    head_id = _field(dossier, "household_head_personal_id")
    assert head_id.locked and head_id.value == HEAD_ID


@pytest.mark.django_db(transaction=True)
def test_the_preview_names_the_household_head_in_both_languages(
    gateway_live, signed_in, citizen, procedure, hong_bang_ward
):
    dossier = _child_draft(citizen, procedure, hong_bang_ward)

    page = signed_in.get(f"/dossiers/{dossier.pk}/prefill/").content.decode()
    assert "Họ, chữ đệm và tên chủ hộ" in page and HEAD in page
    signed_in.cookies["django_language"] = "en"
    english = signed_in.get(f"/dossiers/{dossier.pk}/prefill/").content.decode()
    assert "Household head&#x27;s full name" in english and HEAD in english


@pytest.mark.django_db(transaction=True)
def test_a_changed_household_heads_name_is_refused_at_submission(
    gateway_live, signed_in, citizen, procedure, hong_bang_ward
):
    dossier = _child_draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")
    posted = _posted(signed_in, dossier)
    assert posted["household_head_full_name"] == HEAD

    changed = signed_in.post(
        f"/dossiers/{dossier.pk}/submit/",
        {**posted, **TYPED, "household_head_full_name": "Nguyễn Văn Ân"},
    )

    assert changed.status_code == 409
    assert "Họ, chữ đệm và tên chủ hộ" in changed.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and dossier.code is None
    as_shown = signed_in.post(f"/dossiers/{dossier.pk}/submit/",
                              {**posted, **TYPED})  # fmt: skip
    assert as_shown.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert "household_head_full_name" not in dossier.form_values  # kept in the snapshot


@pytest.mark.parametrize("name", ["household_head_full_name", "household_head_personal_id"])
def test_the_starter_residence_form_binds_the_household_heads_name_and_id(name):
    head = next(field for field in _starter_form("to-khai-ct01")["fields"] if field["name"] == name)

    assert head["binding"] == f"population.{name}"
    registry.source("population").field(name)  # a field the source has
