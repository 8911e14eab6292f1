"""The mock platform's background work: delivering notifications to merchants."""

from celery import shared_task

from payments.platform.models import NoticeDelivery
from payments.platform.services import notice_deliver, notices_redeliver


@shared_task(
    bind=True, name="payment_platform.deliver_notice", acks_late=True, max_retries=6,
    ignore_result=True,
)  # fmt: skip
def notice_deliver_task(self, delivery_id: int) -> object:
    """Deliver one notification; retried with growing waits while the merchant
    does not take it. Idempotent: a delivered notification is not sent again."""
    delivery = NoticeDelivery.objects.select_related("order").filter(pk=delivery_id).first()
    if delivery is None or notice_deliver(delivery=delivery):
        return None
    if self.request.retries >= self.max_retries:
        return None  # the redelivery sweep picks it up later, until the platform gives up
    # Not raised: a worker schedules the retry and acks this run; when tasks
    # run eagerly, returning it makes Celery run the next attempt at once.
    return self.retry(countdown=min(5 * 2**self.request.retries, 600), throw=False)


@shared_task(name="payment_platform.redeliver")
def notices_redeliver_task() -> int:
    return notices_redeliver()
