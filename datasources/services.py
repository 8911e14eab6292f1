"""Purpose-bound access to personal data: the one way the portal reads a source.

Every call to `lookup` leaves an AccessLog entry (actor, subject, source,
fields, purpose, outcome) whatever happens: returned, from cache, not found,
failed, denied or refused."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from datasources import registry
from datasources.access import lookup_denial_reason
from datasources.exceptions import LookupDenied, LookupRefused
from datasources.fetching import FetchOutcome, FetchStatus, fetch_record
from datasources.purposes import Purpose
from portal.accounts.models import PERSONAL_ID_RE, User, personal_id_validator
from portal.audit.models import AccessOutcome, ComplianceEventKind
from portal.audit.services import access_log_record, compliance_event_record

_OUTCOMES = {
    FetchStatus.OK: AccessOutcome.OK,
    FetchStatus.CACHED: AccessOutcome.CACHED,
    FetchStatus.NOT_FOUND: AccessOutcome.NOT_FOUND,
    FetchStatus.UNAVAILABLE: AccessOutcome.FAILED,
}


@dataclass(frozen=True)
class LookupResult:
    source: registry.Source
    subject: str
    status: FetchStatus
    values: dict
    record_id: str = ""
    fetched_at: datetime | None = None
    updated_at: str | None = None
    detail: str = ""
    elapsed_ms: float = 0.0

    @property
    def found(self) -> bool:
        return self.status in (FetchStatus.OK, FetchStatus.CACHED)


def _log(*, actor, subject, source, fields, purpose, outcome, detail="", elapsed_ms=None) -> None:
    access_log_record(
        actor=actor,
        subject_personal_id=str(subject)[:12],
        source=str(source)[:64],
        fields=[str(name) for name in fields],
        purpose_type=purpose.kind if purpose else "",
        purpose_id=purpose.reference if purpose else "",
        purpose_label=purpose.label if purpose else "",
        outcome=outcome,
        detail=detail,
        elapsed_ms=elapsed_ms,
    )


def _refuse(error: LookupRefused, **context) -> LookupRefused:
    _log(**context, outcome=AccessOutcome.REFUSED, detail=error.message)
    return error


def _checked_request(
    *, source: str, subject: str, fields: list[str], actor: User, purpose: Purpose | None
) -> registry.Source:
    """The source, once the request is well-formed and allowed. Logs and raises
    LookupRefused or LookupDenied otherwise."""
    context = {"actor": actor, "subject": subject, "source": source, "fields": fields,
               "purpose": purpose}  # fmt: skip
    try:
        known = registry.source(source)
        known.checked_fields(fields)
    except LookupRefused as error:
        raise _refuse(error, **context) from None
    if not PERSONAL_ID_RE.fullmatch(subject or ""):
        raise _refuse(LookupRefused(str(personal_id_validator.message)), **context)
    if not fields:
        raise _refuse(
            LookupRefused(_("Hãy chỉ rõ các trường cần dùng. Name the fields you need.")), **context
        )
    if purpose is None:
        raise _refuse(
            LookupRefused(
                _(
                    "Mọi lần khai thác dữ liệu phải nêu mục đích (hồ sơ, phản ánh). "
                    "Every lookup must name its purpose (a dossier, a complaint)."
                )
            ),
            **context,
        )
    if reason := lookup_denial_reason(actor=actor, subject=subject, purpose=purpose):
        _log(**context, outcome=AccessOutcome.DENIED, detail=reason)
        compliance_event_record(
            kind=ComplianceEventKind.LOOKUP_DENIED,
            actor=actor,
            reference=f"{purpose.kind}:{purpose.reference}",
            detail={"source": source, "subject": subject, "reason": reason},
        )
        raise LookupDenied(reason)
    return known


def _finished(
    *, known: registry.Source, subject: str, fields: list[str], actor: User, purpose: Purpose,
    outcome: FetchOutcome,
) -> LookupResult:  # fmt: skip
    _log(actor=actor, subject=subject, source=known.code, fields=fields, purpose=purpose,
         outcome=_OUTCOMES[outcome.status], detail=outcome.detail,
         elapsed_ms=outcome.elapsed_ms)  # fmt: skip
    record = outcome.record
    return LookupResult(
        source=known,
        subject=subject,
        status=outcome.status,
        values=record.only(fields) if record else {},
        record_id=record.record_id if record else "",
        fetched_at=record.fetched_at if record else None,
        updated_at=record.updated_at if record else None,
        detail=outcome.detail,
        elapsed_ms=outcome.elapsed_ms,
    )


def lookup(
    *,
    source: str,
    subject: str,
    fields: Iterable[str],
    actor: User,
    purpose: Purpose | None,
    use_cache: bool = True,
) -> LookupResult:
    """Read `fields` of `subject`'s record in `source` for `purpose`.

    Raises LookupRefused for a bad request (unknown source or field, malformed
    personal ID, no purpose) and LookupDenied when the actor may not read this
    person's data for this purpose; both are logged. A source that fails or is
    down is not an exception: the result says UNAVAILABLE (the form degrades).
    """
    fields = list(fields)
    known = _checked_request(
        source=source, subject=subject, fields=fields, actor=actor, purpose=purpose
    )
    assert purpose is not None  # _checked_request refused the request otherwise
    outcome = fetch_record(source=known, subject=subject, use_cache=use_cache)
    return _finished(known=known, subject=subject, fields=fields, actor=actor, purpose=purpose,
                     outcome=outcome)  # fmt: skip


@dataclass(frozen=True)
class LookupRequest:
    source: str
    subject: str
    fields: tuple[str, ...]


def lookup_parallel(
    *,
    requests: Iterable[LookupRequest],
    actor: User,
    purpose: Purpose,
    on_result: Callable[[LookupRequest, LookupResult], None] | None = None,
    use_cache: bool = True,
) -> list[LookupResult]:
    """Several lookups for one purpose at once: the sources are read in
    parallel threads (the wall time is about the slowest source's), while
    checking, logging and `on_result` stay in the calling thread, one result
    at a time as each source answers. Raises like `lookup`, before any read."""
    requests = list(requests)
    checked = [
        _checked_request(source=r.source, subject=r.subject, fields=list(r.fields), actor=actor,
                         purpose=purpose)
        for r in requests
    ]  # fmt: skip
    results = []
    with ThreadPoolExecutor(max_workers=max(1, len(requests))) as pool:
        futures = {
            pool.submit(fetch_record, source=known, subject=r.subject, use_cache=use_cache): (
                r,
                known,
            )
            for r, known in zip(requests, checked, strict=True)
        }
        for future in as_completed(futures):
            r, known = futures[future]
            result = _finished(known=known, subject=r.subject, fields=list(r.fields),
                               actor=actor, purpose=purpose, outcome=future.result())  # fmt: skip
            if on_result is not None:
                on_result(r, result)
            results.append(result)
    return results
