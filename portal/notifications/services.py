"""Notifying a user: an in-portal message, and an e-mail when they gave an address."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils.text import Truncator

from portal.accounts.models import User
from portal.core.enqueue import enqueue_on_commit
from portal.notifications.models import Notification

TITLE_MAX_LENGTH = Notification._meta.get_field("title").max_length


def notify(*, user: User, title: str, body: str = "", url: str = "") -> Notification:
    """Store the message now; the e-mail leaves once the transaction commits.
    A bilingual title naming a long unit twice may outgrow its column: it is
    shortened with an ellipsis (the body says it all), never refused."""
    from portal.notifications.tasks import notification_email_task

    if len(title) > TITLE_MAX_LENGTH:
        title = Truncator(title).chars(TITLE_MAX_LENGTH)
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
