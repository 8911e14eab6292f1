"""The relying parties registered with the provider (only the portal, from settings)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class RegisteredClient:
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    name: str

    def secret_matches(self, secret: str) -> bool:
        return bool(secret) and hmac.compare_digest(secret.encode(), self.client_secret.encode())


def registered_client(client_id: str) -> RegisteredClient | None:
    if not client_id or client_id != settings.VNEID_CLIENT_ID:
        return None
    return RegisteredClient(
        client_id=settings.VNEID_CLIENT_ID,
        client_secret=settings.VNEID_CLIENT_SECRET,
        redirect_uris=tuple(settings.VNEID_REDIRECT_URIS),
        name="Cổng Một cửa số",
    )
