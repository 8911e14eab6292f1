"""A circuit breaker per source, its state in the shared cache so that every
web process and worker sees the same circuit.

closed → (BREAKER_FAILURE_THRESHOLD consecutive failures) → open →
(BREAKER_RESET_SECONDS later) → half-open: one probe goes through; its
success closes the circuit, its failure opens it again."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache

_STATE_TTL = 24 * 3600


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True)
class CircuitBreaker:
    source: str

    @property
    def _key(self) -> str:
        return f"breaker:{self.source}"

    @property
    def _probe_key(self) -> str:
        return f"breaker:{self.source}:probe"

    def _state(self) -> dict:
        return cache.get(self._key) or {"failures": 0, "opened_at": None}

    def state(self) -> BreakerState:
        opened_at = self._state()["opened_at"]
        if opened_at is None:
            return BreakerState.CLOSED
        if time.time() - opened_at < settings.BREAKER_RESET_SECONDS:
            return BreakerState.OPEN
        return BreakerState.HALF_OPEN

    def allow(self) -> bool:
        """May a call go to the source now? In half-open, only one caller (the
        probe) is let through until it reports back."""
        state = self.state()
        if state == BreakerState.CLOSED:
            return True
        if state == BreakerState.OPEN:
            return False
        return cache.add(self._probe_key, True, timeout=settings.GATEWAY_READ_TIMEOUT * 4)

    def record_success(self) -> None:
        cache.delete_many([self._key, self._probe_key])

    def record_failure(self) -> None:
        state = self._state()
        failures = state["failures"] + 1
        opened_at = state["opened_at"]
        if failures >= settings.BREAKER_FAILURE_THRESHOLD or opened_at is not None:
            # A failed probe re-opens the circuit for a full reset period.
            opened_at = time.time()
        cache.set(self._key, {"failures": failures, "opened_at": opened_at}, _STATE_TTL)
        cache.delete(self._probe_key)

    def retry_after_seconds(self) -> int:
        opened_at = self._state()["opened_at"]
        if opened_at is None:
            return 0
        return max(0, int(settings.BREAKER_RESET_SECONDS - (time.time() - opened_at)) + 1)
