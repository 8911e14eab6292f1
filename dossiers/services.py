"""Writes on dossiers. For now: starting a draft, which starts its prefill."""

from __future__ import annotations

from django.db import transaction

from dossiers.models import ActingBasis, Dossier
from dossiers.prefill import prefill_start
from dossiers.representation import acting_right_check
from portal.accounts.models import Agency, User


def dossier_draft_start(
    *,
    applicant: User,
    procedure_code: str,
    agency: Agency,
    needs: dict[str, list[str]],
    subject_personal_id: str | None = None,
    acting_basis: str = ActingBasis.SELF,
    prefill_countdown: float | None = None,
) -> Dossier:
    """A draft for the applicant (or for a child they act for), whose prefill
    starts in the background once the draft is committed. Raises NoRightToAct
    and ValidationError; nothing is created then."""
    subject_personal_id = subject_personal_id or applicant.personal_id
    dossier = Dossier(
        procedure_code=procedure_code,
        agency=agency,
        applicant=applicant,
        subject_personal_id=subject_personal_id,
        acting_basis=acting_basis,
    )
    dossier.full_clean(exclude=["applicant", "agency"])
    acting_right_check(applicant=applicant, subject=subject_personal_id, basis=acting_basis,
                       agency=agency)  # fmt: skip
    with transaction.atomic():
        dossier.save()
        prefill_start(dossier=dossier, needs=needs, countdown=prefill_countdown)
    return dossier
