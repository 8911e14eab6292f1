"""Dossiers (hồ sơ) and the data prefilled into them, with its provenance.
One module a part; every model is importable from here."""

from dossiers.models.dossier import (
    CLOSED_WITHOUT_RESULT_STATUSES,
    ENTERPRISE_CODE_PATTERN,
    QUEUE_CLOSED_STATUSES,
    ActingBasis,
    Authorisation,
    Channel,
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    DossierStatus,
    ProposedOutcome,
    subject_validator,
)
from dossiers.models.evidence import (
    Attachment,
    ComponentEvidence,
    ComponentEvidenceKind,
    ComponentVerification,
    DataGap,
    VerificationOutcome,
    attachment_storage_name,
)
from dossiers.models.follow_up import (
    ApologySlip,
    ResultDocument,
    SatisfactionRating,
    SupplementRequest,
    result_storage_name,
)
from dossiers.models.prefill import PrefillSnapshot, PrefillSource, PrefillStatus, SourceRefetch
from dossiers.models.right_to_act import DraftRightReading, RightCheckOutcome, RightToActCheck

__all__ = [
    "CLOSED_WITHOUT_RESULT_STATUSES", "ENTERPRISE_CODE_PATTERN", "QUEUE_CLOSED_STATUSES",
    "ActingBasis", "ApologySlip", "Attachment", "Authorisation", "Channel", "ComponentEvidence",
    "ComponentEvidenceKind", "ComponentVerification", "DataGap", "Dossier", "DossierCodeCounter",
    "DossierEvent", "DossierStatus", "DraftRightReading", "PrefillSnapshot", "PrefillSource",
    "PrefillStatus", "ProposedOutcome", "ResultDocument", "RightCheckOutcome", "RightToActCheck",
    "SatisfactionRating", "SourceRefetch", "SupplementRequest",
    "VerificationOutcome", "attachment_storage_name", "result_storage_name", "subject_validator",
]  # fmt: skip
