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


@pytest.mark.parametrize("referer", [
    "http://testserver//evil.example/phish/",
    "http://testserver/\\evil.example/phish/",
    "http://testserver/\\/evil.example/phish/",
])  # fmt: skip
def test_a_referer_of_this_site_whose_path_leads_to_another_is_not_offered(citizen, referer):
    # A link to "//evil.example/phish/" (or "/\\evil.example/...", which browsers
    # read the same) would leave the portal.
    client = _without_token(citizen)
    page = client.post("/dossiers/authorisations/", {}, headers={"referer": referer})
    alert = client.post(
        "/dossiers/authorisations/", {},
        headers=HTMX | {"hx-current-url": referer, "referer": referer},
    )  # fmt: skip

    for response in (page, alert):
        assert response.status_code == 403
        assert "evil.example" not in response.content.decode()


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


HTMX = {"hx-request": "true"}


def test_a_live_part_of_a_page_gets_an_alert_for_the_top_of_that_page(citizen):
    page = "http://testserver/dossiers/authorisations/?tab=given"

    response = _without_token(citizen).post(
        "/dossiers/authorisations/", {}, headers=HTMX | {"hx-current-url": page}
    )

    html = response.content.decode()
    assert response.status_code == 403
    # HTMX shows no whole page for a 403: a fragment, sent to the top of the page.
    assert response["HX-Retarget"] == "#page-alert" and response["HX-Reswap"] == "innerHTML"
    assert "<html" not in html and "<main" not in html
    assert 'role="alert" data-testid="csrf-alert"' in html
    assert "Trang này đã hết hạn." in html and "không có gì thay đổi" in html
    # Reloading by a link: a GET of the page, whatever address its form was sent to.
    assert '<a class="btn btn-sm btn-primary" href="/dossiers/authorisations/?tab=given"' in html
    assert "Tải lại trang" in html and "Đăng nhập lại" not in html


def test_the_alert_speaks_the_pages_language_and_offers_to_log_in_again():
    response = _without_token().post(
        "/complaints/new/", {},
        headers=HTMX | {"hx-current-url": "http://testserver/complaints/new/",
                        "accept-language": "en"},
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 403 and response["HX-Retarget"] == "#page-alert"
    assert "This page has expired." in html and "Reload the page" in html
    assert 'href="/accounts/login/?next=/complaints/new/"' in html


def test_the_alert_offers_no_page_of_another_site(citizen):
    response = _without_token(citizen).post(
        "/dossiers/authorisations/", {},
        headers=HTMX | {"hx-current-url": "https://evil.example/phish/"},
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 403
    assert "evil.example" not in html
    assert 'data-testid="csrf-reload"' in html and 'href=""' in html  # this page, again


def test_every_page_has_the_place_for_the_alert_and_the_script_that_shows_it(client):
    html = client.get("/").content.decode()

    assert '<div id="page-alert" class="page-alert"></div>' in html
    assert "portal/page.js" in html
