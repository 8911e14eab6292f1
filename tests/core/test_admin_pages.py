"""The administration pages carry the portal's name in the reader's language, not Django's."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "name"),
    [("vi", "Quản trị Một cửa số"), ("en", "Một cửa số administration")],
)
def test_the_admin_login_names_the_portal(client, language, name):
    page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert name in page and "Django administration" not in page
