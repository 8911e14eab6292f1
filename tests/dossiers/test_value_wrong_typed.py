"""“This is wrong” on a locked value sends the whole form, so it keeps what was
typed as “Save and continue later” does: the correction request is recorded,
the valid typed values are saved, and a value the form refuses is not dropped
silently: the form comes back (400) with what was typed, the refused field
marked, and at the top which values were saved and which not, beside the word
that the request went. An unknown field changes nothing."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from datasources.models import CorrectionRequest
from dossiers.models import Dossier
from tests.dossiers import test_form_autosave

ADDRESS = test_form_autosave.ADDRESS
# The draft of the autosave tests: a locked address, a phone and a reason to type.
draft = test_form_autosave.draft
citizen_client = test_form_autosave.citizen_client

pytestmark = pytest.mark.django_db(transaction=True)

SENT = "Đã gửi yêu cầu điều chỉnh “Nơi thường trú” đến cơ quan quản lý dữ liệu."


def _wrong(client, dossier, typed: dict, field: str = "permanent_address"):
    posted = {
        "permanent_address": ADDRESS,
        "field": field,
        f"note-{field}": "Đã chuyển nhà",
        **typed,
    }
    return client.post(reverse("dossiers:value-wrong", args=[dossier.pk]), posted)


def _stored(dossier) -> dict:
    return Dossier.objects.get(pk=dossier.pk).form_values


def test_a_refused_typed_value_is_reported_beside_the_request_sent(
    gateway_live, data_owner, citizen_client, draft
):
    response = _wrong(citizen_client, draft, {"phone": "12ab", "reason": "Ở cùng bố mẹ"})

    html = unescape(response.content.decode())
    assert response.status_code == 400
    # The correction is recorded, and the form says so.
    assert CorrectionRequest.objects.filter(field="permanent_address").count() == 1
    assert SENT in html and 'data-testid="correction-open"' in html
    # The valid value is saved, the refused one is not, and the form says which.
    assert _stored(draft) == {"reason": "Ở cùng bố mẹ"}
    summary = html.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Đã lưu: Lý do. Chưa lưu vì không hợp lệ: Số điện thoại" in summary
    assert '<a href="#f-phone">Số điện thoại</a>: Nhập số điện thoại hợp lệ.' in summary
    # What was typed is in its field, the refused one marked.
    phone = html.split('id="f-phone"', 1)[1].split(">", 1)[0]
    assert 'value="12ab"' in phone and 'aria-invalid="true"' in phone
    assert ">Ở cùng bố mẹ</textarea>" in html


def test_with_nothing_refused_it_sends_the_request_saves_and_goes_back_to_the_form(
    gateway_live, data_owner, citizen_client, draft
):
    response = _wrong(citizen_client, draft, {"phone": "0912345678", "reason": "Ở cùng bố mẹ"})

    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:form", args=[draft.pk])
    assert CorrectionRequest.objects.filter(field="permanent_address").exists()
    assert _stored(draft) == {"phone": "0912345678", "reason": "Ở cùng bố mẹ"}
    page = unescape(citizen_client.get(response["Location"]).content.decode())
    assert SENT in page and 'data-testid="error-summary"' not in page


def test_an_unknown_field_changes_nothing_and_keeps_what_was_typed(
    gateway_live, data_owner, citizen_client, draft
):
    response = _wrong(citizen_client, draft, {"phone": "0912345678", "reason": "Khác"},
                      field="phone")  # fmt: skip

    html = unescape(response.content.decode())
    assert response.status_code == 400 and "Unknown field." in html
    assert not CorrectionRequest.objects.exists()
    assert _stored(draft) == {"reason": "Chuyển nơi ở"}
    assert 'value="0912345678"' in html and ">Khác</textarea>" in html


def test_with_no_one_to_send_it_to_the_refused_value_is_still_reported(
    gateway_live, citizen_client, draft
):
    # No data_owner: the agency keeping the population database is not set up.
    response = _wrong(citizen_client, draft, {"phone": "12ab", "reason": "Ở cùng bố mẹ"})

    html = unescape(response.content.decode())
    assert response.status_code == 503
    assert not CorrectionRequest.objects.exists()
    assert _stored(draft) == {"reason": "Ở cùng bố mẹ"}
    assert "Chưa lưu vì không hợp lệ: Số điện thoại" in html and 'value="12ab"' in html


def test_once_submitted_it_is_a_409_that_changes_nothing(gateway_live, data_owner,
                                                         citizen_client, draft):  # fmt: skip
    Dossier.objects.filter(pk=draft.pk).update(status="submitted")

    response = _wrong(citizen_client, draft, {"phone": "0912345678", "reason": "Khác"})

    assert response.status_code == 409
    assert "The dossier was submitted and is closed." in unescape(response.content.decode())
    assert not CorrectionRequest.objects.exists()
    assert _stored(draft) == {"reason": "Chuyển nơi ở"}
