"""E-mails stored before they are sent, sent once: the one mechanism behind
every e-mail the portal stores first (a notification, a notice to a reporter,
a report's files). Each is a row with `email_due` (set until the e-mail has
gone or is given up) and `created_at`:

- its task calls `email_once`, retried while the mail server fails
  (tasks.MAIL_RETRY);
- a sweeper on the beat schedule calls `emails_due_sweep` for the rows whose
  task never came or failed every time;
- a task delivered twice, or the task and the sweeper at once, send it once:
  the row is locked while it is sent and is no longer due after."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.core.mail import EmailMessage
from django.db import models, transaction
from django.utils import timezone

from portal.notifications.emails import MAIL_SERVER_ERRORS, permanently_refused

logger = logging.getLogger(__name__)

# A row's task comes within seconds; the sweeper leaves it that long first.
SWEEP_AFTER = timedelta(minutes=2)
# What the mail server has not taken in two days is given up.
GIVE_UP_AFTER = timedelta(days=2)
SWEEP_BATCH = 500

Row = TypeVar("Row", bound=models.Model)


@transaction.atomic
def email_once(
    *, rows: models.QuerySet[Row], pk: int, build: Callable[[Row], EmailMessage | None],
    sent_at_field: str = "",
) -> bool:  # fmt: skip
    """E-mail the row `pk` of `rows` if it is still due, the message `build`
    makes of it (None: nothing to send), then mark it no longer due (and, when
    sent, stamp `sent_at_field`). False when nothing was sent: sent already,
    being sent by another worker (its row is skipped, not waited for), or no
    message. A mail server error leaves it due and is raised, for the task to
    try again; an address the server refuses for good is given up."""
    row = (
        rows.select_for_update(skip_locked=True, of=("self",)).filter(pk=pk, email_due=True).first()
    )
    if row is None:
        return False
    message = build(row)
    sent = False
    if message is not None:
        try:
            sent = message.send() == 1
        except Exception as error:
            if not permanently_refused(error):
                raise
            logger.warning("%s %s: the mail server refused the address for good",
                           rows.model._meta.label, pk)  # fmt: skip
    changes: dict = {"email_due": False}
    if sent and sent_at_field:
        changes[sent_at_field] = timezone.now()
    rows.model._default_manager.filter(pk=pk).update(**changes)
    return sent


def emails_due_sweep(*, rows: models.QuerySet, send: Callable[[int], bool]) -> int:
    """Send with `send(pk)` the rows of `rows` still due after SWEEP_AFTER;
    those due for longer than GIVE_UP_AFTER are given up. Stops at the first
    mail server error: the next run tries again. Returns how many were sent."""
    now = timezone.now()
    due = rows.filter(email_due=True)
    due.filter(created_at__lt=now - GIVE_UP_AFTER).update(email_due=False)
    pending = list(
        due.filter(created_at__lt=now - SWEEP_AFTER)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    sent = 0
    for pk in pending:
        try:
            sent += send(pk)
        except MAIL_SERVER_ERRORS:
            logger.warning("Mail server unavailable: the %s still due wait for the next run",
                           rows.model._meta.verbose_name_plural, exc_info=True)  # fmt: skip
            break
    return sent
