"""When a dossier came in, as its history records it: its first submission;
when the unit asked for it to be completed before receiving it, the moment
the applicant completed it (the `resubmit_for_reception` move); and when its
fee, asked at submission, was paid later (the `fee_paid` move).

Such a dossier counts as received only once complete: its due date was
counted again from that moment (dossiers.supplement_answers.supplement_answer),
so the receipt gives that time, and the day the processing time runs from,
rather than the first submission's. A dossier whose fee was paid later went
to the unit only then, and its due date was counted from the payment
(dossiers.services.dossier_fee_paid)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dossiers.models import Dossier, DossierEvent
from portal.core.working_days import received_on

# The move by which a dossier asked to be completed before reception comes back complete.
COMPLETED_BEFORE_RECEPTION = "resubmit_for_reception"
# The move by which a dossier waiting for its fee goes to the unit once it is paid.
FEE_PAID = "fee_paid"
# How the slips qualify such a dossier's time of reception.
COMPLETED_AS_ASKED = "hồ sơ đã được bổ sung, hoàn thiện theo yêu cầu"


@dataclass(frozen=True)
class SubmissionTimes:
    submitted_at: datetime.datetime  # the first submission, which gave the dossier its code
    completed_at: datetime.datetime | None = None  # completed as asked before reception
    fee_paid_at: datetime.datetime | None = None  # its fee, asked at submission, paid later

    @property
    def complete_at(self) -> datetime.datetime:
        """When the unit had the dossier complete: the time of reception on the receipt."""
        return self.completed_at or self.submitted_at

    @property
    def runs_from(self) -> datetime.datetime:
        """The moment the processing time runs from: when the dossier was
        complete, or when its fee was paid if that was later."""
        if self.fee_paid_at is None:
            return self.complete_at
        return max(self.complete_at, self.fee_paid_at)

    @property
    def counted_from(self) -> datetime.date:
        """The working day the complete dossier, its fee paid, counts as
        received, from which its processing time runs (the day itself not counted)."""
        return received_on(self.runs_from)


def submission_times(*, dossier: Dossier) -> SubmissionTimes:
    """The submitted dossier's first submission; if it was completed before
    reception, the last such completion; if its fee was paid after
    submission, the payment. Raises ValueError for a dossier never submitted."""
    if dossier.submitted_at is None:
        raise ValueError(f"Dossier {dossier.pk} was never submitted.")
    # In the order they happened: the last of each move stays.
    last = dict(
        DossierEvent.objects.filter(
            dossier_id=dossier.pk, action__in=(COMPLETED_BEFORE_RECEPTION, FEE_PAID)
        )
        .order_by("at", "id")
        .values_list("action", "at")
    )
    return SubmissionTimes(
        submitted_at=dossier.submitted_at,
        completed_at=last.get(COMPLETED_BEFORE_RECEPTION),
        fee_paid_at=last.get(FEE_PAID),
    )
