"""When a dossier came in, as its history records it: its first submission
and, when the unit asked for it to be completed before receiving it, the
moment the applicant completed it (the `resubmit_for_reception` move).

Such a dossier counts as received only once complete: its due date was
counted again from that moment (dossiers.supplements.supplement_answer), so
the receipt gives that time, and the day the processing time runs from,
rather than the first submission's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dossiers.models import Dossier, DossierEvent
from portal.core.working_days import received_on

# The move by which a dossier asked to be completed before reception comes back complete.
COMPLETED_BEFORE_RECEPTION = "resubmit_for_reception"
# How the slips qualify such a dossier's time of reception.
COMPLETED_AS_ASKED = "hồ sơ đã được bổ sung, hoàn thiện theo yêu cầu"


@dataclass(frozen=True)
class SubmissionTimes:
    submitted_at: datetime.datetime  # the first submission, which gave the dossier its code
    completed_at: datetime.datetime | None = None  # completed as asked before reception

    @property
    def complete_at(self) -> datetime.datetime:
        """When the unit had the dossier complete: the time of reception on the receipt."""
        return self.completed_at or self.submitted_at

    @property
    def counted_from(self) -> datetime.date:
        """The working day the complete dossier counts as received, from which
        its processing time runs (the day itself not counted)."""
        return received_on(self.complete_at)


def submission_times(*, dossier: Dossier) -> SubmissionTimes:
    """The submitted dossier's first submission and, if it was completed
    before reception, the last such completion. Raises ValueError for a
    dossier never submitted."""
    if dossier.submitted_at is None:
        raise ValueError(f"Dossier {dossier.pk} was never submitted.")
    completed_at = (
        DossierEvent.objects.filter(dossier_id=dossier.pk, action=COMPLETED_BEFORE_RECEPTION)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )
    return SubmissionTimes(submitted_at=dossier.submitted_at, completed_at=completed_at)
