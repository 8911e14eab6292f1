"""Notifying a user: an in-portal message, and an e-mail when they gave an address."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.text import Truncator

from portal.accounts.models import User
from portal.core.enqueue import enqueue_on_commit
from portal.notifications.emails import Reason, permanently_refused, portal_email_build
from portal.notifications.models import Notification

logger = logging.getLogger(__name__)

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


@transaction.atomic
def notification_email_send(*, notification_id: int) -> bool:
    """E-mail the notification if it is still due, then mark it sent: False
    when there was nothing to send (sent already by a second delivery of its
    task or by the sweeper, which wait on its row meanwhile). A mail server
    error leaves it due and is raised, for the task to try again; an address
    the server refuses for good is given up."""
    notification = (
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("user")
        .filter(pk=notification_id, email_due=True)
        .first()
    )
    if notification is None:
        return False
    user = notification.user
    sent = False
    if user.email:
        message = portal_email_build(
            to=user.email, name=user.full_name, subject=notification.title,
            body=notification.body, path=notification.url, reason=Reason.ACCOUNT,
        )  # fmt: skip
        try:
            sent = message.send() == 1
        except Exception as error:
            if not permanently_refused(error):
                raise
            logger.warning("Notification %s: the mail server refused %s for good",
                           notification.pk, user.email)  # fmt: skip
    Notification.objects.filter(pk=notification.pk).update(email_due=False)
    return sent
