"""The provider's RS256 signing key and its public JWK set.

A key given in VNEID_SIGNING_KEY_PEM wins; otherwise one is generated once
and kept in the database, so that every web process and worker signs with
the same key and the JWKS they publish agree."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.db import IntegrityError, transaction

from datasources.vneid.models import SigningKey

_DEFAULT_KEY_NAME = "default"


@dataclass(frozen=True)
class ProviderKey:
    kid: str
    private_key: rsa.RSAPrivateKey

    def public_jwk(self) -> dict:
        numbers = self.private_key.public_key().public_numbers()
        return {
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": _b64url_uint(numbers.n),
            "e": _b64url_uint(numbers.e),
        }


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _thumbprint_kid(private_key: rsa.RSAPrivateKey) -> str:
    """RFC 7638 thumbprint: the kid changes exactly when the key does."""
    numbers = private_key.public_key().public_numbers()
    members = {"e": _b64url_uint(numbers.e), "kty": "RSA", "n": _b64url_uint(numbers.n)}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode()


@cache
def _load_pem(pem: str) -> ProviderKey:
    private_key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(private_key, rsa.RSAPrivateKey):
        raise ValueError("VNeID signing key must be an RSA private key.")
    return ProviderKey(kid=_thumbprint_kid(private_key), private_key=private_key)


def _generate_pem() -> str:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def signing_key() -> ProviderKey:
    if settings.VNEID_SIGNING_KEY_PEM:
        return _load_pem(settings.VNEID_SIGNING_KEY_PEM)
    stored = SigningKey.objects.filter(name=_DEFAULT_KEY_NAME).first()
    if stored is None:
        pem = _generate_pem()
        try:
            with transaction.atomic():
                stored = SigningKey.objects.create(
                    name=_DEFAULT_KEY_NAME, kid=_load_pem(pem).kid, private_key_pem=pem
                )
        except IntegrityError:
            # Another process generated it first: use theirs.
            stored = SigningKey.objects.get(name=_DEFAULT_KEY_NAME)
    return _load_pem(stored.private_key_pem)


def jwks() -> dict:
    return {"keys": [signing_key().public_jwk()]}
