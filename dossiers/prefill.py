"""Live prefill: when a draft starts, every source its form needs is read in
parallel; each source's part of the snapshot is saved as it answers, so the
page can show progress and fill fields as they arrive."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from datasources.fetching import FetchStatus
from datasources.services import LookupRequest, LookupResult, lookup_parallel
from dossiers.models import Channel, Dossier, PrefillSnapshot, PrefillSource, PrefillStatus
from dossiers.purposes import dossier_data_subject, dossier_purpose, values_for_dossier
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
    for source, fields in needs.items():
        PrefillSource.objects.get_or_create(
            snapshot=snapshot, source=source, defaults={"fields": list(fields)}
        )
    _enqueue(snapshot, countdown)
    return snapshot


@transaction.atomic
def prefill_retry(*, snapshot: PrefillSnapshot) -> PrefillSnapshot:
    """Read again the sources that were unavailable (or never read)."""
    snapshot.sources.filter(status=PrefillStatus.UNAVAILABLE).update(
        status=PrefillStatus.PENDING, detail=""
    )
    snapshot.finished_at = None
    snapshot.save(update_fields=["finished_at"])
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
    part.save(
        update_fields=["status", "values", "record_id", "fetched_at", "source_updated_at",
                       "detail", "elapsed_ms"]
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
    pending = {part.source: part for part in snapshot.sources.filter(status=PrefillStatus.PENDING)}
    if pending:
        lookup_parallel(
            requests=[
                LookupRequest(source=part.source, subject=dossier_data_subject(dossier),
                              fields=tuple(part.fields))
                for part in pending.values()
            ],
            actor=_reader(dossier),
            purpose=dossier_purpose(dossier),
            on_result=lambda request, result: _save(dossier, pending[request.source], result),
        )  # fmt: skip
    snapshot.finished_at = timezone.now()
    snapshot.save(update_fields=["finished_at"])
    return snapshot
