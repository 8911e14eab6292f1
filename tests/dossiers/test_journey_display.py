"""What the citizen reads along the journey: source values in words and
dates people use (never a code or a Python repr), fetch times in local
time, amounts as Vietnamese pages write them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from dossiers.models import ActingBasis, DossierStatus
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.procedures.factories import FormDefinitionFactory, eform_field

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
FETCHED = datetime.datetime(2026, 11, 25, 2, 12, tzinfo=datetime.UTC)  # 09:12 in Hà Nội


def _fields() -> list[dict]:
    """Full name and sex from the National Population Database, and the request typed."""
    return [
        eform_field("full_name", label_vi="Họ, chữ đệm và tên"),
        {"name": "sex", "type": "choice", "label_vi": "Giới tính", "label_en": "Sex",
         "required": True, "validation": {"choices": ["Nam", "Nữ"]}, "binding": "population.sex"},
        eform_field("request"),
    ]  # fmt: skip


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


@pytest.fixture
def draft(citizen, hong_bang_ward):
    """A confirmed draft whose population record says "female", as sources code it."""
    dossier = DossierFactory(
        applicant=citizen, agency=hong_bang_ward, form=FormDefinitionFactory(fields=_fields()),
        preview_confirmed_at=timezone.now(),
    )  # fmt: skip
    PrefillSourceFactory(
        dossier=dossier, fetched_at=FETCHED,
        found={"full_name": "Nguyễn Văn An", "sex": "female", "date_of_birth": "2018-09-21"},
    )  # fmt: skip
    return dossier


def _form(client, dossier) -> str:
    response = client.get(f"/dossiers/{dossier.pk}/form/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_coded_source_value_is_locked_in_the_forms_own_words(signed_in, draft):
    page = _form(signed_in, draft)

    assert re.search(r'<div class="form-control locked-value" id="f-sex" [^>]*>Nữ</div>', page)
    assert '<input type="hidden" name="sex" value="Nữ">' in page
    assert "female" not in page


def test_a_coded_locked_value_passes_the_check_at_submission(signed_in, draft):
    response = signed_in.post(
        f"/dossiers/{draft.pk}/submit/",
        {"full_name": "Nguyễn Văn An", "sex": "Nữ", "request": "Đăng ký thường trú"},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DossierStatus.SUBMITTED


def test_the_form_says_when_a_value_was_fetched_in_local_time(signed_in, draft):
    page = _form(signed_in, draft)

    assert "(bản ghi DC-031090001234), 25/11/2026 09:12" in page
    assert "2026-11-25" not in page


def test_the_preview_shows_values_as_people_read_them(signed_in, citizen, hong_bang_ward):
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward)
    PrefillSourceFactory(dossier=dossier,
                         found={"date_of_birth": "1990-03-14", "sex": "male"})  # fmt: skip
    PrefillSourceFactory(
        dossier=dossier, source="civil_status",
        found={"marriage_registration": {"number": "36/2013", "registered_on": "2013-06-14",
                                         "spouse_name": "Phạm Thị Thu"},
               "marital_status": "married"},
    )  # fmt: skip

    page = signed_in.get(f"/dossiers/{dossier.pk}/prefill/").content.decode()

    shown = re.findall(r'<dd class="col-sm-8">(.*?)</dd>', page)
    assert {"14/03/1990", "Nam", "Đã kết hôn"} <= set(shown)
    # The record's parts, each named (PostgreSQL keeps JSON keys in an order of its own).
    assert sorted(next(s for s in shown if "36/2013" in s).split(", ")) == [
        "Họ tên vợ/chồng: Phạm Thị Thu", "Ngày đăng ký: 14/06/2013", "Số: 36/2013",
    ]  # fmt: skip
    for raw in ("1990-03-14", "male", "married", "{&#x27;", "&#x27;number&#x27;"):
        assert raw not in page


def test_the_preview_speaks_english_to_an_english_reader(signed_in, citizen, hong_bang_ward):
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward)
    PrefillSourceFactory(dossier=dossier, found={"sex": "male"})
    signed_in.cookies["django_language"] = "en"

    page = signed_in.get(f"/dossiers/{dossier.pk}/prefill/").content.decode()

    assert '<dd class="col-sm-8">Male</dd>' in page


def test_the_tracking_page_writes_the_fee_in_dong(signed_in, citizen, hong_bang_ward):
    dossier = DossierFactory(
        applicant=citizen, agency=hong_bang_ward, status=DossierStatus.FINANCIAL_OBLIGATION,
        fee_vnd=20_000, code="11311-261125-0002", submitted_at=timezone.now(),
    )  # fmt: skip

    page = signed_in.get(f"/dossiers/{dossier.pk}/").content.decode()

    assert "20.000 ₫" in page and "20000 đ" not in page


def test_a_draft_for_a_child_names_the_child(signed_in, citizen, hong_bang_ward):
    dossier = DossierFactory(
        applicant=citizen, agency=hong_bang_ward, subject_personal_id="031218000321",
        acting_basis=ActingBasis.PARENT, form=FormDefinitionFactory(fields=_fields()),
        preview_confirmed_at=timezone.now(),
    )  # fmt: skip
    PrefillSourceFactory(dossier=dossier, found={"full_name": "Nguyễn Minh Khang"})

    page = _form(signed_in, dossier)

    assert re.search(
        r'<span data-testid="subject">Cho Nguyễn Minh Khang, 031218000321 \(.+\)</span>', page
    )
