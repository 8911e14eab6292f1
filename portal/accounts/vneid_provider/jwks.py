"""The identity provider's public keys, fetched from its JWKS and cached; an
unknown kid (a rotated key) triggers one refetch before the token is refused."""

from __future__ import annotations

import json

import jwt
import requests
from allauth.socialaccount.adapter import get_adapter
from django.core.cache import cache

JWKS_CACHE_SECONDS = 3600


def _fetch(jwks_uri: str) -> dict:
    with get_adapter().get_requests_session() as session:
        response = session.get(jwks_uri, timeout=5)
        response.raise_for_status()
        keys = response.json()
    cache.set(f"vneid:jwks:{jwks_uri}", keys, JWKS_CACHE_SECONDS)
    return keys


def _find(keys: dict, kid: str):
    for jwk in keys.get("keys", []):
        if jwk.get("kid") == kid and jwk.get("kty") == "RSA":
            return jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(jwk))
    return None


def signing_key(jwks_uri: str, *, kid: str):
    """The RSA public key with this kid. Raises jwt.InvalidKeyError if none."""
    keys = cache.get(f"vneid:jwks:{jwks_uri}")
    key = _find(keys, kid) if keys else None
    if key is None:
        try:
            key = _find(_fetch(jwks_uri), kid)
        except (requests.RequestException, ValueError) as error:
            raise jwt.InvalidKeyError(f"JWKS unavailable: {error}") from error
    if key is None:
        raise jwt.InvalidKeyError(f"No signing key with kid {kid!r}.")
    return key
