import datetime

from celery import shared_task
from django.conf import settings

from dossiers.models import PrefillSnapshot
from dossiers.prefill import prefill_run


@shared_task(name="dossiers.prefill_run", acks_late=True)
def prefill_run_task(snapshot_id: int) -> None:
    snapshot = (
        PrefillSnapshot.objects.select_related("dossier__applicant").filter(pk=snapshot_id).first()
    )
    if snapshot is None:  # the draft was discarded meanwhile
        return
    prefill_run(snapshot=snapshot)


@shared_task(name="dossiers.drafts_purge", acks_late=True)
def drafts_purge_task() -> int:
    from dossiers.services import drafts_purge

    return drafts_purge(older_than=datetime.timedelta(days=settings.DOSSIER_DRAFT_RETENTION_DAYS))


@shared_task(name="dossiers.escalations_run", acks_late=True)
def escalations_run_task() -> int:
    from dossiers.deadlines import escalations_run

    return len(escalations_run())


@shared_task(name="dossiers.signer_gaps_run", acks_late=True)
def signer_gaps_run_task() -> int:
    from dossiers.signer_gaps import signer_gaps_run

    return signer_gaps_run().reported
