"""How each component of a dossier is satisfied: by data from a source (with
its record and fetch time), by the e-form filled in online, or by the
applicant's upload. A component electronic data replaces is never asked for
(the once-only rule); the one exception is a data gap, when the source
answered but holds nothing for this person: then the applicant uploads it,
and it is recorded as a data gap, not as a re-request."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from datasources import registry
from datasources.documents import UnknownDocumentType, document_type
from dossiers.models import (
    Attachment,
    ComponentEvidence,
    ComponentEvidenceKind,
    ComponentVerification,
    DataGap,
    Dossier,
    DossierStatus,
    PrefillSource,
    PrefillStatus,
)
from portal.audit.models import ComplianceEvent, ComplianceEventKind
from procedures.models import ComponentRequirement, DossierComponent, ElectronicReplacement
from procedures.structure import procedure_components

# While the applicant may add files: before submission, and when asked for a supplement.
UPLOAD_STATUSES = frozenset({DossierStatus.DRAFT, DossierStatus.SUPPLEMENT_REQUESTED})
# While the applicant may take a file back: only before submission.
REMOVE_STATUSES = frozenset({DossierStatus.DRAFT})

_EMPTY = (None, "", [], {})


class DataState:
    """What the sources said for a replaced component."""

    NOT_REPLACED = ""
    OK = "ok"  # the source answered with the data: nothing to bring
    DATA_GAP = "data_gap"  # the source holds nothing for this person: upload, as a data gap
    TO_VERIFY = "to_verify"  # pending, unavailable or not read: the official verifies later


class Action:
    """What the applicant must do for a component."""

    NOTHING = "nothing"
    UPLOAD = "upload"
    UPLOAD_DATA_GAP = "upload_data_gap"
    OPTIONAL = "optional"  # a conditional component: only if its condition applies


@dataclass
class ComponentStatus:
    component: DossierComponent
    required: bool
    # Filled in online: the component is the dossier's own e-form.
    e_form: bool = False
    data_state: str = DataState.NOT_REPLACED
    replacement: ElectronicReplacement | None = None
    source_code: str = ""
    source_name: str = ""
    record_id: str = ""
    fetched_at: datetime.datetime | None = None
    source_status: str = ""  # the PrefillStatus of the source, when it was read
    attachments: list[Attachment] = field(default_factory=list)
    action: str = Action.NOTHING
    upload_allowed: bool = False
    remove_allowed: bool = False
    # The replacement that takes effect later, for a component uploaded until then.
    upcoming: ElectronicReplacement | None = None
    # An official recorded that the source holds nothing or wrong data for this person.
    gap_recorded: bool = False
    # An official verified it from its source, the sources not having answered before.
    verification: ComponentVerification | None = None

    @property
    def replaced(self) -> bool:
        return self.data_state != DataState.NOT_REPLACED

    @property
    def data_gap(self) -> bool:
        return self.data_state == DataState.DATA_GAP

    @property
    def to_verify(self) -> bool:
        return self.data_state == DataState.TO_VERIFY

    @property
    def missing(self) -> bool:
        """Required, to be uploaded, and nothing uploaded yet: blocks submission."""
        return self.action in (Action.UPLOAD, Action.UPLOAD_DATA_GAP) and not self.attachments

    @property
    def satisfied(self) -> bool:
        """Satisfied now: filled online, by data the source returned, or by an upload."""
        return self.e_form or self.data_state == DataState.OK or bool(self.attachments)

    @property
    def upcoming_source_name(self) -> str:
        return registry.source_name(self.upcoming.source) if self.upcoming else ""

    @property
    def document_name(self) -> str:
        if self.replacement is None:
            return ""
        try:
            return document_type(self.replacement.document_type).name
        except UnknownDocumentType:
            return self.replacement.document_type


def dossier_date(dossier: Dossier) -> datetime.date:
    """The day whose rules apply: the submission's, or today's for a draft."""
    return timezone.localdate(dossier.submitted_at or timezone.now())


def _replacement_state(
    replacement: ElectronicReplacement, part: PrefillSource | None
) -> tuple[str, str, datetime.datetime | None]:
    """(DataState, record id, fetch time) of one replacement, from its source's part."""
    if part is None or part.status in (PrefillStatus.PENDING, PrefillStatus.UNAVAILABLE):
        return DataState.TO_VERIFY, "", None
    if part.status == PrefillStatus.NOT_FOUND:
        return DataState.DATA_GAP, "", part.fetched_at
    read = [name for name in replacement.fields if name in part.fields]
    if replacement.fields and not read:
        return DataState.TO_VERIFY, "", None  # the prefill did not ask for these fields
    values = [part.values.get(name) or {} for name in read]
    found = [value for value in values if value.get("value") not in _EMPTY]
    if read and not found:
        # The source answered, but holds nothing of this paper for this person.
        return DataState.DATA_GAP, part.record_id, part.fetched_at
    record_id = next((value.get("record_id") for value in found if value.get("record_id")), "")
    return DataState.OK, record_id or part.record_id, part.fetched_at


_PRECEDENCE = {DataState.OK: 0, DataState.TO_VERIFY: 1, DataState.DATA_GAP: 2}


def components_status(
    *,
    dossier: Dossier,
    parts: dict[str, PrefillSource] | None = None,
    uploads: list[Attachment] | None = None,
    gaps: Iterable[int] | None = None,
    procedure_updated_at: datetime.datetime | None = None,
    verifications: Iterable[ComponentVerification] | None = None,
) -> list[ComponentStatus]:
    """Each component of the dossier's procedure, in order, with how it is
    satisfied and what the applicant must do. At most four small queries,
    whatever the size; none when the caller passes what it read already: the
    prefilled `parts`, the dossier's `uploads` (oldest first), the components
    with a data `gaps` recorded, and the procedure's `procedure_updated_at`
    read afresh (the procedure's components are kept in memory), and its
    `verifications` from the source (one more query unless passed, none for a draft).
    A data gap the official recorded makes the component one to upload."""
    on = dossier_date(dossier)
    components = procedure_components(dossier.procedure_id, updated_at=procedure_updated_at)
    if gaps is None:
        gaps = DataGap.objects.filter(dossier_id=dossier.pk).values_list("component_id", flat=True)
    gaps = set(gaps)
    if parts is None:
        parts = {
            part.source: part
            for part in PrefillSource.objects.filter(snapshot__dossier_id=dossier.pk)
        }
    if uploads is None:
        uploads = list(Attachment.objects.filter(dossier_id=dossier.pk))  # oldest first
    if verifications is None:
        verifications = (
            ComponentVerification.objects.filter(dossier_id=dossier.pk).select_related(
                "verified_by"
            )
            if dossier.status != DossierStatus.DRAFT  # verified only once submitted
            else ()
        )
    verified = {verification.component_id: verification for verification in verifications}
    attachments: dict[int, list[Attachment]] = defaultdict(list)
    for attachment in uploads:
        attachments[attachment.component_id].append(attachment)
    form_code = dossier.form.code if dossier.form_id else None
    open_for_uploads = dossier.status in UPLOAD_STATUSES
    statuses = []
    for component in components:
        in_force = [r for r in component.replacements_all if r.effective_date <= on]
        status = ComponentStatus(
            component=component,
            required=component.requirement == ComponentRequirement.REQUIRED,
            attachments=attachments.get(component.pk, []),
            remove_allowed=dossier.status in REMOVE_STATUSES,
            gap_recorded=component.pk in gaps,
        )
        if form_code and component.form_id and component.form.code == form_code:
            status.e_form = True
        elif in_force:
            _replaced_status(status, in_force, parts, open_for_uploads,
                             verified.get(component.pk))  # fmt: skip
        else:
            status.action = Action.UPLOAD if status.required else Action.OPTIONAL
            status.upload_allowed = open_for_uploads
            # Data will replace it, but not yet: the page says from when.
            status.upcoming = min(component.replacements_all, default=None,
                                  key=lambda r: r.effective_date)  # fmt: skip
        statuses.append(status)
    return statuses


def _replaced_status(
    status: ComponentStatus,
    replacements: list[ElectronicReplacement],
    parts: dict[str, PrefillSource],
    open_for_uploads: bool,
    verification: ComponentVerification | None = None,
) -> None:
    # Data from any replacement satisfies it; a source not heard yet means the
    # official verifies it; only when every source holds nothing is it a data gap.
    candidates = [
        (replacement, *_replacement_state(replacement, parts.get(replacement.source)))
        for replacement in replacements
    ]
    replacement, state, record_id, fetched_at = min(
        candidates, key=lambda candidate: _PRECEDENCE[candidate[1]]
    )
    if state == DataState.TO_VERIFY and verification is not None:
        # What the source said when the official verified it stands for what it had not said.
        replacement = next((r for r in replacements if r.source == verification.source),
                           replacement)  # fmt: skip
        state = DataState.OK if verification.found else DataState.DATA_GAP
        record_id, fetched_at = verification.record_id, verification.fetched_at
        status.verification = verification
    if status.gap_recorded:
        # The official recorded that the source holds nothing or wrong data for this person.
        state = DataState.DATA_GAP
    part = parts.get(replacement.source)
    status.data_state = state
    status.replacement = replacement
    status.source_code = replacement.source
    status.source_name = registry.source_name(replacement.source)
    status.record_id = record_id
    status.fetched_at = fetched_at
    status.source_status = part.status if part else ""
    if state == DataState.DATA_GAP:
        status.action = Action.UPLOAD_DATA_GAP if status.required else Action.OPTIONAL
        status.upload_allowed = open_for_uploads
    else:
        status.action = Action.NOTHING


def missing_uploads(*, dossier: Dossier) -> list[DossierComponent]:
    """Required components the applicant must upload and has not: those data
    does not replace, and data gaps. Submission is refused while any remain."""
    return [status.component for status in components_status(dossier=dossier) if status.missing]


def _evidence(kind: str, *, source: str = "", record_id: str = "",
              fetched_at: datetime.datetime | None = None, note: str = "") -> dict:  # fmt: skip
    return {"kind": kind, "source": source, "record_id": record_id[:64], "fetched_at": fetched_at,
            "note": note[:500]}  # fmt: skip


def _evidence_for(status: ComponentStatus) -> dict | None:
    """The ComponentEvidence values for a component, or None when nothing satisfies it."""
    if status.e_form:
        return None  # filled in online: the form's values are the dossier's own
    document = status.document_name
    files = len(status.attachments)
    verification = status.verification
    if status.data_state == DataState.OK:
        return _evidence(ComponentEvidenceKind.DATA, source=status.source_code,
                         record_id=status.record_id, fetched_at=status.fetched_at,
                         note=_verified_note(document, verification) if verification
                         else document)  # fmt: skip
    if status.data_state == DataState.TO_VERIFY:
        note = _(
            "%(document)s: nguồn chưa trả lời khi nộp, cán bộ xác minh từ nguồn. The source "
            "had not answered at submission; the official verifies it from the source."
        ) % {"document": document}
        return _evidence(ComponentEvidenceKind.DATA, source=status.source_code, note=note)
    if status.data_state == DataState.DATA_GAP and not files and verification:
        return _evidence(ComponentEvidenceKind.DATA_GAP, source=status.source_code,
                         record_id=status.record_id, fetched_at=status.fetched_at,
                         note=_verified_note(document, verification))  # fmt: skip
    if status.data_state == DataState.DATA_GAP and files:
        note = _(
            "%(document)s: nguồn không có dữ liệu của người này; người nộp đã tải lên %(files)d "
            "tệp. The source holds no record of this for the person; the applicant uploaded "
            "%(files)d file(s)."
        ) % {"document": document, "files": files}
        return _evidence(ComponentEvidenceKind.DATA_GAP, source=status.source_code,
                         record_id=status.record_id, fetched_at=status.fetched_at,
                         note=note)  # fmt: skip
    if files:
        return _evidence(ComponentEvidenceKind.UPLOAD)
    if status.required:
        return None  # missing: submission is refused before anything is recorded
    # A conditional component left out: its condition does not apply to the applicant.
    return _evidence(ComponentEvidenceKind.NOT_APPLICABLE, source=status.source_code,
                     note=status.component.condition)  # fmt: skip


def _verified_note(document: str, verification: ComponentVerification) -> str:
    """Who verified the component from its source, when, and what it held."""
    named = {
        "document": document,
        "official": verification.verified_by.full_name,
        "at": timezone.localtime(verification.verified_at).strftime("%d/%m/%Y %H:%M"),
    }
    if verification.found:
        note = _(
            "%(document)s: cán bộ %(official)s đã xác minh từ nguồn lúc %(at)s, nguồn có dữ "
            "liệu. Verified from the source by %(official)s on %(at)s: the source holds the data."
        )
    else:
        note = _(
            "%(document)s: cán bộ %(official)s đã xác minh từ nguồn lúc %(at)s, nguồn không có "
            "dữ liệu của người này. Verified from the source by %(official)s on %(at)s: the "
            "source holds nothing of this for the person."
        )
    return note % named


_EVIDENCE_FIELDS = ["kind", "source", "record_id", "fetched_at", "note"]


# No savepoint: every caller runs it inside its own transaction and lets its
# errors end that transaction; called alone, it is a transaction of its own.
@transaction.atomic(savepoint=False)
def component_evidence_record(
    *,
    dossier: Dossier,
    statuses: list[ComponentStatus] | None = None,
    recorded: list[ComponentEvidence] | None = None,
) -> list[ComponentEvidence]:
    """Write how each component is satisfied, at submission (and resubmission),
    and return the rows in the components' order. The caller may pass what it
    read already: the `statuses`, and the evidence `recorded` before (none, for
    a first submission). Idempotent: a repeated call changes nothing. A
    component newly recorded as a data gap is also recorded once as a
    compliance event, for the dashboards."""
    if statuses is None:
        statuses = components_status(dossier=dossier)
    wanted: dict[int, dict] = {}
    for status in statuses:
        values = _evidence_for(status)
        if values is not None:
            wanted[status.component.pk] = values
    if recorded is None:
        recorded = list(ComponentEvidence.objects.filter(dossier=dossier))
    existing = {row.component_id: row for row in recorded}
    stale = [row.pk for component_id, row in existing.items() if component_id not in wanted]
    if stale:
        ComponentEvidence.objects.filter(pk__in=stale).delete()
    now = timezone.now()
    rows, created, changed, new_gaps = [], [], [], []
    for component_id, values in wanted.items():
        row = existing.get(component_id)
        if row is None:
            row = ComponentEvidence(dossier=dossier, component_id=component_id, **values)
            created.append(row)
            was_gap = False
        elif any(getattr(row, name) != values[name] for name in _EVIDENCE_FIELDS):
            was_gap = row.kind == ComponentEvidenceKind.DATA_GAP
            for name, value in values.items():
                setattr(row, name, value)
            row.recorded_at = now
            changed.append(row)
        else:
            rows.append(row)  # unchanged
            continue
        rows.append(row)
        if row.kind == ComponentEvidenceKind.DATA_GAP and not was_gap:
            new_gaps.append(row)
    ComponentEvidence.objects.bulk_create(created)
    if changed:
        ComponentEvidence.objects.bulk_update(changed, [*_EVIDENCE_FIELDS, "recorded_at"])
    if new_gaps:
        _data_gaps_record(dossier, new_gaps)
    return rows  # in the order of the statuses: the components' order


def _data_gaps_record(dossier: Dossier, gaps: list[ComponentEvidence]) -> None:
    # Counted against the receiving unit, whose dashboards show data gaps apart
    # from re-provide attempts (the applicant who uploaded has no unit). A gap
    # the official recorded was counted then, not again.
    recorded = set(DataGap.objects.filter(dossier=dossier).values_list("component_id", flat=True))
    gaps = [row for row in gaps if row.component_id not in recorded]
    ComplianceEvent.objects.bulk_create(
        ComplianceEvent(
            kind=ComplianceEventKind.DATA_GAP_RECORDED, actor_id=dossier.applicant_id,
            agency_id=dossier.agency_id, reference=dossier.reference,
            detail={"dossier": dossier.pk, "component": row.component_id, "source": row.source,
                    "recorded_by": "applicant"},
        )
        for row in gaps
    )  # fmt: skip
