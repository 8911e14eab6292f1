"""A report that a value is wrong says why, and proposes, if anything, a right
value of the kind the source keeps: a marital status is one of its options, a
date a date, a text at most a line long; too long is refused, never cut. On
the form page and through the API alike, nothing is sent nor saved then."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from datasources.correction_reports import (
    NOTE_MAX_LENGTH,
    PROPOSED_MAX_LENGTH,
    CorrectionReportInvalid,
    correction_report_clean,
)
from datasources.models import CorrectionFlag, CorrectionRequest
from dossiers.models import Dossier
from tests.dossiers import test_form_autosave, test_journey_display
from tests.dossiers.factories import DossierFactory

ADDRESS = test_form_autosave.ADDRESS
draft = test_form_autosave.draft
citizen_client = test_form_autosave.citizen_client
# A draft whose locked sex the source codes "female": shown as "Nữ".
coded_draft = test_journey_display.draft
signed_in = test_journey_display.signed_in

REASON_ASKED = "Hãy cho biết dữ liệu sai ở chỗ nào. Say what is wrong with this value."
TOO_LONG = (f"Giá trị đúng tối đa {PROPOSED_MAX_LENGTH} ký tự. "
            f"The right value can have at most {PROPOSED_MAX_LENGTH} characters.")  # fmt: skip


def _report(field: str, note="Sai", proposed=None):
    source = "civil_status" if field == "marital_status" else "population"
    return correction_report_clean(source=source, field=field, note=note,
                                   proposed_value=proposed)  # fmt: skip


def test_a_marital_status_is_proposed_as_one_of_its_options():
    assert _report("marital_status", proposed="Đã kết hôn").proposed_value == "married"
    assert _report("marital_status", proposed="divorced").proposed_value == "divorced"
    with pytest.raises(CorrectionReportInvalid) as refused:
        _report("marital_status", proposed="x" * 2000)
    assert refused.value.errors == {"proposed_value": (
        "Chọn giá trị đúng trong danh sách: Chưa kết hôn, Đã kết hôn, Đã ly hôn, Góa. "
        "Choose the right value from the list: Chưa kết hôn, Đã kết hôn, Đã ly hôn, Góa."
    )}  # fmt: skip


def test_a_date_is_proposed_as_a_date_and_a_text_within_its_length():
    assert _report("date_of_birth", proposed="05/03/1990").proposed_value == "1990-03-05"
    with pytest.raises(CorrectionReportInvalid) as refused:
        _report("date_of_birth", proposed="31/02/1990")
    assert refused.value.errors == {"proposed_value": "Nhập ngày hợp lệ. Enter a valid date."}
    assert _report("full_name", proposed="  Nguyễn Văn Ân ").proposed_value == "Nguyễn Văn Ân"
    with pytest.raises(CorrectionReportInvalid) as refused:
        _report("full_name", proposed="x" * (PROPOSED_MAX_LENGTH + 1))
    assert refused.value.errors == {"proposed_value": TOO_LONG}
    assert _report("full_name", proposed="").proposed_value is None  # not known: fine


def test_a_report_says_what_is_wrong_in_a_few_words():
    for note in ("", "   ", None):
        with pytest.raises(CorrectionReportInvalid) as refused:
            _report("full_name", note=note)
        assert refused.value.errors == {"note": REASON_ASKED}
    with pytest.raises(CorrectionReportInvalid) as refused:
        _report("full_name", note="x" * (NOTE_MAX_LENGTH + 1))
    assert refused.value.errors == {"note": (
        f"Lý do tối đa {NOTE_MAX_LENGTH} ký tự. "
        f"The reason can have at most {NOTE_MAX_LENGTH} characters."
    )}  # fmt: skip
    assert _report("full_name", note="  Sai dấu  ").note == "Sai dấu"


@pytest.mark.django_db(transaction=True)
def test_on_the_form_a_report_without_a_reason_or_too_long_sends_and_saves_nothing(
    gateway_live, data_owner, citizen_client, draft
):
    url = reverse("dossiers:value-wrong", args=[draft.pk])
    base = {"permanent_address": ADDRESS, "field": "permanent_address", "phone": "0912345678"}

    unexplained = citizen_client.post(url, base)
    too_long = citizen_client.post(url, {**base, "note-permanent_address": "Đã chuyển nhà",
                                         "proposed-permanent_address": "x" * 2000})  # fmt: skip

    assert unexplained.status_code == too_long.status_code == 400
    page = unescape(unexplained.content.decode())
    note = page.split('id="note-permanent_address"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in note
    assert (
        "Hãy cho biết dữ liệu sai ở chỗ nào." in page.split('id="note-permanent_address-error"')[1]
    )
    page = unescape(too_long.content.decode())
    assert f"Giá trị đúng tối đa {PROPOSED_MAX_LENGTH} ký tự." in page
    # What was typed comes back in the report, opened, for the citizen to shorten it.
    assert "Đã chuyển nhà</textarea>" in page and '<details class="correction mt-1"' in page
    assert not CorrectionRequest.objects.exists() and not CorrectionFlag.objects.exists()
    assert Dossier.objects.get(pk=draft.pk).form_values == draft.form_values


@pytest.mark.django_db(transaction=True)
def test_the_api_refuses_a_report_without_a_reason_or_with_a_value_not_of_its_kind(
    gateway_live, citizen, hong_bang_ward, data_owner
):
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward)
    api = APIClient()
    api.force_authenticate(citizen)
    flag = {"dossier": dossier.pk, "source": "civil_status", "field": "marital_status",
            "subject": dossier.subject_personal_id}  # fmt: skip

    unexplained = api.post("/api/datasources/corrections/", flag, format="json")
    two_thousand_x = api.post("/api/datasources/corrections/",
                              {**flag, "note": "Tôi đã kết hôn", "proposed_value": "x" * 2000},
                              format="json")  # fmt: skip

    assert unexplained.status_code == 400 and unexplained.json()["code"] == "invalid"
    assert unexplained.json()["fields"] == {"note": [REASON_ASKED]}
    assert two_thousand_x.status_code == 400
    assert list(two_thousand_x.json()["fields"]) == ["proposed_value"]
    assert not CorrectionRequest.objects.exists()

    address = {**flag, "source": "population", "field": "permanent_address"}
    sent = api.post("/api/datasources/corrections/",
                    {**address, "note": "  Đã chuyển nhà ", "proposed_value": "Số 5 Minh Khai"},
                    format="json")  # fmt: skip
    assert sent.status_code == 201
    assert CorrectionFlag.objects.get().note == "Đã chuyển nhà"


@pytest.mark.django_db
def test_on_the_form_a_coded_value_is_proposed_from_its_options_in_the_forms_words(
    signed_in, coded_draft
):
    page = unescape(signed_in.get(reverse("dossiers:form", args=[coded_draft.pk])).content.decode())

    select = page.split('<select class="form-select form-select-sm" id="proposed-sex"', 1)[1]
    options = select.split("</select>", 1)[0]
    assert 'value="Nam"' in options and 'value="Nữ"' in options and "female" not in options
