"""“Save and continue later” keeps every valid value the applicant typed; a
value the form refuses is not kept, and the form says so instead of “Saved”:
it comes back (400) with what was typed in its fields, each refused field
marked and described by its error, a summary at the top linking to each, and
which values were saved and which not. With nothing refused: saved, and back
to the form (Post/Redirect/Get)."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from dossiers.models import Dossier
from tests.dossiers.test_form_autosave import ADDRESS, citizen_client, draft  # noqa: F401

pytestmark = pytest.mark.django_db


def _save(client, dossier, data):
    return client.post(reverse("dossiers:form-save", args=[dossier.pk]), data)


def _stored(dossier) -> dict:
    return Dossier.objects.get(pk=dossier.pk).form_values


def test_a_refused_value_brings_the_form_back_marked_not_saved(citizen_client, draft):  # noqa: F811
    response = _save(citizen_client, draft, {"phone": "12ab", "reason": "Ở cùng bố mẹ"})

    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Đã lưu. Saved." not in html
    # What was typed is in its field, the refused one marked and described by its error.
    assert 'value="12ab"' in html and ">Ở cùng bố mẹ</textarea>" in html
    phone = html.split('id="f-phone"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in phone and 'aria-describedby="e-phone"' in phone
    assert ('<div class="invalid-feedback d-block" id="e-phone">'
            'Nhập số điện thoại hợp lệ. <span lang="en">Enter a valid phone number.</span>'
            "</div>") in html  # fmt: skip
    reason = html.split('id="f-reason"', 1)[1].split(">", 1)[0]
    assert "aria-invalid" not in reason
    # The valid value is saved; the refused one is not, and the stored values stay.
    assert _stored(draft) == {"reason": "Ở cùng bố mẹ"}


def test_the_summary_links_to_each_refused_field_and_says_what_was_saved(citizen_client, draft):  # noqa: F811
    response = _save(citizen_client, draft, {"phone": "12ab", "reason": "x" * 201})

    html = unescape(response.content.decode())
    summary = html.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#f-phone">Số điện thoại</a>: Nhập số điện thoại hợp lệ.' in summary
    assert '<a href="#f-reason">Lý do</a>: Tối đa 200 ký tự' in summary
    assert "Chưa lưu vì không hợp lệ: Số điện thoại; Lý do" in summary
    assert "Not saved, as not valid: Số điện thoại; Lý do" in summary
    assert "Đã lưu:" not in summary  # nothing typed was saved
    assert _stored(draft) == {"reason": "Chuyển nơi ở"}


def test_the_message_names_what_was_saved_and_what_not(citizen_client, draft):  # noqa: F811
    response = _save(citizen_client, draft, {"phone": "12ab", "reason": "Ở cùng bố mẹ"})

    html = unescape(response.content.decode())
    assert (
        "Đã lưu: Lý do. Chưa lưu vì không hợp lệ: Số điện thoại; hãy sửa rồi lưu lại. "
        '<span lang="en">Saved: Lý do. Not saved, as not valid: Số điện thoại; correct and save '
        "again.</span>"
    ) in html


def test_the_summary_speaks_the_pages_language(citizen_client, draft):  # noqa: F811
    citizen_client.cookies["django_language"] = "en"

    response = _save(citizen_client, draft, {"phone": "12ab", "reason": "Ở cùng bố mẹ"})

    html = unescape(response.content.decode())
    assert '<a href="#f-phone">Phone</a>' in html
    assert "Saved: Reason. Not saved, as not valid: Phone" in html


def test_a_locked_value_stays_as_verified_on_the_form_sent_back(citizen_client, draft):  # noqa: F811
    response = _save(citizen_client, draft,
                     {"permanent_address": "Số 1 đường Khác", "phone": "12ab"})  # fmt: skip

    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert ADDRESS in html and "Số 1 đường Khác" not in html
    assert "permanent_address" not in _stored(draft)


def test_with_nothing_refused_it_saves_and_goes_back_to_the_form(citizen_client, draft):  # noqa: F811
    response = _save(citizen_client, draft, {"phone": "0912345678", "reason": ""})

    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:form", args=[draft.pk])
    assert _stored(draft) == {"phone": "0912345678", "reason": ""}
    page = citizen_client.get(response["Location"]).content.decode()
    assert (
        'Đã lưu. <span lang="en">Saved.</span>' in page
        and 'data-testid="error-summary"' not in page
    )


def test_a_refused_submission_lists_its_fields_at_the_top(citizen_client, draft):  # noqa: F811
    response = citizen_client.post(reverse("dossiers:submit", args=[draft.pk]),
                                   {"phone": "12ab", "reason": "Ở cùng bố mẹ"})  # fmt: skip

    html = unescape(response.content.decode())
    assert response.status_code == 400
    summary = html.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Vui lòng sửa các trường được đánh dấu." in summary
    assert '<a href="#f-phone">Số điện thoại</a>' in summary
