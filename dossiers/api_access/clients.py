"""Creating, revoking and authenticating agency API clients. The secret is
hashed with Django's password hashers and never kept in clear."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.api_access.models import AgencyApiClient
from dossiers.exceptions import DossierError
from portal.accounts.models import Agency, AgencyKind, Role, User
from portal.core.rate_limits import rate_give_back, rate_hit, rate_parse

# last_used_at is written at most this often: not one UPDATE per request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
# A secret verified once is trusted for this long (seconds): the password
# hasher's deliberate slowness is paid once, not on every request of an
# integration. Revocation still takes effect at once (checked in the database).
VERIFIED_SECONDS = 300


class ClientRefused(DossierError):
    """The client cannot be created for this agency."""


class TooManyFailedAttempts(Exception):
    """Too many wrong credentials lately from this address or for this client
    ID: refused before the secret is hashed. `wait`: seconds until the
    attempts are counted afresh."""

    def __init__(self, *, wait: float) -> None:
        super().__init__(f"Too many failed attempts: wait {wait:.0f} s.")
        self.wait = wait


@transaction.atomic
def agency_client_create(*, agency: Agency, name: str) -> tuple[AgencyApiClient, str]:
    """A client for `agency`'s case-management system, and its secret, which is
    returned here only. Raises ClientRefused for an agency that handles no
    dossiers (a database owner) or an empty name."""
    name = (name or "").strip()
    if not name:
        raise ClientRefused(_("Cần đặt tên hệ thống. The system's name is required."))
    if agency.kind == AgencyKind.DATABASE_OWNER:
        raise ClientRefused(
            _(
                "Cơ quan quản lý dữ liệu không tiếp nhận hồ sơ. "
                "A database owner handles no dossiers."
            )
        )
    client_id = f"mcs_{secrets.token_hex(10)}"
    secret = secrets.token_urlsafe(32)
    # The account the client acts as: an official of the agency, inactive so
    # that nobody logs in with it and no dossier is assigned to it.
    service_user = User(
        username=f"api:{client_id}", role=Role.OFFICIAL, agency=agency, is_active=False,
        full_name=f"{name} (API {client_id})",
    )  # fmt: skip
    service_user.set_unusable_password()
    service_user.save()
    client = AgencyApiClient.objects.create(
        agency=agency, name=name, client_id=client_id, secret_hash=make_password(secret),
        service_user=service_user,
    )  # fmt: skip
    return client, secret


def agency_client_revoke(*, client: AgencyApiClient) -> AgencyApiClient:
    """The client authenticates no more; what it did stays recorded. Idempotent."""
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
    return client


def _verified_key(*, client: AgencyApiClient, secret: str) -> str:
    # The secret is 256 random bits: its SHA-256 in the cache reveals nothing usable.
    digest = hashlib.sha256(f"{client.pk}\0{client.secret_hash}\0{secret}".encode())
    return f"agency-api-client:{digest.hexdigest()}"


def _attempt_keys(*, client_id: str, address: str) -> list[str]:
    # The client ID is the caller's own text: hashed, it makes a key any cache accepts.
    client_key = hashlib.sha256(client_id.encode()).hexdigest()[:32]
    return [f"agency-api-auth:address:{address}", f"agency-api-auth:client:{client_key}"]


def agency_client_authenticate(
    *, client_id: str, secret: str, address: str
) -> AgencyApiClient | None:
    """The active client with these credentials, or None. Raises
    TooManyFailedAttempts, without hashing the secret, once the wrong attempts
    from `address` or for `client_id` pass API_RATE_AUTH_FAILURES; a secret
    verified lately is accepted as it is, neither hashed nor counted."""
    client = (
        AgencyApiClient.objects.select_related("agency", "service_user__agency")
        .filter(client_id=client_id, revoked_at__isnull=True)
        .first()
    )
    if client is None or not cache.get(_verified_key(client=client, secret=secret)):
        # Each attempt that costs a hash is counted before it (so that guesses
        # sent in parallel cannot slip past the limit together), and given back
        # when the secret was right: only the wrong ones add up.
        rate = rate_parse(settings.API_RATE_AUTH_FAILURES)
        keys = _attempt_keys(client_id=client_id, address=address)
        if rate is not None:
            waits = [wait for key in keys if (wait := rate_hit(key=key, rate=rate))]
            if waits:
                raise TooManyFailedAttempts(wait=max(waits))
        if client is None:
            make_password(secret)  # the same time spent whether the client exists or not
            return None
        if not check_password(secret, client.secret_hash):
            return None
        if rate is not None:
            for key in keys:
                rate_give_back(key=key, rate=rate)
        cache.set(_verified_key(client=client, secret=secret), True, VERIFIED_SECONDS)
    now = timezone.now()
    if client.last_used_at is None or client.last_used_at < now - LAST_USED_PRECISION:
        AgencyApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client
