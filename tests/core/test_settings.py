"""Settings come from the environment: each case runs in a fresh interpreter."""

import json
import os
import secrets
import string
import subprocess
import sys

import pytest
from django.conf import settings

# Every variable that could leak from the developer's shell into a case.
PORTAL_VARIABLES = {
    "PORTAL_ENV", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER",
    "CACHE_KEY_PREFIX", "PORTAL_VAR_DIR", "MEDIA_ROOT", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "DJANGO_SETTINGS_MODULE", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL",
    "ADMINS", "DATABASE_PREPARED_STATEMENTS",
}  # fmt: skip

READ_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "database_options": settings.DATABASES["default"].get("OPTIONS", {}),
    "broker": settings.CELERY_BROKER_URL,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"]["LOCATION"],
    "debug": settings.DEBUG,
    "server_email": settings.SERVER_EMAIL,
    "admins": settings.ADMINS,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "csrf_trusted_origins": settings.CSRF_TRUSTED_ORIGINS,
}))
"""


def run_python(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PORTAL_VARIABLES}
    clean.update({"DJANGO_SETTINGS_MODULE": "portal.settings", "PORTAL_VAR_DIR": str(tmp_path)})
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_settings(tmp_path, **env: str) -> dict:
    result = run_python(tmp_path, "-c", READ_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def random_secret_key() -> str:
    return "".join(
        secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(60)
    )


def test_production_passes_the_deployment_checks_without_a_warning(tmp_path):
    result = run_python(
        tmp_path,
        "manage.py", "check", "--deploy", "--fail-level", "WARNING",
        PORTAL_ENV="production",
        SECRET_KEY=random_secret_key(),
        ALLOWED_HOSTS="portal.example.gov.vn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize("secret_key", ["", "too-short"])
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, secret_key):
    result = run_python(
        tmp_path, "manage.py", "check", PORTAL_ENV="production", SECRET_KEY=secret_key
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_embedded_default_uses_sqlite_the_file_system_broker_and_a_file_cache(tmp_path):
    found = read_settings(tmp_path)

    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["broker"] == "filesystem://"
    assert found["cache"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert found["debug"] is True
    assert (tmp_path / "broker" / "queue").is_dir()


def test_redis_url_carries_the_cache_and_the_broker(tmp_path):
    found = read_settings(
        tmp_path,
        REDIS_URL="redis://redis.internal:6379/3",
        DATABASE_URL="postgres://portal:secret@db.internal:5432/portal",
    )

    assert found["engine"] == "django.db.backends.postgresql"
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    # The cache has the next database, so that clearing it never drops queued tasks.
    assert found["cache_location"] == "redis://redis.internal:6379/4"
    assert found["broker"] == "redis://redis.internal:6379/3"


def test_the_cache_can_be_given_its_own_redis(tmp_path):
    found = read_settings(
        tmp_path,
        REDIS_URL="redis://redis.internal:6379",
        REDIS_CACHE_URL="redis://cache.internal:6379/0",
    )

    assert found["cache_location"] == "redis://cache.internal:6379/0"


def test_every_environment_variable_is_documented_in_env_example():
    import re

    from django.conf import settings

    source = (settings.BASE_DIR / "portal" / "settings.py").read_text()
    documented = (settings.BASE_DIR / ".env.example").read_text()
    names = set(re.findall(r'env_\w+\(\s*"([A-Z0-9_]+)"', source))

    assert names and not {name for name in names if name not in documented}


def test_error_e_mails_leave_from_an_address_of_the_portal_s_mail_domain(tmp_path):
    found = read_settings(tmp_path)
    assert found["server_email"] == "Cổng Một cửa số <server@motcuaso.gov.vn>"
    assert found["admins"] == []

    found = read_settings(
        tmp_path,
        DEFAULT_FROM_EMAIL="Cổng Dịch vụ công Hải Phòng <no-reply@dichvucong.haiphong.gov.vn>",
        ADMINS="Trực vận hành <vanhanh@haiphong.gov.vn>, oncall@haiphong.gov.vn",
    )
    assert found["server_email"] == "Cổng Một cửa số <server@dichvucong.haiphong.gov.vn>"
    assert found["admins"] == [["Trực vận hành", "vanhanh@haiphong.gov.vn"],
                               ["", "oncall@haiphong.gov.vn"]]  # fmt: skip

    found = read_settings(tmp_path, SERVER_EMAIL="errors@ops.example.vn")
    assert found["server_email"] == "errors@ops.example.vn"


def test_a_server_error_is_e_mailed_to_the_admins_from_server_email(settings, mailoutbox):
    import logging

    settings.ADMINS = [("Trực vận hành", "vanhanh@haiphong.gov.vn")]
    settings.SERVER_EMAIL = "Cổng Một cửa số <server@haiphong.gov.vn>"

    logging.getLogger("django.request").error("Internal Server Error: /ho-so/")

    (message,) = mailoutbox
    assert message.from_email == "Cổng Một cửa số <server@haiphong.gov.vn>"
    assert message.to == ["vanhanh@haiphong.gov.vn"]
    assert "Internal Server Error: /ho-so/" in message.subject


def test_postgresql_prepares_statements_unless_turned_off(tmp_path):
    url = "postgres://portal@127.0.0.1:5432/portal"
    found = read_settings(tmp_path, DATABASE_URL=url)
    assert found["database_options"] == {
        "server_side_binding": True,
        "prepare_threshold": 5,
        "options": "-c plan_cache_mode=force_custom_plan",
    }
    behind_old_pooler = read_settings(
        tmp_path, DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="false"
    )
    assert behind_old_pooler["database_options"] == {}


def test_a_developer_s_portal_answers_and_takes_forms_on_its_own_address(tmp_path):
    # `make run HOST=192.168.1.20` sets PORTAL_BASE_URL to where it serves.
    found = read_settings(tmp_path, PORTAL_BASE_URL="http://192.168.1.20:8790")
    assert found["allowed_hosts"] == ["127.0.0.1", "localhost", "testserver", "[::1]",
                                      "192.168.1.20"]  # fmt: skip
    assert found["csrf_trusted_origins"] == ["http://192.168.1.20:8790"]

    behind_a_tunnel = read_settings(tmp_path, PORTAL_BASE_URL="https://Demo.Example.vn/")
    assert behind_a_tunnel["allowed_hosts"][-1] == "demo.example.vn"
    assert behind_a_tunnel["csrf_trusted_origins"] == ["https://Demo.Example.vn"]

    on_ipv6 = read_settings(tmp_path, PORTAL_BASE_URL="http://[fd00::20]:8790")
    assert on_ipv6["allowed_hosts"][-1] == "[fd00::20]"

    named = read_settings(
        tmp_path, PORTAL_BASE_URL="http://192.168.1.20:8790",
        ALLOWED_HOSTS="demo.internal", CSRF_TRUSTED_ORIGINS="https://demo.internal",
    )  # fmt: skip
    assert named["allowed_hosts"] == ["demo.internal"]
    assert named["csrf_trusted_origins"] == ["https://demo.internal"]


def test_production_answers_only_the_hosts_it_names(tmp_path):
    found = read_settings(
        tmp_path,
        PORTAL_ENV="production",
        SECRET_KEY=random_secret_key(),
        ALLOWED_HOSTS="portal.example.gov.vn",
        PORTAL_BASE_URL="https://other.example.gov.vn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
    )

    assert found["allowed_hosts"] == ["portal.example.gov.vn"]
    assert found["csrf_trusted_origins"] == []
