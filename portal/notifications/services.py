"""Notifying a user: an in-portal message, and an e-mail when they gave an address."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from portal.accounts.models import User
from portal.core.enqueue import enqueue_on_commit
from portal.notifications.models import Notification


def notify(*, user: User, title: str, body: str = "", url: str = "") -> Notification:
    """Store the message now; the e-mail leaves once the transaction commits."""
    from portal.notifications.tasks import notification_email_task

    notification = Notification.objects.create(
        user=user, title=title, body=body, url=url, email_due=bool(user.email)
    )
    if user.email:
        enqueue_on_commit(notification_email_task, notification.pk)
    return notification


def notification_email_send(*, notification: Notification) -> None:
    link = f"\n\n{settings.PORTAL_BASE_URL}{notification.url}" if notification.url else ""
    send_mail(
        subject=notification.title,
        message=f"{notification.body}{link}",
        from_email=None,
        recipient_list=[notification.user.email],
    )
