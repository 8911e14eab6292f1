"""Liveness of the parts the portal depends on, for /healthz and compose healthchecks."""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app


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


def check_all() -> dict:
    parts = {"database": check_database(), "broker": check_broker()}
    status = "ok" if all(part["status"] == "ok" for part in parts.values()) else "down"
    return {"status": status, "environment": settings.PORTAL_ENV, **parts}
