"""The shared layout: Vietnamese first, an English switch, accessible landmarks."""

import pytest

pytestmark = pytest.mark.django_db


def test_public_home_speaks_vietnamese_by_default(client):
    html = client.get("/").content.decode()

    assert '<html lang="vi">' in html
    assert "Đăng nhập bằng VNeID" in html
    assert "Bỏ qua, đến nội dung chính" in html


def test_language_switch_turns_the_portal_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Log in with VNeID" in html

    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Đăng nhập bằng VNeID" in client.get("/").content.decode()


def test_layout_has_a_skip_link_and_landmarks(client):
    html = client.get("/accounts/login/").content.decode()

    assert 'href="#main"' in html and 'id="main"' in html
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert "bootstrap/css/bootstrap.min.css" in html


def test_design_system_is_installed_from_its_package():
    from django.contrib.staticfiles import finders

    found = finders.find("bootstrap/css/bootstrap.min.css")

    assert found and "site-packages" in found


def test_private_pages_send_anonymous_visitors_to_log_in(client):
    response = client.get("/accounts/home/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/home/")


def test_unknown_page_is_a_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_form_without_its_csrf_token_is_refused_clearly():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/accounts/vneid/login/", {})

    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_the_home_page_searches_the_catalog_and_opens_the_public_information(client):
    html = client.get("/").content.decode()

    search = html.split('data-testid="home-search"')[0].rsplit("<form", 1)[1]
    assert 'action="/procedures/"' in search and 'method="get"' in search
    assert 'name="q"' in html
    for url in ("/procedures/replacement-lists/", "/transparency/", "/complaints/new/",
                "/complaints/public/", "/api/docs/"):  # fmt: skip
        assert f'href="{url}"' in html, url
    assert client.get("/procedures/", {"q": "khai sinh"}).status_code == 200
