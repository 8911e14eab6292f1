"""Errors of the OpenID Connect protocol, with the codes of RFC 6749 / OIDC Core."""

from __future__ import annotations


class UnregisteredClient(Exception):
    """The client or its redirect URI is unknown: the provider must not redirect."""


class AuthorizationError(Exception):
    """A bad authorization request from a known client: reported back to its redirect URI."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


class TokenError(Exception):
    """A refused token request; `status` is 400, or 401 for client authentication."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


class InvalidAccessToken(Exception):
    """The bearer token is unknown or expired."""
