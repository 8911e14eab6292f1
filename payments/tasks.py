from celery import shared_task

from payments.online import payments_reconcile


@shared_task(name="payments.reconcile_pending")
def payments_reconcile_task() -> int:
    """Payments still pending after a while are asked about at the platform."""
    return payments_reconcile()
