"""A dossier as the purpose of a data lookup."""

from __future__ import annotations

from datasources.purposes import Purpose, PurposeKind
from dossiers.models import Dossier


def dossier_purpose(dossier: Dossier) -> Purpose:
    subjects = {dossier.subject_personal_id}
    if dossier.applicant.personal_id:
        subjects.add(dossier.applicant.personal_id)
    return Purpose(
        kind=PurposeKind.DOSSIER,
        reference=str(dossier.pk),
        label=f"Hồ sơ {dossier.procedure.code} {dossier.reference}",
        agency_id=dossier.agency_id,
        applicant_id=dossier.applicant_id,
        subject_personal_ids=frozenset(subjects),
    )
