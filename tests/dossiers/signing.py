"""The signature step in one call, for tests that need a dossier approved, or
not resolved: the unit's official proposes it, the unit's leader signs it
(dossiers.signing)."""

from __future__ import annotations

from dossiers.models import Dossier, DossierEvent, ResultDocument
from dossiers.results import dossier_approve_with_result
from dossiers.signing import (
    dossier_not_resolve_signed,
    dossier_propose_approval,
    dossier_propose_not_resolve,
)
from portal.accounts.models import Role, User
from tests.accounts.factories import LeaderFactory


def unit_leader(dossier: Dossier) -> User:
    """The active leader of the dossier's own unit: an existing one, else a new one."""
    found = User.objects.filter(
        role=Role.LEADER, agency_id=dossier.agency_id, is_active=True
    ).first()
    return found or LeaderFactory(agency=dossier.agency, position="Chủ tịch")


def approve_signed(dossier: Dossier, *, official: User, leader: User | None = None,
                   **seen) -> ResultDocument:  # fmt: skip
    """Propose the in-processing dossier as `official`, then sign it as `leader`
    (the unit's own by default): its result, issued."""
    leader = leader or unit_leader(dossier)  # there before the proposal, which needs a signer
    dossier_propose_approval(dossier=dossier, by=official)
    return dossier_approve_with_result(dossier=dossier, by=leader, **seen)


def not_resolve_signed(dossier: Dossier, *, official: User, reason: str,
                       leader: User | None = None) -> DossierEvent:  # fmt: skip
    """Propose the refusal of the in-processing dossier as `official`, with the
    reason, then sign it as `leader` (the unit's own by default): the signed move."""
    leader = leader or unit_leader(dossier)
    dossier_propose_not_resolve(dossier=dossier, by=official, reason=reason)
    return dossier_not_resolve_signed(dossier=dossier, by=leader)
