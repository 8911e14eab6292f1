"""Celery tasks that prove a worker is alive and reaches the shared services."""

from __future__ import annotations

import socket

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

HEARTBEAT_TTL_SECONDS = 300


def heartbeat_key(token: str) -> str:
    return f"heartbeat:{token}"


@shared_task(bind=True, ignore_result=True)
def heartbeat(self, token: str) -> dict:
    """Record in the shared cache that a worker ran this task, with what it saw
    of the database. Idempotent: running it twice rewrites the same entry."""
    beat = {
        "hostname": self.request.hostname or socket.gethostname(),
        "at": timezone.now().isoformat(),
        "database": connection.vendor,
        # A worker that cannot read the database is not a healthy worker.
        "users": get_user_model().objects.count(),
    }
    cache.set(heartbeat_key(token), beat, HEARTBEAT_TTL_SECONDS)
    return beat
