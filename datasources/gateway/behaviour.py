"""Each mock source's latency and failure rate: defaults from settings,
changed at run time through the shared cache (every process sees it)."""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache

_KEY = "gateway:behaviour:{source}"


@dataclass(frozen=True)
class Behaviour:
    latency_ms: int
    failure_rate: float

    def as_dict(self) -> dict:
        return asdict(self)


def behaviour_for(source: str) -> Behaviour:
    stored = cache.get(_KEY.format(source=source))
    if stored is not None:
        return Behaviour(**stored)
    latency, failure = settings.GATEWAY_BEHAVIOUR.get(source, (0, 0.0))
    return Behaviour(latency_ms=latency, failure_rate=failure)


def behaviour_store(source: str, behaviour: Behaviour | None) -> None:
    if behaviour is None:
        cache.delete(_KEY.format(source=source))
    else:
        cache.set(_KEY.format(source=source), behaviour.as_dict(), timeout=None)


def simulate(source: str) -> bool:
    """Wait the source's latency; True when this call is one of its failures."""
    behaviour = behaviour_for(source)
    if behaviour.latency_ms > 0:
        time.sleep(behaviour.latency_ms / 1000)
    return behaviour.failure_rate > 0 and random.random() < behaviour.failure_rate
