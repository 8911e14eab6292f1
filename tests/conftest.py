"""Suite-wide fixtures. The embedded suite runs Celery tasks eagerly; the
integration suite (tests/integration) runs them on a real worker instead."""

import pytest

from portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def _eager_celery_outside_integration(request):
    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _isolated_cache(request):
    from django.core.cache import cache

    if request.node.get_closest_marker("integration"):
        # The integration Redis also carries the broker: never flush it.
        yield
        return
    cache.clear()
    yield
    cache.clear()
