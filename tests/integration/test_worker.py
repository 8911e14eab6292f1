"""A real worker takes tasks from Redis, reads the test database and answers /healthz."""

import secrets
import time

import requests
from django.core.cache import cache

from portal.core.tasks import heartbeat, heartbeat_key


def wait_for_heartbeat(token: str, *, timeout: float = 15.0) -> dict:
    deadline = time.monotonic() + timeout
    while (beat := cache.get(heartbeat_key(token))) is None:
        assert time.monotonic() < deadline, f"no heartbeat {token} within {timeout} s"
        time.sleep(0.05)
    return beat


def test_heartbeat_round_trips_through_redis_and_a_real_worker(live_worker):
    token = secrets.token_hex(8)

    heartbeat.delay(token)

    beat = wait_for_heartbeat(token)
    assert beat["hostname"] == live_worker.nodename
    assert beat["database"] == "postgresql"


def test_worker_sees_what_the_tests_committed_to_the_test_database(
    live_worker, transactional_db, django_user_model
):
    token_before, token_after = secrets.token_hex(8), secrets.token_hex(8)
    heartbeat.delay(token_before)
    before = wait_for_heartbeat(token_before)

    django_user_model.objects.create(username="worker-witness", personal_id="001099012345")
    heartbeat.delay(token_after)

    after = wait_for_heartbeat(token_after)
    assert after["users"] == before["users"] + 1 == django_user_model.objects.count()


def test_healthz_reports_the_worker_through_the_live_server(live_worker, live_server):
    response = requests.get(f"{live_server.url}/healthz", params={"worker": "1"}, timeout=10)

    assert response.status_code == 200, response.text
    report = response.json()
    assert report["database"]["status"] == "ok"
    assert report["broker"]["status"] == "ok"
    assert report["worker"]["status"] == "ok"
    assert report["worker"]["hostname"] == live_worker.nodename
    assert "mode" not in report["worker"]
