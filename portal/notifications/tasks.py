from datetime import timedelta

from celery import shared_task
from django.utils import timezone


@shared_task(name="notifications.email", acks_late=True)
def notification_email_task(notification_id: int) -> None:
    from portal.notifications.models import Notification
    from portal.notifications.services import notification_email_send

    notification = (
        Notification.objects.select_related("user")
        .filter(pk=notification_id, email_due=True)
        .first()
    )
    if notification is None:
        return  # sent already (a second delivery, or the sweeper got there first)
    if notification.user.email:
        notification_email_send(notification=notification)
    Notification.objects.filter(pk=notification.pk).update(email_due=False)


@shared_task(name="notifications.email_pending", acks_late=True)
def notifications_email_pending_task() -> int:
    """Send the e-mails still due a few minutes on (their task never reached
    a worker); older than two days they are dropped, the message stays."""
    from portal.notifications.models import Notification

    now = timezone.now()
    due = Notification.objects.filter(email_due=True)
    due.filter(created_at__lt=now - timedelta(days=2)).update(email_due=False)
    pending = list(
        due.filter(created_at__lt=now - timedelta(minutes=2)).values_list("pk", flat=True)[:500]
    )
    for pk in pending:
        notification_email_task(pk)
    return len(pending)
