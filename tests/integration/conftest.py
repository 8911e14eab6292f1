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
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
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


def _log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:] if log.exists() else "(no output)"


@pytest.fixture(scope="session")
def live_worker(django_db_setup, tmp_path_factory) -> Iterator[LiveWorker]:
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
