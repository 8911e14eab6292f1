"""Why personal data is read. Every lookup names a purpose: a dossier or a
complaint (built by their apps), or a correction request being handled."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class PurposeKind(models.TextChoices):
    DOSSIER = "dossier", _("Dossier")
    COMPLAINT = "complaint", _("Complaint")
    CORRECTION = "correction", _("Correction request")


@dataclass(frozen=True)
class Purpose:
    kind: str
    reference: str
    label: str
    # The unit handling the case: officials of it (and leaders above it) may read.
    agency_id: int | None
    # The citizen who started the case: they may read for it.
    applicant_id: int | None
    # Whose data the case concerns: the subject, and the applicant acting for them.
    subject_personal_ids: frozenset[str]
    # A case about an enterprise (its legal representative acting): only the
    # representative's own records are read for it, the enterprise's narrowed from them.
    enterprise_code: str = ""
