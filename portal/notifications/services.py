"""Notifying a user: an in-portal message, and an e-mail when they gave an address."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import EmailMessage
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator

from portal.accounts.models import User
from portal.core.enqueue import enqueue_on_commit
from portal.notifications.emails import Reason, portal_email_build
from portal.notifications.models import TITLE_MAX_LENGTH, Notification
from portal.notifications.outbox import email_once


def notify(
    *, user: User, title: str, body: str = "", url: str = "", action: str = ""
) -> Notification:
    """Store the message now; the e-mail leaves once the transaction commits.
    A bilingual title naming a long unit twice may outgrow its column: it is
    shortened with an ellipsis (the body says it all), never refused.
    `action` names what the message asks the user to do, for
    `notifications_settle` once it is done."""
    from portal.notifications.tasks import notification_email_task

    if len(title) > TITLE_MAX_LENGTH:
        title = Truncator(title).chars(TITLE_MAX_LENGTH)
    notification = Notification.objects.create(
        user=user, title=title, body=body, url=url, action=action, email_due=bool(user.email)
    )
    if user.email:
        enqueue_on_commit(notification_email_task, notification.pk)
    return notification


def notifications_mark_read(*, user: User, notifications: Iterable[Notification]) -> int:
    """Mark as read those of `notifications` that are the user's and still
    unread, in one UPDATE; a message read earlier keeps its first reading
    time. Returns how many were marked."""
    ids = [notification.pk for notification in notifications if notification.read_at is None]
    if not ids:
        return 0
    return Notification.objects.filter(user=user, pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_settle(*, action: str) -> int:
    """The action the messages named `action` ask for is done (by one of their
    readers, or another way): mark every copy done, and read if still unread
    (a reading time kept), in one UPDATE. Returns how many were settled."""
    if not action:
        return 0
    now = timezone.now()
    return Notification.objects.filter(action=action, done_at__isnull=True).update(
        done_at=now, read_at=Coalesce("read_at", Value(now))
    )


def notification_email_send(*, notification_id: int) -> bool:
    """E-mail the notification if it is still due, once (outbox.email_once):
    False when nothing was sent. A mail server error is raised, for the task
    to try again."""
    return email_once(
        rows=Notification.objects.select_related("user"), pk=notification_id,
        build=_notification_email,
    )  # fmt: skip


def _notification_email(notification: Notification) -> EmailMessage | None:
    user = notification.user
    if not user.email:
        return None
    return portal_email_build(
        to=user.email, name=user.full_name, subject=notification.title,
        body=notification.body, path=notification.url, reason=Reason.ACCOUNT,
    )  # fmt: skip
