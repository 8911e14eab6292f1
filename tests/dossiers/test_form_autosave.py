"""The e-form keeps what the citizen types as they type (HTMX posts the typed
fields a moment after typing stops): the save button's rule, for the draft's
applicant only and while it may be changed online, answered with a short line
for the form's status and each field's error, never a whole page."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Channel, Dossier
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    eform_fields,
)

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
HTMX = {"hx-request": "true"}
ADDRESS = "Số 12 phố Hoàng Văn Thụ, phường Hồng Bàng, Hải Phòng"
FIELD_NAMES = ("permanent_address", "phone", "reason")  # of the residence e-form


@pytest.fixture
def draft(citizen, hong_bang_ward) -> Dossier:
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"])  # fmt: skip
    form = FormDefinitionFactory(code="to-khai-cu-tru", fields=eform_fields(*FIELD_NAMES))
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1, form=form,
                            name="Tờ khai thay đổi thông tin cư trú")  # fmt: skip
    dossier = DossierFactory(procedure=procedure, form=form, agency=hong_bang_ward,
                             applicant=citizen, preview_confirmed_at=timezone.now(),
                             form_values={"reason": "Chuyển nơi ở"})  # fmt: skip
    PrefillSourceFactory(dossier=dossier, found={"permanent_address": ADDRESS})
    return dossier


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


def _autosave(client, dossier, data):
    return client.post(reverse("dossiers:form-autosave", args=[dossier.pk]), data, headers=HTMX)


def _stored(dossier) -> dict:
    return Dossier.objects.get(pk=dossier.pk).form_values


def test_the_form_saves_its_typed_fields_by_itself_and_says_so_politely(citizen_client, draft):
    page = citizen_client.get(reverse("dossiers:form", args=[draft.pk])).content.decode()
    assert f'hx-post="{reverse("dossiers:form-autosave", args=[draft.pk])}"' in page
    # The typed fields only, never a locked one, and how the result is received.
    assert 'hx-params="phone,reason,result_delivery,delivery_address"' in page
    assert '"X-CSRFToken": "' in page
    assert 'id="autosave-status" role="status" aria-live="polite"' in page
    assert 'class="invalid-feedback" id="e-phone"' in page  # where an error will go

    response = _autosave(citizen_client, draft, {"phone": "0912345678", "reason": "Chuyển nơi ở"})

    answer = unescape(response.content.decode())
    assert response.status_code == 200
    saved_at = timezone.localtime(Dossier.objects.get(pk=draft.pk).updated_at)
    assert f"Đã lưu lúc {saved_at:%H:%M}" in answer
    assert "<html" not in answer and "<main" not in answer  # a fragment, not the page
    assert _stored(draft)["phone"] == "0912345678"


def test_the_status_speaks_the_pages_language(citizen_client, draft):
    citizen_client.cookies["django_language"] = "en"

    response = _autosave(citizen_client, draft, {"phone": "0912345678"})

    assert "Saved at " in response.content.decode()


def test_a_blank_required_field_is_kept_blank_without_an_error(citizen_client, draft):
    response = _autosave(citizen_client, draft, {"phone": "0912345678", "reason": ""})

    assert response.status_code == 200
    assert "bắt buộc" not in unescape(response.content.decode())
    assert _stored(draft)["reason"] == ""


def test_a_locked_value_sent_anyway_is_not_changed(citizen_client, draft):
    sent = {"permanent_address": "Số 1 đường Khác", "phone": "0912345678"}

    response = _autosave(citizen_client, draft, sent)

    assert response.status_code == 200
    assert "permanent_address" not in _stored(draft)
    page = citizen_client.get(reverse("dossiers:form", args=[draft.pk])).content.decode()
    assert ADDRESS in unescape(page) and "Số 1 đường Khác" not in unescape(page)


def test_an_invalid_value_is_refused_with_its_message_next_to_its_field(citizen_client, draft):
    _autosave(citizen_client, draft, {"phone": "0912345678", "reason": "Chuyển nơi ở"})

    response = _autosave(citizen_client, draft, {"phone": "12ab", "reason": "Ở cùng bố mẹ"})

    answer = unescape(response.content.decode())
    assert response.status_code == 400
    assert response["X-Autosave-Answer"] == "invalid"
    assert ('<div class="invalid-feedback d-block" id="e-phone" hx-swap-oob="true">'
            'Nhập số điện thoại hợp lệ. <span lang="en">Enter a valid phone number.</span>'
            "</div>") in answer  # fmt: skip
    # The other typed field was valid: kept, as the save button keeps it, its error cleared.
    assert '<div class="invalid-feedback" id="e-reason" hx-swap-oob="true"></div>' in answer
    assert _stored(draft) == {"phone": "0912345678", "reason": "Ở cùng bố mẹ"}


def test_a_value_too_long_is_refused_and_the_stored_one_kept(citizen_client, draft):
    response = _autosave(citizen_client, draft, {"reason": "x" * 201})

    assert response.status_code == 400
    assert "Tối đa 200 ký tự" in unescape(response.content.decode())
    assert _stored(draft)["reason"] == "Chuyển nơi ở"


def test_someone_elses_draft_is_a_404_and_unchanged(client, draft):
    client.force_login(CitizenFactory(), backend=LOGIN)

    response = _autosave(client, draft, {"phone": "0912345678"})

    assert response.status_code == 404
    assert "<html" not in response.content.decode()
    assert "phone" not in _stored(draft)


def test_a_draft_taken_at_the_desk_is_a_409_and_unchanged(citizen_client, draft,
                                                          commune_official):  # fmt: skip
    Dossier.objects.filter(pk=draft.pk).update(
        channel=Channel.COUNTER, assigned_to=commune_official, counter_consent_at=timezone.now()
    )

    response = _autosave(citizen_client, draft, {"phone": "0912345678"})

    answer = unescape(response.content.decode())
    assert response.status_code == 409
    assert "đang được cán bộ tiếp nhận tại Bộ phận một cửa" in answer
    assert "<html" not in answer
    assert "phone" not in _stored(draft)


def test_after_the_session_ended_it_says_so_with_a_way_back_to_the_form(client, draft):
    form = reverse("dossiers:form", args=[draft.pk])

    headers = HTMX | {"hx-current-url": f"http://testserver{form}"}

    response = client.post(reverse("dossiers:form-autosave", args=[draft.pk]),
                           {"phone": "0912345678"}, headers=headers)  # fmt: skip

    answer = unescape(response.content.decode())
    # Not the login page drawn into the form, nor the whole page sent to it (typing is kept).
    assert response.status_code == 401 and "HX-Redirect" not in response
    assert response["X-Autosave-Answer"] == "logged_out"
    assert "Phiên đăng nhập đã hết" in answer and "<form" not in answer
    assert f'href="/accounts/login/?next={form.replace("/", "%2F")}"' in answer
    assert "phone" not in _stored(draft)


def test_the_autosave_needs_the_pages_security_token(citizen, draft):
    from django.test import Client

    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(citizen, backend=LOGIN)

    refused = _autosave(guarded, draft, {"phone": "0912345678"})
    page = guarded.get(reverse("dossiers:form", args=[draft.pk])).content.decode()
    token = page.split('"X-CSRFToken": "', 1)[1].split('"', 1)[0]
    saved = guarded.post(reverse("dossiers:form-autosave", args=[draft.pk]),
                         {"phone": "0912345678"},
                         headers=HTMX | {"x-csrftoken": token})  # fmt: skip

    assert refused.status_code == 403 and saved.status_code == 200
    assert _stored(draft)["phone"] == "0912345678"


def test_the_form_names_its_draft_for_the_typing_the_browser_tab_keeps(citizen_client, draft):
    page = unescape(citizen_client.get(reverse("dossiers:form", args=[draft.pk])).content.decode())

    assert f'data-draft="{draft.pk}"' in page
    assert f'data-page="{reverse("dossiers:form", args=[draft.pk])}"' in page
    assert 'data-restored="Đã khôi phục nội dung bạn nhập chưa lưu."' in page
    assert 'id="autosave-restored" role="status"' in page  # where it says so, politely


def test_the_page_of_a_dossier_no_longer_typed_in_online_names_it_to_forget(citizen_client,
                                                                            draft):  # fmt: skip
    track = reverse("dossiers:track", args=[draft.pk])
    assert "data-forget-typing" not in citizen_client.get(track).content.decode()  # still typed

    Dossier.objects.filter(pk=draft.pk).update(status="submitted", submitted_at=timezone.now())

    page = citizen_client.get(track).content.decode()
    assert f'data-forget-typing="{draft.pk}"' in page


def test_my_dossiers_after_discarding_a_draft_names_it_to_forget_once(citizen_client, draft):
    discarded = citizen_client.post(reverse("dossiers:discard", args=[draft.pk]))
    assert discarded.status_code == 302 and discarded.url == reverse("dossiers:list")

    page = citizen_client.get(discarded.url).content.decode()
    assert f'data-forget-typing="{draft.pk}"' in page
    assert "data-forget-typing" not in citizen_client.get(discarded.url).content.decode()  # once
