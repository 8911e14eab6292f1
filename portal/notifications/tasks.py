from celery import shared_task

from portal.notifications.emails import MAIL_SERVER_ERRORS
from portal.notifications.outbox import emails_due_sweep

# A mail server that fails is tried again after 15 s, 30 s, 1, 2 and 4 min
# (with jitter); after that the sweeper tries every few minutes.
MAIL_RETRY = {
    "autoretry_for": MAIL_SERVER_ERRORS,
    "retry_backoff": 15,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="notifications.email", acks_late=True, **MAIL_RETRY)
def notification_email_task(notification_id: int) -> bool:
    from portal.notifications.services import notification_email_send

    return notification_email_send(notification_id=notification_id)


@shared_task(name="notifications.email_pending", acks_late=True)
def notifications_email_pending_task() -> int:
    """Send the e-mails still due a few minutes on (their task never reached
    a worker, or the mail server failed it each time); older than two days
    they are dropped, the message stays. Stops at the first mail server error:
    the next run tries again."""
    from portal.notifications.models import Notification
    from portal.notifications.services import notification_email_send

    return emails_due_sweep(
        rows=Notification.objects.all(),
        send=lambda pk: notification_email_send(notification_id=pk),
    )
