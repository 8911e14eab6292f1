"""Administrators assign staff roles over HTTP; bad input is a 400 that changes nothing."""

import re

import pytest
from rest_framework.test import APIClient

from portal.accounts.models import Role, User

pytestmark = pytest.mark.django_db

URL = "/api/accounts/staff-assignments/"


@pytest.fixture
def admin_api():
    admin = User.objects.create_superuser(
        "root", password="a-long-admin-password-1", role=Role.ADMINISTRATOR
    )
    api = APIClient()
    api.force_authenticate(admin)
    return api


def test_administrator_assigns_an_official(admin_api, hong_bang_ward):
    response = admin_api.post(
        URL,
        {"personal_id": "031188002468", "role": "official", "agency_code": "11311"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["agency_code"] == "11311"
    assert User.objects.get(personal_id="031188002468").agency == hong_bang_ward


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"personal_id": "0311880024", "role": "official", "agency_code": "11311"}, "personal_id"),
        ({"personal_id": "031188002468", "role": "mayor", "agency_code": "11311"}, "role"),
        ({"personal_id": "031188002468", "role": "official", "agency_code": "00000"}, "agency"),
    ],
)
def test_bad_input_is_a_400_in_both_languages_and_changes_nothing(
    admin_api, hong_bang_ward, payload, field
):
    response = admin_api.post(URL, payload, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(body["fields"]) == [field]
    message = body["fields"][field][0]
    assert re.search(r"[^\x00-\x7f].*\. [A-Z]", message), message
    assert User.objects.filter(role=Role.OFFICIAL).count() == 0


def test_only_administrators_may_assign_roles(leader, hong_bang_ward):
    api = APIClient()
    api.force_authenticate(leader)

    response = api.post(
        URL,
        {"personal_id": "031188002468", "role": "official", "agency_code": "11311"},
        format="json",
    )

    assert response.status_code == 403
    assert not User.objects.filter(personal_id="031188002468").exists()


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").content.decode()

    assert "/api/accounts/staff-assignments/" in schema
