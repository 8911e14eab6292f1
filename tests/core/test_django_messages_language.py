"""Django's own validation messages follow the page's language: an English
page says "Enter a valid date.", a Vietnamese one says it in Vietnamese."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("en", "Enter a valid date.", "Nhập một ngày"),
     ("vi", "Nhập một ngày hợp lệ.", "Enter a valid date.")],
)  # fmt: skip
def test_a_django_date_error_is_in_the_page_language(client, citizen, language, shown, not_shown):
    client.force_login(citizen, backend=LOGIN)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get(reverse("datasources:my-data-access"), {"date_from": "31/02/2026"})

    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert shown in page and not_shown not in page


def test_the_desks_refusals_on_an_english_page_say_it_in_english(client, commune_official):
    """The portal's own messages are written in both languages: an English page
    shows the English, the Vietnamese marked as such beside it."""
    client.force_login(commune_official, backend=LOGIN)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post("/workspace/counter/", {"personal_id": "12ab", "consent": "on"})

    page = response.content.decode()
    assert response.status_code == 400 and '<html lang="en"' in page
    assert "A personal ID number has 12 digits." in page or "12 digits" in page
