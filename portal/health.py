"""Liveness of the parts the portal depends on, for /healthz and compose healthchecks.

The default report (database, broker) is fast and touches nothing but a
`SELECT 1` and a broker connection. The worker check is opt-in
(`/healthz?worker=1`): it sends a heartbeat task and waits for a worker to run it.
"""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from portal.celery import app as celery_app

WORKER_TIMEOUT_SECONDS = 3.0
# An unanswered heartbeat expires instead of waiting in the queue for the next
# worker that starts.
HEARTBEAT_EXPIRES_SECONDS = 60


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok", "vendor": connection.vendor}


def check_broker() -> dict:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:  # noqa: BLE001
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok", "transport": str(transport)}


def check_worker(*, timeout: float = WORKER_TIMEOUT_SECONDS) -> dict:
    """Send a heartbeat and wait up to `timeout` seconds for a worker to record
    it in the shared cache. Down when the broker refuses it or no worker answers."""
    from portal.core.tasks import heartbeat, heartbeat_key

    token = secrets.token_hex(16)
    started = time.monotonic()
    try:
        heartbeat.apply_async(args=[token], expires=HEARTBEAT_EXPIRES_SECONDS, retry=False)
    except Exception as exc:  # noqa: BLE001
        return {"status": "down", "error": type(exc).__name__}
    while True:
        beat = cache.get(heartbeat_key(token))
        elapsed = time.monotonic() - started
        if beat is not None:
            return {
                "status": "ok",
                "hostname": beat["hostname"],
                "latency_ms": round(elapsed * 1000, 1),
                **({"mode": "eager"} if celery_app.conf.task_always_eager else {}),
            }
        if elapsed >= timeout:
            return {"status": "down", "error": f"no worker answered within {timeout:g} s"}
        time.sleep(0.05)


def check_all(*, worker: bool = False) -> dict:
    parts = {"database": check_database(), "broker": check_broker()}
    if worker:
        parts["worker"] = (
            check_worker()
            if parts["broker"]["status"] == "ok"
            else {"status": "down", "error": "broker down"}
        )
    status = "ok" if all(part["status"] == "ok" for part in parts.values()) else "down"
    return {"status": status, "environment": settings.PORTAL_ENV, **parts}
