"""Password login (the administration's) through HTTP: after repeated wrong
passwords for one username from one address, the login is refused for a
cooling-off period with a 429 page in the reader's language and Retry-After,
even with the right password; another username or address is not held back;
the lock lifts by itself once the period has passed."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.db.models import F

from portal.accounts.models import Role, User

LOGIN = "/admin/login/"
PASSWORD = "a-long-admin-password-1"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lockout_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


@pytest.fixture
def administrator(db):
    admin = User.objects.create_superuser("root", password=PASSWORD)
    admin.role = Role.ADMINISTRATOR
    admin.save()
    return admin


def _log_in(client, password, *, username="root", address="203.0.113.7", language="vi"):
    return client.post(
        f"{LOGIN}?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def _fail_until_locked(client) -> list[int]:
    return [_log_in(client, f"wrong-{n}").status_code for n in range(3)]


def test_after_repeated_failures_even_the_right_password_is_refused_with_a_429_page(
    client, administrator
):
    statuses = _fail_until_locked(client)
    refused = _log_in(client, PASSWORD)

    assert statuses == [200, 200, 429]
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(15 * 60)
    page = refused.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in page
    assert "15 phút" in page
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_speaks_english_to_an_english_reader(client, administrator):
    _fail_until_locked(client)

    page = _log_in(client, PASSWORD, language="en").content.decode()

    assert "Too many failed logins" in page
    assert "for 15 minutes" in page


def test_another_address_or_another_username_is_not_held_back(client, administrator):
    _fail_until_locked(client)

    assert _log_in(client, "wrong", username="someone-else").status_code == 200
    from_elsewhere = _log_in(client, PASSWORD, address="203.0.113.8")
    assert from_elsewhere.status_code == 302
    assert client.session["_auth_user_id"] == str(administrator.pk)


def test_the_lock_lifts_once_the_cooling_off_period_has_passed(client, administrator):
    _fail_until_locked(client)
    assert _log_in(client, PASSWORD).status_code == 429

    # The failures were 16 minutes ago.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))

    answer = _log_in(client, PASSWORD)
    assert answer.status_code == 302
    assert client.session["_auth_user_id"] == str(administrator.pk)


def test_the_portal_login_settings_lock_by_username_and_address():
    from django.conf import settings

    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
