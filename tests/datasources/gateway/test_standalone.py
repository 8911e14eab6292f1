"""The gateway as its own process on its own port (`manage.py run_gateway`), in
production mode as docker compose runs it, on a throwaway SQLite database and
file cache: no PostgreSQL or Redis needed, nothing shared with the suite."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from django.conf import settings

START_TIMEOUT_SECONDS = 60
CLIENT = ("mot-cua-so-portal", "standalone-client-secret")
OPERATOR = {"Authorization": "Bearer standalone-operator-secret"}
# How the portal's containers address it (GATEWAY_URL=http://gateway:8001/gateway).
AS_THE_PORTAL_CALLS_IT = {"Host": "gateway:8001"}
AN = "031090001234"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(var: Path) -> dict[str, str]:
    inherited = ("DATABASE_URL", "REDIS_URL", "REDIS_CACHE_URL", "CELERY_BROKER_URL")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in inherited and not key.startswith("GATEWAY_")
    }
    env.update(
        PORTAL_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.vn",
        PORTAL_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'gateway.sqlite3'}",
        GATEWAY_URL="http://gateway:8001/gateway",
        GATEWAY_CLIENT_ID=CLIENT[0],
        GATEWAY_CLIENT_SECRET=CLIENT[1],
        GATEWAY_OPERATOR_SECRET=OPERATOR["Authorization"].removeprefix("Bearer "),
        GATEWAY_BEHAVIOUR=",".join(f"{code}=0:0" for code in settings.GATEWAY_BEHAVIOUR),
    )
    return env


def _answers(url: str, process: subprocess.Popen) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        try:
            return requests.get(f"{url}/healthz", timeout=1).status_code == 200
        except requests.ConnectionError:
            time.sleep(0.1)
    return False


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def gateway_url(tmp_path_factory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("gateway-var")
    env = _environment(var)
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "gateway", "--noinput"],
        cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    log = var / "gateway.log"
    for _attempt in range(3):  # the free port may be taken in between: try another
        port = _free_port()
        url = f"http://127.0.0.1:{port}/gateway"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [*manage, "run_gateway", "--port", str(port)],
                cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
        if _answers(url, process):
            break
        _stop(process)
    else:
        pytest.fail(f"the gateway did not start:\n{log.read_text(errors='replace')[-4000:]}")
    try:
        yield url
    finally:
        _stop(process)


def _get(url: str, **kwargs) -> requests.Response:
    kwargs.setdefault("auth", CLIENT)
    return requests.get(url, headers=AS_THE_PORTAL_CALLS_IT, timeout=10, **kwargs)


def test_its_healthcheck_answers_over_plain_http(gateway_url):
    response = requests.get(f"{gateway_url}/healthz", timeout=5, allow_redirects=False)

    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_it_serves_records_to_the_portal_by_the_name_the_portal_uses(gateway_url):
    response = _get(f"{gateway_url}/v1/sources/population/subjects/{AN}")

    assert response.status_code == 200
    assert response.json()["data"]["full_name"] == "Nguyễn Văn An"


def test_it_refuses_a_client_without_credentials(gateway_url):
    response = _get(f"{gateway_url}/v1/sources/population/subjects/{AN}", auth=None)

    assert response.status_code == 401 and response.json() == {"error": "unauthorized"}
    assert response.headers["WWW-Authenticate"] == 'Basic realm="gateway"'


@pytest.mark.parametrize("path", ["/healthz", "/admin/", "/dossiers/"])
def test_it_serves_nothing_of_the_portal(gateway_url, path):
    response = _get(gateway_url.removesuffix("/gateway") + path)

    assert response.status_code == 404 and response.json() == {"error": "unknown_endpoint"}


def test_the_operator_takes_a_source_down_and_corrects_a_record(gateway_url):
    behaviour = f"{gateway_url}/v1/operator/behaviour/land"
    record = f"{gateway_url}/v1/sources/land/subjects/{AN}"
    headers = {**AS_THE_PORTAL_CALLS_IT, **OPERATOR}

    down = requests.put(
        behaviour, json={"latency_ms": 0, "failure_rate": 1}, headers=headers, timeout=10
    )
    assert down.status_code == 200
    assert _get(record).status_code == 503
    requests.put(behaviour, json={"failure_rate": 0}, headers=headers, timeout=10)
    assert _get(record).status_code == 200

    corrected = requests.post(
        f"{gateway_url}/v1/operator/corrections",
        json={"source": "land", "subject": AN, "field": "land_use_certificates", "value": []},
        headers=headers,
        timeout=10,
    )
    assert corrected.status_code == 201
    assert _get(record).json()["data"]["land_use_certificates"] == []
