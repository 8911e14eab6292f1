"""Creating, revoking and authenticating agency API clients. The secret is
hashed with Django's password hashers and never kept in clear."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.api_access.models import AgencyApiClient
from dossiers.exceptions import DossierError
from portal.accounts.models import Agency, AgencyKind, Role, User

# last_used_at is written at most this often: not one UPDATE per request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
# A secret verified once is trusted for this long (seconds): the password
# hasher's deliberate slowness is paid once, not on every request of an
# integration. Revocation still takes effect at once (checked in the database).
VERIFIED_SECONDS = 300


class ClientRefused(DossierError):
    """The client cannot be created for this agency."""


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


def agency_client_authenticate(*, client_id: str, secret: str) -> AgencyApiClient | None:
    """The active client with these credentials, or None."""
    client = (
        AgencyApiClient.objects.select_related("agency", "service_user__agency")
        .filter(client_id=client_id, revoked_at__isnull=True)
        .first()
    )
    if client is None:
        make_password(secret)  # the same time spent whether the client exists or not
        return None
    # The secret is 256 random bits: its SHA-256 in the cache reveals nothing usable.
    verified = (
        "agency-api-client:"
        + hashlib.sha256(f"{client.pk}\0{client.secret_hash}\0{secret}".encode()).hexdigest()
    )
    if not cache.get(verified):
        if not check_password(secret, client.secret_hash):
            return None
        cache.set(verified, True, VERIFIED_SECONDS)
    now = timezone.now()
    if client.last_used_at is None or client.last_used_at < now - LAST_USED_PRECISION:
        AgencyApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client
