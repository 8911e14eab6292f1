"""A form or an API call sent without its valid CSRF token (a page left open
across a logout and a login, an expired cookie): a 403 that says nothing was
changed, in Vietnamese first, and leads back to the page to send it again."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from dossiers.models import Dossier

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


def _without_token(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user, backend=LOGIN)
    return client


def test_a_form_without_its_token_leads_back_to_the_page_it_was_on(citizen):
    response = _without_token(citizen).post(
        "/dossiers/authorisations/", {"grantee": "x"},
        headers={"referer": "http://testserver/dossiers/authorisations/?tab=given"},
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in html and "Không có gì thay đổi" in html
    assert 'href="/dossiers/authorisations/?tab=given"' in html
    assert "Quay lại trang để gửi lại" in html


def test_the_page_in_english_says_the_same(citizen):
    response = _without_token(citizen).post(
        "/dossiers/authorisations/", {},
        headers={"referer": "http://testserver/dossiers/authorisations/",
                 "accept-language": "en"},
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 403
    assert "The form has expired" in html and "Back to the page, to send it again" in html


def test_a_visitor_logged_out_meanwhile_is_offered_to_log_in_and_come_back():
    response = _without_token().post(
        "/complaints/new/", {}, headers={"referer": "http://testserver/complaints/new/"}
    )

    assert response.status_code == 403
    assert 'href="/accounts/login/?next=/complaints/new/"' in response.content.decode()


def test_a_referer_of_another_site_is_not_offered_as_the_way_back(citizen):
    response = _without_token(citizen).post(
        "/dossiers/authorisations/", {}, headers={"referer": "https://evil.example/phish/"}
    )

    html = response.content.decode()
    assert response.status_code == 403
    assert "evil.example" not in html and 'data-testid="csrf-back"' not in html


def test_the_session_api_refuses_a_missing_token_in_its_own_json_shape(citizen):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(citizen, backend=LOGIN)

    response = client.post("/api/dossiers/", {"procedure": "1.004222", "agency": "x"},
                           format="json")  # fmt: skip

    assert response.status_code == 403
    assert response.json() == {
        "code": "csrf_failed",
        "detail": "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ, nên chưa được gửi; không có gì "
                  "thay đổi. Hãy tải lại trang và gửi lại. The form has expired or lacks its "
                  "security token, so it was not sent; nothing was changed. Reload the page and "
                  "send it again.",
    }  # fmt: skip
    assert not Dossier.objects.exists()
