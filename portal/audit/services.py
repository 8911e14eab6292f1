"""The only writes on the audit log: appending a record."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from portal.accounts.models import User
from portal.audit.models import (
    AccessLog,
    AccessOutcome,
    ComplianceEvent,
    ComplianceEventKind,
    PaymentAction,
    PaymentLog,
)

if TYPE_CHECKING:
    from payments.models import Payment


def access_log_record(
    *,
    actor: User | None,
    subject_personal_id: str,
    source: str,
    fields: Iterable[str],
    purpose_type: str,
    purpose_id: str,
    purpose_label: str = "",
    outcome: AccessOutcome | str,
    detail: str = "",
    elapsed_ms: float | None = None,
) -> AccessLog:
    """Record one access to a person's data, whatever its outcome."""
    entry = access_log_entry(
        actor=actor, subject_personal_id=subject_personal_id, source=source, fields=fields,
        purpose_type=purpose_type, purpose_id=purpose_id, purpose_label=purpose_label,
        outcome=outcome, detail=detail, elapsed_ms=elapsed_ms,
    )  # fmt: skip
    entry.save(force_insert=True)
    return entry


def access_log_entry(
    *,
    actor: User | None,
    subject_personal_id: str,
    source: str,
    fields: Iterable[str],
    purpose_type: str,
    purpose_id: str,
    purpose_label: str = "",
    outcome: AccessOutcome | str,
    detail: str = "",
    elapsed_ms: float | None = None,
) -> AccessLog:
    """The access log's record of one access, not yet saved: as access_log_record
    writes it (the demo's history writes these for its past days)."""
    return AccessLog(
        actor=actor if actor and actor.pk else None,
        actor_agency_id=getattr(actor, "agency_id", None),
        subject_personal_id=subject_personal_id,
        source=source,
        fields=sorted(fields),
        purpose_type=purpose_type,
        purpose_id=str(purpose_id),
        purpose_label=purpose_label,
        outcome=outcome,
        detail=detail[:500],
        elapsed_ms=None if elapsed_ms is None else max(0, round(elapsed_ms)),
    )


def compliance_event_record(
    *,
    kind: ComplianceEventKind | str,
    actor: User | None,
    reference: str = "",
    detail: dict | None = None,
) -> ComplianceEvent:
    """Record a fact about the once-only rule, against the actor's agency."""
    return ComplianceEvent.objects.create(
        kind=kind,
        actor=actor if actor and actor.pk else None,
        agency_id=getattr(actor, "agency_id", None),
        reference=reference,
        detail=detail or {},
    )


def payment_log_record(
    *, action: PaymentAction | str, actor: User | None, payment: Payment, detail: dict | None = None
) -> PaymentLog:
    """Record a money action on a payment, in the caller's transaction: its
    dossier and amount, and the official who acted (None: the payment platform)."""
    return PaymentLog.objects.create(
        action=action,
        actor=actor,
        actor_agency_id=getattr(actor, "agency_id", None),
        dossier_id=payment.dossier_id,
        payment=payment,
        amount_vnd=payment.amount_vnd,
        detail=detail or {},
    )
