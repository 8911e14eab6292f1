"""The session authentication of the portal's APIs, refusing a request
without its CSRF token in the APIs' own shape."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied

from portal.errors import csrf_refusal_detail


class PortalSessionAuthentication(SessionAuthentication):
    """The browser session, as the framework's, but a missing or expired CSRF
    token is a 403 {"code": "csrf_failed", "detail"} in Vietnamese and English,
    as the APIs' other refusals, not the framework's English sentence."""

    def enforce_csrf(self, request) -> None:
        try:
            super().enforce_csrf(request)
        except PermissionDenied as error:
            raise PermissionDenied(
                {"code": "csrf_failed", "detail": csrf_refusal_detail()}
            ) from error


class PortalSessionScheme(SessionScheme):
    """In the API's schema, the session cookie, as the framework's own."""

    target_class = "portal.core.session_auth.PortalSessionAuthentication"
