"""The APIs' rate limits: one throttle for every API view, counting per
caller: an agency API client by its client, a logged-in user by their
account, anyone else by their address. The rates are the REST_FRAMEWORK
setting's DEFAULT_THROTTLE_RATES (`agency_client`, `user`, `anon`), read at
each request; a scope without a rate is not limited. Past the limit the
framework's Throttled is raised: a 429 `throttled` in the portal's shape, with
Retry-After (portal.api_errors)."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from portal.core.rate_limits import client_address, rate_hit, rate_parse


def caller_scope(request: Request) -> tuple[str, str]:
    """The scope whose rate applies to this request, and who is counted in it.
    An authentication class names its own scope with `throttle_scope`
    (its `request.auth` has the primary key counted)."""
    scope = getattr(request.successful_authenticator, "throttle_scope", None)
    if scope and getattr(request.auth, "pk", None) is not None:
        return scope, str(request.auth.pk)
    if request.user and request.user.is_authenticated:
        return "user", str(request.user.pk)
    return "anon", client_address(request)


class PortalApiThrottle(BaseThrottle):
    """Counts the request against its caller's scope; refuses it past the rate."""

    def __init__(self) -> None:
        self._wait: float | None = None

    def allow_request(self, request: Request, view) -> bool:
        scope, ident = caller_scope(request)
        rate = rate_parse(api_settings.DEFAULT_THROTTLE_RATES.get(scope))
        if rate is None:
            return True
        self._wait = rate_hit(key=f"api:{scope}:{ident}", rate=rate)
        return self._wait is None

    def wait(self) -> float | None:
        return self._wait
