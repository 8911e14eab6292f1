"""A citizen's request carrying an Idempotency-Key header creates its dossier
once: the same key again (a retry after a lost answer) returns the same draft."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dossiers.api_access.models import IdempotencyKey
from dossiers.exceptions import DossierError
from dossiers.models import Dossier
from portal.accounts.models import User

KEY_MAX_LENGTH = 128


class IdempotencyKeyReused(DossierError):
    """The key was already used for a different request."""


def request_fingerprint(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def dossier_create_once(
    *, user: User, key: str, fingerprint: str, create: Callable[[], Dossier]
) -> tuple[Dossier, bool]:
    """The dossier created for this key, and whether it was created now. Raises
    IdempotencyKeyReused when the key was used for another request, and what
    `create` raises (nothing is kept then)."""
    existing = _existing(user, key, fingerprint)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            dossier = create()
            IdempotencyKey.objects.create(
                user=user, key=key, request_hash=fingerprint, dossier=dossier
            )
    except IntegrityError:
        # The same key at the same moment: the first request's dossier stands,
        # this one's draft was rolled back with the key.
        existing = _existing(user, key, fingerprint)
        if existing is None:
            raise
        return existing, False
    return dossier, True


def _existing(user: User, key: str, fingerprint: str) -> Dossier | None:
    row = IdempotencyKey.objects.select_related("dossier").filter(user=user, key=key).first()
    if row is None:
        return None
    if row.request_hash != fingerprint:
        raise IdempotencyKeyReused(
            _(
                "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác. "
                "This Idempotency-Key was already used for a different request."
            )
        )
    return row.dossier
