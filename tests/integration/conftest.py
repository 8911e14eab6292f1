"""The integration suite: real PostgreSQL, Redis and a Celery worker process.

Every test here is marked `integration` and skipped unless DATABASE_URL names
PostgreSQL and REDIS_URL is set (as `.ci/run` does where both run on the machine).
The worker is a separate process started once per session on the pytest test
database, so a task sees exactly what the tests committed.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
import requests
from django.conf import settings

from portal.celery import app as celery_app
from portal.core.management.commands.serve import stop_process, worker_command

HERE = Path(__file__).resolve().parent
WORKER_START_TIMEOUT_SECONDS = 60


def unavailable_reason() -> str | None:
    """Why the real services are not configured, or None when they are."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine and "postgis" not in engine:
        return "integration tests need DATABASE_URL=postgres://… (PostgreSQL); it is not set"
    if not settings.REDIS_URL:
        return "integration tests need REDIS_URL=redis://… (Redis); it is not set"
    if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        return f"integration tests need the Redis broker, not {settings.CELERY_BROKER_URL}"
    return None


def pytest_collection_modifyitems(config, items):
    reason = unavailable_reason()
    for item in items:
        if HERE not in item.path.parents:
            continue
        item.add_marker(pytest.mark.integration)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class LiveWorker:
    nodename: str
    process: subprocess.Popen
    log: Path


def _test_database_url(name: str) -> str:
    """DATABASE_URL with its database replaced by the pytest test database."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + quote(name)))


def _sessions_closed(application_name: str, timeout: float = 10.0) -> None:
    """Wait until a stopped process's sessions on the test database are gone:
    its PostgreSQL backends end a moment after it does, and the test database
    can only be dropped once they have."""
    from django.db import connection

    deadline = time.monotonic() + timeout
    try:
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND application_name = %s",
                    [application_name],
                )
                if cursor.fetchone()[0] == 0:
                    return
                time.sleep(0.1)
    finally:
        connection.close()  # nor may this one stay open when the database is dropped


def _log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:] if log.exists() else "(no output)"


@dataclass
class LiveGateway:
    url: str
    process: subprocess.Popen


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def live_gateway(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[LiveGateway]:
    """The mock national gateway as its own process on its own port
    (`manage.py run_gateway`), on the test database and the shared Redis cache."""
    from django.db import connection

    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(connection.settings_dict["NAME"]),
        "GATEWAY_BEHAVIOUR": ",".join(f"{code}=0:0" for code in settings.GATEWAY_BEHAVIOUR),
        "PGAPPNAME": "integration-gateway",
    }
    log = tmp_path_factory.mktemp("gateway") / "gateway.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_gateway", "--port", str(port)],
            cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/gateway"
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT_SECONDS
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the gateway did not start:\n{_log_tail(log)}")
            time.sleep(0.1)
        yield LiveGateway(url=url, process=process)
    finally:
        stop_process(process)
        with django_db_blocker.unblock():
            _sessions_closed("integration-gateway")


@pytest.fixture(scope="session")
def live_worker(
    django_db_setup, django_db_blocker, live_gateway, tmp_path_factory
) -> Iterator[LiveWorker]:
    """A Celery worker process on the Redis broker and the pytest test database,
    answering pings; stopped (warm shutdown) before the test database is dropped."""
    from django.db import connection

    # Another worker on the same broker would take some of our tasks, run them
    # on another database and make the results meaningless.
    strangers = celery_app.control.ping(timeout=1.0)
    if strangers:
        names = ", ".join(name for reply in strangers for name in reply)
        pytest.fail(
            f"another Celery worker already consumes {settings.CELERY_BROKER_URL}: {names}. "
            "Stop it, or point REDIS_URL at a Redis database of its own."
        )

    nodename = f"integration-{secrets.token_hex(4)}@{socket.gethostname()}"
    env = {**os.environ, "DATABASE_URL": _test_database_url(connection.settings_dict["NAME"])}
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    env["PGAPPNAME"] = "integration-worker"
    # The worker reads the sources through the gateway process; a short breaker
    # reset lets the recovery of a source be observed.
    env.update(GATEWAY_URL=live_gateway.url, GATEWAY_RETRIES="0", BREAKER_RESET_SECONDS="1")
    env["DJANGO_SETTINGS_MODULE"] = settings.SETTINGS_MODULE
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    command = worker_command(concurrency=2, queues=["celery"], nodename=nodename)
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    worker = LiveWorker(nodename=nodename, process=process, log=log)
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT_SECONDS
        while not celery_app.control.ping(destination=[nodename], timeout=0.5):
            if process.poll() is not None:
                pytest.fail(
                    f"the Celery worker exited with {process.returncode}:\n{_log_tail(log)}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not answer ping:\n{_log_tail(log)}")
        yield worker
    finally:
        stop_process(process)
        with django_db_blocker.unblock():
            _sessions_closed("integration-worker")
