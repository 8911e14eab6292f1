"""A flood of complaints from one client is refused for a while: a counter
per client (account, or address as the trusted proxies report it) and hour,
in the shared cache."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from portal.core.rate_limits import client_address


def _client(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"addr:{client_address(request)}"


def filing_allowed(request: HttpRequest) -> bool:
    """Count this filing; False once the client passed its hourly allowance."""
    hour = int(time.time() // 3600)
    key = f"complaints:filings:{_client(request)}:{hour}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= settings.COMPLAINT_FILINGS_PER_HOUR
