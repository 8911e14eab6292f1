"""Live prefill: when a draft starts, every source its form needs is read in
parallel; each source's part of the snapshot is saved as it answers, so the
page can show progress and fill fields as they arrive."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from datasources.fetching import FetchStatus
from datasources.services import LookupRequest, LookupResult, lookup_parallel
from dossiers.models import Channel, Dossier, PrefillSnapshot, PrefillSource, PrefillStatus
from dossiers.models.prefill import NO_ANSWER_DETAIL
from dossiers.prefill_subjects import dossier_parts, part_read
from dossiers.purposes import dossier_purpose, values_for_dossier
from portal.core.enqueue import enqueue_on_commit

_STATUSES = {
    FetchStatus.OK: PrefillStatus.OK,
    FetchStatus.CACHED: PrefillStatus.OK,
    FetchStatus.NOT_FOUND: PrefillStatus.NOT_FOUND,
    FetchStatus.UNAVAILABLE: PrefillStatus.UNAVAILABLE,
}


def _enqueue(snapshot: PrefillSnapshot, countdown: float | None = None) -> None:
    from dossiers.tasks import prefill_run_task

    enqueue_on_commit(prefill_run_task, snapshot.pk, countdown=countdown)


@transaction.atomic
def prefill_start(
    *, dossier: Dossier, needs: dict[str, list[str]], countdown: float | None = None
) -> PrefillSnapshot:
    """Record what is needed from which source and fetch it in the background
    (a task enqueued once the draft is committed)."""
    snapshot, _ = PrefillSnapshot.objects.get_or_create(dossier=dossier)
    for source, fields in dossier_parts(dossier, needs).items():
        PrefillSource.objects.get_or_create(
            snapshot=snapshot, source=source, defaults={"fields": list(fields)}
        )
    _enqueue(snapshot, countdown)
    return snapshot


def no_answer_deadline(snapshot: PrefillSnapshot) -> datetime.datetime:
    """When a source the snapshot asked for and still waits for counts as not answering."""
    return snapshot.started_at + datetime.timedelta(seconds=settings.PREFILL_NO_ANSWER_SECONDS)


def prefill_overdue_close(*, snapshot: PrefillSnapshot) -> bool:
    """Sources asked more than PREFILL_NO_ANSWER_SECONDS ago and still pending
    did not answer (the worker is down, the task was lost): they become
    unavailable, saying so, and the snapshot is finished, so that a source that
    does not answer never blocks the dossier (DESIGN.md, "Nothing is lost").
    Decided here, on the server's clock; idempotent, and no query before the
    deadline. True when it closed the snapshot."""
    if snapshot.is_finished or timezone.now() < no_answer_deadline(snapshot):
        return False
    now = timezone.now()
    with transaction.atomic():
        # Only if no retry asked the sources again meanwhile (a later started_at).
        PrefillSource.objects.filter(
            snapshot_id=snapshot.pk, snapshot__started_at=snapshot.started_at,
            status=PrefillStatus.PENDING,
        ).update(status=PrefillStatus.UNAVAILABLE, detail=NO_ANSWER_DETAIL)  # fmt: skip
        closed = PrefillSnapshot.objects.filter(
            pk=snapshot.pk, started_at=snapshot.started_at, finished_at__isnull=True
        ).update(finished_at=now)
    if closed:
        snapshot.finished_at = now
    return bool(closed)


@transaction.atomic
def prefill_retry(*, snapshot: PrefillSnapshot) -> PrefillSnapshot:
    """Read again the sources that were unavailable or did not answer in time.
    Idempotent: with none to read again (a second press, a source still being
    read) nothing is enqueued."""
    prefill_overdue_close(snapshot=snapshot)
    again = snapshot.sources.filter(status=PrefillStatus.UNAVAILABLE).update(
        status=PrefillStatus.PENDING, detail=""
    )
    if not again:
        return snapshot
    # Asked again now: the time to answer counts from here.
    snapshot.started_at, snapshot.finished_at = timezone.now(), None
    snapshot.save(update_fields=["started_at", "finished_at"])
    _enqueue(snapshot)
    return snapshot


def _save(dossier: Dossier, part: PrefillSource, result: LookupResult) -> None:
    fetched_at = result.fetched_at.isoformat() if result.fetched_at else None
    part.status = _STATUSES[result.status]
    # Each value keeps its provenance: source, record, fetch time.
    part.values = {
        name: {"value": value, "record_id": result.record_id, "fetched_at": fetched_at}
        for name, value in values_for_dossier(dossier, result.values).items()
    }
    part.record_id = result.record_id
    part.fetched_at = result.fetched_at
    part.source_updated_at = result.updated_at or ""
    part.detail = result.detail[:500]
    part.elapsed_ms = result.elapsed_ms
    # Saved only while still awaited: an answer that comes after its source was
    # shown as not answering does not change what the citizen saw (a retry reads it).
    PrefillSource.objects.filter(pk=part.pk, status=PrefillStatus.PENDING).update(
        status=part.status, values=part.values, record_id=part.record_id,
        fetched_at=part.fetched_at, source_updated_at=part.source_updated_at,
        detail=part.detail, elapsed_ms=part.elapsed_ms,
    )  # fmt: skip


def _reader(dossier: Dossier):
    """Who reads the sources: the applicant online; at the counter, the
    official who took the dossier (the access log names them)."""
    if dossier.channel == Channel.COUNTER and dossier.assigned_to_id:
        return dossier.assigned_to
    return dossier.applicant


def prefill_run(*, snapshot: PrefillSnapshot) -> PrefillSnapshot:
    """Fetch every source still pending, in parallel, as the applicant for the
    dossier. Idempotent: a re-run fetches only what is still pending."""
    dossier = snapshot.dossier
    pending: dict[LookupRequest, PrefillSource] = {}
    for part in snapshot.sources.filter(status=PrefillStatus.PENDING):
        source, subject = part_read(dossier, part.source)
        if not subject:  # an applicant with no personal ID has no record of their own
            PrefillSource.objects.filter(pk=part.pk).update(status=PrefillStatus.NOT_FOUND)
            continue
        pending[LookupRequest(source=source, subject=subject, fields=tuple(part.fields))] = part
    if pending:
        lookup_parallel(
            requests=list(pending),
            actor=_reader(dossier),
            purpose=dossier_purpose(dossier),
            on_result=lambda request, result: _save(dossier, pending[request], result),
        )  # fmt: skip
    snapshot.finished_at = timezone.now()
    snapshot.save(update_fields=["finished_at"])
    return snapshot
