"""/healthz: database and broker by default, the worker only when asked."""

from unittest import mock

import pytest
from django.db import OperationalError, connection

from portal import health
from portal.core.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker_ok(client, settings):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"] == {"status": "ok", "vendor": connection.vendor}
    assert report["broker"]["status"] == "ok"
    expected_transport = "redis" if settings.CELERY_BROKER_URL.startswith("redis") else "filesystem"
    assert report["broker"]["transport"] == expected_transport
    assert "worker" not in report, "the default probe must not wait for a worker"


def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "down"
    assert report["database"] == {"status": "down", "error": "OperationalError"}
    assert report["broker"]["status"] == "ok"


def test_healthz_checks_the_worker_when_asked(client):
    # The embedded suite runs tasks eagerly: the heartbeat runs in this process.
    response = client.get("/healthz", {"worker": "1"})

    assert response.status_code == 200
    worker = response.json()["worker"]
    assert worker["status"] == "ok"
    assert worker["mode"] == "eager"


def test_worker_is_down_when_no_worker_takes_the_heartbeat():
    # The broker accepts the heartbeat and no worker ever runs it.
    with mock.patch.object(heartbeat, "apply_async") as send:
        worker = health.check_worker(timeout=0.2)

    send.assert_called_once()
    assert worker == {"status": "down", "error": "no worker answered within 0.2 s"}


def test_healthz_is_503_and_skips_the_worker_when_the_broker_is_down(client):
    with (
        mock.patch.object(
            health.celery_app, "connection_for_write", side_effect=OSError("refused")
        ),
        mock.patch.object(heartbeat, "apply_async") as send,
    ):
        response = client.get("/healthz", {"worker": "1"})

    assert response.status_code == 503
    report = response.json()
    assert report["broker"] == {"status": "down", "error": "OSError"}
    assert report["worker"] == {"status": "down", "error": "broker down"}
    send.assert_not_called()


def test_livez_answers_without_the_database_or_the_broker(client, django_assert_num_queries):
    from tests.accounts.factories import CitizenFactory

    # Even for a signed-in browser: its session is not read.
    client.force_login(CitizenFactory(), backend="portal.accounts.backends.VNeIDSessionBackend")
    with (
        mock.patch.object(connection, "cursor", side_effect=OperationalError("down")),
        mock.patch.object(health, "check_broker", side_effect=AssertionError("not asked")),
        django_assert_num_queries(0),
    ):
        response = client.get("/livez")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
