"""A NUL character in a query string, a form or a JSON body is refused with a
clear 400 before any view runs, and nothing is stored: PostgreSQL can hold
none, and without this the request would fail deep in a view."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import FormDefinitionFactory, ProcedureFactory, eform_field

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
REFUSAL = "Yêu cầu có ký tự không hợp lệ (NUL)"


@pytest.fixture
def draft(citizen, hong_bang_ward):
    reason = eform_field("reason", type="string", required=False, validation={})
    return DossierFactory(applicant=citizen, agency=hong_bang_ward,
                          form=FormDefinitionFactory(fields=[reason]), form_values={},
                          preview_confirmed_at=timezone.now())  # fmt: skip


def test_a_search_with_a_nul_is_refused_on_the_page(client):
    ProcedureFactory(name="Đăng ký khai sinh")

    response = client.get("/procedures/", {"q": "khai\x00sinh"})

    assert response.status_code == 400
    assert REFUSAL in response.content.decode()


def test_a_form_with_a_nul_is_refused_and_nothing_is_saved(client, citizen, draft):
    client.force_login(citizen, backend=LOGIN)

    response = client.post(f"/dossiers/{draft.pk}/form/save/", {"reason": "chuyển\x00đến"})

    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    draft.refresh_from_db()
    assert draft.form_values == {}
    # The same text without it is saved.
    client.post(f"/dossiers/{draft.pk}/form/save/", {"reason": "chuyển đến"})
    draft.refresh_from_db()
    assert draft.form_values == {"reason": "chuyển đến"}


def test_a_json_body_with_an_escaped_nul_is_refused_in_the_apis_shape(citizen, draft):
    api = APIClient()
    api.force_login(citizen, backend=LOGIN)

    response = api.patch(f"/api/dossiers/{draft.pk}/form/",
                         {"values": {"reason": "chuyển\x00đến"}}, format="json")  # fmt: skip

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_character"
    assert REFUSAL in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.form_values == {}


def test_an_escaped_backslash_before_u0000_is_text_and_is_kept(citizen, draft):
    api = APIClient()
    api.force_login(citizen, backend=LOGIN)

    response = api.patch(f"/api/dossiers/{draft.pk}/form/",
                         {"values": {"reason": "\\u0000"}}, format="json")  # fmt: skip

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.form_values == {"reason": "\\u0000"}


def test_a_browsers_urlencoded_form_with_a_nul_is_refused(client, citizen, draft):
    client.force_login(citizen, backend=LOGIN)

    response = client.post(f"/dossiers/{draft.pk}/form/save/", "reason=chuy%E1%BB%83n%00",
                           content_type="application/x-www-form-urlencoded")  # fmt: skip

    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.form_values == {}


@pytest.mark.parametrize(
    "address", ["/complaints/PA%00B/", "/procedures/1.001%00193/", "/api/complaints/PA%00B/"]
)
def test_an_address_with_a_nul_is_refused_before_anything_is_looked_up(client, address):
    response = client.get(address)

    assert response.status_code == 400
    if address.startswith("/api/"):
        assert response.json()["code"] == "invalid_character"
        assert REFUSAL in response.json()["detail"]
    else:
        assert REFUSAL in response.content.decode()
