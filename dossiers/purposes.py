"""A dossier as the purpose of a data lookup, and whose records it reads."""

from __future__ import annotations

from django.utils.translation import gettext as _

from datasources.purposes import Purpose, PurposeKind
from dossiers.models import Dossier
from dossiers.models.dossier import started_on

LABEL_MAX_LENGTH = 255  # the access log's purpose_label


def dossier_data_subject(dossier: Dossier) -> str:
    """The personal ID whose records the dossier reads: its subject's, or, for
    an enterprise's dossier, its legal representative's (the applicant): the
    sources are keyed by person, and the business register lists the
    enterprises a person represents."""
    if dossier.subject_is_enterprise:
        return dossier.applicant.personal_id
    return dossier.subject_personal_id


def dossier_purpose(dossier: Dossier) -> Purpose:
    if dossier.subject_is_enterprise:
        # An enterprise is no person: only its representative's data may be read.
        subjects = {dossier.applicant.personal_id}
    else:
        subjects = {dossier.subject_personal_id}
        if dossier.applicant.personal_id:
            subjects.add(dossier.applicant.personal_id)
        if dossier.concerned_personal_id:  # the deceased: their record holds the papers about them
            subjects.add(dossier.concerned_personal_id)
    return Purpose(
        kind=PurposeKind.DOSSIER,
        reference=str(dossier.pk),
        # Kept in the access log as it is when the data is read, often before
        # the dossier has its code: the procedure's name says what it was for,
        # and a draft's day which one (it may be deleted before it has a code).
        label=_kept_label(dossier)[:LABEL_MAX_LENGTH],
        agency_id=dossier.agency_id,
        applicant_id=dossier.applicant_id,
        subject_personal_ids=frozenset(subjects),
        enterprise_code=dossier.subject_personal_id if dossier.subject_is_enterprise else "",
    )


def _kept_label(dossier: Dossier) -> str:
    """The access log's label, in Vietnamese whoever reads: as
    `dossiers_named_now` names the dossier in Vietnamese."""
    procedure = dossier.procedure
    if dossier.code:
        return f"Hồ sơ {procedure.code} {dossier.code}: {procedure.name}"
    return f"Hồ sơ {procedure.code} (bản nháp ngày {started_on(dossier)}): {procedure.name}"


def values_for_dossier(dossier: Dossier, values: dict) -> dict:
    """What a source returned, as the dossier may keep it: for an enterprise's
    dossier, the business register's list narrowed to that enterprise (the
    representative's other businesses are none of this dossier's concern)."""
    if not dossier.subject_is_enterprise or not isinstance(values.get("businesses"), list):
        return values
    own = [
        b for b in values["businesses"] if b.get("enterprise_code") == dossier.subject_personal_id
    ]
    return {**values, "businesses": own}


def dossiers_named_now(references: set[str]) -> dict[str, str]:
    """The dossiers among `references` (their keys) named by their code and
    procedure, or a draft by its procedure and the day it was started
    (registered in the app's ready())."""
    keys = [int(reference) for reference in references if reference.isdigit()]
    dossiers = Dossier.objects.filter(pk__in=keys).select_related("procedure")
    return {str(dossier.pk): dossier_named(dossier) for dossier in dossiers.only(
        "pk", "code", "created_at", "procedure__code", "procedure__name")}  # fmt: skip


def dossier_named(dossier: Dossier) -> str:
    """The dossier as a person reads it among others: its code and procedure;
    for a draft, the procedure and the day it was started."""
    if dossier.code:
        return _("Dossier %(code)s: %(procedure)s") % {
            "code": dossier.code, "procedure": dossier.procedure.name}  # fmt: skip
    return _("Dossier %(procedure_code)s (draft of %(date)s): %(procedure)s") % {
        "procedure_code": dossier.procedure.code, "date": started_on(dossier),
        "procedure": dossier.procedure.name,
    }  # fmt: skip
