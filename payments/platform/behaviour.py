"""The mock platform's latency and failure rate: defaults from settings,
changed at run time through the shared cache (every process sees it)."""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache

_KEY = "payment-platform:behaviour"


@dataclass(frozen=True)
class Behaviour:
    latency_ms: int
    failure_rate: float

    def as_dict(self) -> dict:
        return asdict(self)


def behaviour_current() -> Behaviour:
    stored = cache.get(_KEY)
    if stored is not None:
        return Behaviour(**stored)
    return Behaviour(
        latency_ms=settings.PAYMENT_PLATFORM_LATENCY_MS,
        failure_rate=settings.PAYMENT_PLATFORM_FAILURE_RATE,
    )


def behaviour_store(behaviour: Behaviour | None) -> None:
    """Set the behaviour for every process; None goes back to the settings."""
    if behaviour is None:
        cache.delete(_KEY)
    else:
        cache.set(_KEY, behaviour.as_dict(), timeout=None)


def simulate() -> bool:
    """Wait the platform's latency; True when this call is one of its failures."""
    behaviour = behaviour_current()
    if behaviour.latency_ms > 0:
        time.sleep(behaviour.latency_ms / 1000)
    return behaviour.failure_rate > 0 and random.random() < behaviour.failure_rate
