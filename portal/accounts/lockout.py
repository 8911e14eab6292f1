"""Password login is locked for a while after repeated failures (django-axes,
configured in settings: per username and address). This is the page answered
while it is locked."""

from __future__ import annotations

import logging
import math

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.core.rate_limits import client_address

logger = logging.getLogger("portal.accounts.lockout")


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """A 429 page saying, in the reader's language, how long to wait; with Retry-After."""
    cool_off = get_cool_off(request)
    seconds = math.ceil(cool_off.total_seconds()) if cool_off else None
    logger.warning(
        "Password login locked: username %r from %s",
        get_client_username(request, credentials),
        client_address(request),
    )
    response = render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "minutes": math.ceil(seconds / 60) if seconds else None,
        },
        status=429,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
