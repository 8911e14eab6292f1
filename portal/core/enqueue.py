"""Handing work to the workers once the transaction has committed, without
letting a broker outage turn a committed request into an error page: what the
task will read is stored first, and a sweeper on the beat schedule takes up
what could not be handed over (DESIGN.md, "Nothing is lost")."""

from __future__ import annotations

import logging

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, *args, countdown: float | None = None) -> None:
    def send() -> None:
        try:
            task.apply_async(args, countdown=countdown)
        except Exception:  # the broker's own errors vary by transport
            logger.warning("Broker unavailable: %s%r left to its sweeper", task.name, args,
                           exc_info=True)  # fmt: skip

    transaction.on_commit(send)
