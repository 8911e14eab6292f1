from celery import shared_task

from datasources.vneid.services import expired_grants_purge


@shared_task(name="vneid.purge_expired_grants")
def purge_expired_grants() -> int:
    """Spent and expired codes and tokens are kept no longer than their lifetime."""
    return expired_grants_purge()
