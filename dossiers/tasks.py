from celery import shared_task

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
