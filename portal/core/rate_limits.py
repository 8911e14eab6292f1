"""How often a client may call: counters per client and time window in the
shared cache (Redis in production), so that every web worker counts against
the same limit, and the client's address as the trusted proxies report it."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


@dataclass(frozen=True)
class Rate:
    """At most `count` requests per `seconds`."""

    count: int
    seconds: int


def rate_parse(text: str | None) -> Rate | None:
    """ "120/min", "10/5m", "1000/hour"… as a Rate; None for no limit ("", "off").
    Raises ValueError for anything else."""
    if text is None or text.strip().lower() in {"", "off", "none"}:
        return None
    count, _, period = text.strip().lower().partition("/")
    digits = "".join(c for c in period if c.isdigit())
    unit = period[len(digits) :]
    if not count.isdigit() or unit not in UNITS:
        raise ValueError(f"Not a rate: {text!r} (e.g. 120/min, 10/5m, 1000/hour).")
    return Rate(count=int(count), seconds=int(digits or 1) * UNITS[unit])


def client_address(request: HttpRequest) -> str:
    """The caller's IP address: REMOTE_ADDR, or, behind NUM_PROXIES trusted
    proxies, the address the outermost of them saw in X-Forwarded-For. A
    client cannot choose its address by sending the header itself: only the
    entries the trusted proxies appended are read."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    return addresses[-min(proxies, len(addresses))] if addresses else remote


def _window_key(key: str, rate: Rate, now: float) -> tuple[str, int]:
    window = int(now // rate.seconds)
    return f"rate:{key}:{rate.seconds}:{window}", window


def rate_hit(*, key: str, rate: Rate) -> float | None:
    """Count one request of `key`; None while within `rate`, else the seconds
    until the current window ends. Atomic on Redis (INCR)."""
    now = time.time()
    full_key, window = _window_key(key, rate, now)
    cache.add(full_key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, timeout=rate.seconds + 1)
        count = 1
    if count <= rate.count:
        return None
    return max(1.0, math.ceil((window + 1) * rate.seconds - now))


def rate_give_back(*, key: str, rate: Rate) -> None:
    """Uncount one request of `key` that `rate_hit` counted in this window and
    that turned out not to count (an attempt that succeeded)."""
    full_key, _ = _window_key(key, rate, time.time())
    try:
        if cache.decr(full_key) < 0:
            cache.incr(full_key)
    except ValueError:  # the window ended meanwhile: nothing left to give back
        pass
