"""The circuit breaker: opens after consecutive failures, lets one probe through
after the reset time, closes on success; its state is shared through the cache."""

import pytest
from django.core.cache import cache

from datasources.breaker import BreakerState, CircuitBreaker


@pytest.fixture(autouse=True)
def _short_reset(settings):
    settings.BREAKER_FAILURE_THRESHOLD = 3
    settings.BREAKER_RESET_SECONDS = 30


def _fail(breaker, times):
    for _ in range(times):
        breaker.record_failure()


def test_stays_closed_below_the_threshold():
    breaker = CircuitBreaker("population")
    _fail(breaker, 2)

    assert breaker.state() == BreakerState.CLOSED and breaker.allow()


def test_opens_after_consecutive_failures_and_refuses_calls():
    breaker = CircuitBreaker("population")
    _fail(breaker, 3)

    assert breaker.state() == BreakerState.OPEN
    assert not breaker.allow()
    assert 0 < breaker.retry_after_seconds() <= 31


def test_a_success_resets_the_count():
    breaker = CircuitBreaker("population")
    _fail(breaker, 2)
    breaker.record_success()
    _fail(breaker, 2)

    assert breaker.state() == BreakerState.CLOSED


def test_half_open_lets_exactly_one_probe_through(settings):
    breaker = CircuitBreaker("population")
    _fail(breaker, 3)
    settings.BREAKER_RESET_SECONDS = 0

    assert breaker.state() == BreakerState.HALF_OPEN
    assert breaker.allow() is True
    assert breaker.allow() is False  # the probe is still out


def test_a_successful_probe_closes_and_a_failed_one_reopens(settings):
    breaker = CircuitBreaker("population")
    _fail(breaker, 3)
    settings.BREAKER_RESET_SECONDS = 0
    assert breaker.allow()
    breaker.record_failure()
    settings.BREAKER_RESET_SECONDS = 30
    assert breaker.state() == BreakerState.OPEN

    settings.BREAKER_RESET_SECONDS = 0
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state() == BreakerState.CLOSED


def test_state_lives_in_the_shared_cache_not_in_the_object():
    _fail(CircuitBreaker("land"), 3)

    assert CircuitBreaker("land").state() == BreakerState.OPEN
    assert CircuitBreaker("population").state() == BreakerState.CLOSED
    assert cache.get("breaker:land")["failures"] == 3
