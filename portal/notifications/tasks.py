from celery import shared_task


@shared_task(name="notifications.email", acks_late=True)
def notification_email_task(notification_id: int) -> None:
    from portal.notifications.models import Notification
    from portal.notifications.services import notification_email_send

    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is not None and notification.user.email:
        notification_email_send(notification=notification)
