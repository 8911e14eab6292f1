"""Administrators read the audit log in the admin; nobody can change it there."""

import pytest

from portal.audit.services import access_log_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return access_log_record(
        actor=None,
        subject_personal_id="031090001234",
        source="population",
        fields=["full_name"],
        purpose_type="dossier",
        purpose_id="1",
        outcome="ok",
    )


def test_the_log_is_listed(admin_client, entry):
    response = admin_client.get("/admin/audit/accesslog/")

    assert response.status_code == 200
    assert "031090001234" in response.content.decode()


def test_the_log_cannot_be_added_changed_or_deleted_in_the_admin(admin_client, entry):
    assert admin_client.get("/admin/audit/accesslog/add/").status_code == 403
    change = admin_client.get(f"/admin/audit/accesslog/{entry.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert (
        admin_client.post(f"/admin/audit/accesslog/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )


def test_password_login_is_for_administrators_only(client, citizen):
    citizen.set_password("a-long-citizen-password-1")
    citizen.save()

    assert not client.login(username=citizen.username, password="a-long-citizen-password-1")
