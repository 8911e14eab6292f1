"""What the mock identity provider keeps: its signing key, the one-time
authorization codes and the access tokens it issued. Codes and tokens are
stored only as SHA-256 digests, as a real provider would."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class SigningKey(models.Model):
    """The RSA key that signs id_tokens; one row, shared by every process."""

    name = models.CharField(max_length=32, unique=True)
    kid = models.CharField(max_length=64, unique=True)
    private_key_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signing key")

    def __str__(self) -> str:
        return self.kid


class AuthorizationCode(models.Model):
    """A one-time code bound to the client, redirect URI, nonce and PKCE challenge."""

    code_digest = models.CharField(max_length=64, unique=True)
    client_id = models.CharField(max_length=128)
    redirect_uri = models.URLField(max_length=500)
    personal_id = models.CharField(max_length=12)
    scope = models.CharField(max_length=255)
    nonce = models.CharField(max_length=255, blank=True)
    code_challenge = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("authorization code")

    def __str__(self) -> str:
        return f"code for {self.client_id} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class AccessToken(models.Model):
    """A bearer token for the userinfo endpoint."""

    token_digest = models.CharField(max_length=64, unique=True)
    client_id = models.CharField(max_length=128)
    personal_id = models.CharField(max_length=12)
    scope = models.CharField(max_length=255)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("access token")

    def __str__(self) -> str:
        return f"token for {self.client_id} until {self.expires_at:%Y-%m-%d %H:%M}"
