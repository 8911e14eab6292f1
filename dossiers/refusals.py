"""Refusing a dossier with its reasons, whichever stage it is at: refused at
reception while newly submitted or asked to be completed before reception
(national status 3); otherwise, after processing, proposed to the unit's
leader, whose signature makes it not resolved (status 4 until signed, then
8). For a caller that only knows "refuse", such as an agency's
case-management system."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from dossiers.exceptions import DossierError
from dossiers.models import Dossier, DossierEvent, DossierStatus
from dossiers.signing import dossier_propose_not_resolve
from dossiers.stale_pages import SeenState, dossier_unchanged_check
from dossiers.states import supplement_asked_from
from dossiers.workspace import dossier_refuse_at_reception
from portal.accounts.models import User


@transaction.atomic
def dossier_refuse(*, dossier: Dossier, by: User, reasons: list[str],
                   seen: SeenState | None = None) -> DossierEvent:  # fmt: skip
    """Refuse with every reason given, one per line. Raises DossierError without
    a reason, TransitionRefused when the dossier cannot be refused now, and
    DossierChanged when it is no longer as `seen` (the caller's view of it)."""
    reasons = [reason.strip() for reason in reasons if reason and reason.strip()]
    if not reasons:
        raise DossierError(_("Cần nêu lý do. A reason is required."))
    reason = "\n".join(reasons)
    dossier_unchanged_check(dossier=dossier, seen=seen)
    never_received = dossier.status == DossierStatus.SUBMITTED or (
        dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
        and supplement_asked_from(dossier) == DossierStatus.SUBMITTED
    )
    if never_received:
        return dossier_refuse_at_reception(dossier=dossier, by=by, reason=reason)
    return dossier_propose_not_resolve(dossier=dossier, by=by, reason=reason)
