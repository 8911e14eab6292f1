"""The data gap (thiếu dữ liệu), the one lawful exception to the once-only
rule: an official records, with the evidence, that the source replacing a
component returned nothing, or wrong data, for this dossier's subject. It
opens the correction request to the database owner at the same time and is
counted apart, as DATA_GAP_RECORDED; the component may then be asked for in
the supplement request (dossiers.supplement_requests)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from datasources.corrections import correction_flag
from datasources.models import CorrectionRequest
from dossiers.evidence import dossier_date
from dossiers.exceptions import DossierError, TransitionRefused
from dossiers.models import DataGap, Dossier, DossierStatus
from dossiers.prefill_subjects import part_read
from dossiers.purposes import dossier_purpose
from dossiers.states import official_check
from portal.accounts.models import User
from portal.audit.models import ComplianceEventKind
from portal.audit.services import compliance_event_record
from portal.core.both_languages import choice_in_both_languages
from procedures.models import DossierComponent, ElectronicReplacement

# A data gap is recorded while the dossier is with the unit, before its one supplement request.
DATA_GAP_STATUSES = frozenset(
    {DossierStatus.SUBMITTED, DossierStatus.RECEIVED, DossierStatus.IN_PROCESSING}
)

# The longest evidence a data gap keeps, online and at the desk (the pages' text boxes say so too).
EVIDENCE_MAX_LENGTH = 2000


def replacements_in_force(
    *, dossier: Dossier, components: Iterable[DossierComponent]
) -> dict[int, list[ElectronicReplacement]]:
    """Component pk → its replacements in force on the dossier's date."""
    replaced: dict[int, list[ElectronicReplacement]] = {}
    for replacement in ElectronicReplacement.objects.filter(
        component__in=[component.pk for component in components],
        effective_date__lte=dossier_date(dossier),
    ).order_by("component_id", "document_type"):
        replaced.setdefault(replacement.component_id, []).append(replacement)
    return replaced


def data_gap_evidence_too_long(evidence: str) -> str | None:
    """The refusal for evidence longer than EVIDENCE_MAX_LENGTH, else None. A
    line break counts once, as the browser counts it under the text box's maxlength."""
    if len(evidence.replace("\r\n", "\n")) <= EVIDENCE_MAX_LENGTH:
        return None
    return _(
        "Bằng chứng dài quá %(limit)d ký tự: hãy rút gọn. "
        "The evidence is longer than %(limit)d characters: shorten it."
    ) % {"limit": EVIDENCE_MAX_LENGTH}


def data_gap_record(
    *, dossier: Dossier, component: DossierComponent, by: User, evidence: str
) -> DataGap:
    """Record that the source replacing `component` returned nothing or wrong
    data for this dossier's subject, with the evidence. Opens the correction
    request to the source's owner for each replacing field at once (joining
    one already open) and links it; records a DATA_GAP_RECORDED compliance
    event. Idempotent: a gap already recorded is returned unchanged. Raises
    TransitionRefused in a status that does not allow it, DossierError (not an
    official of the unit, a component not replaced by data or not of the
    procedure, no evidence) and the lookup's
    DataAccessError when the source's value cannot be read for the correction."""
    official_check(dossier=dossier, by=by)
    existing = DataGap.objects.filter(dossier=dossier, component=component).first()
    if existing is not None:
        return existing
    if dossier.status not in DATA_GAP_STATUSES:
        raise TransitionRefused(
            _(
                "Hồ sơ đang ở trạng thái “%(status_vi)s”, không thể ghi nhận thiếu dữ liệu. "
                "The dossier is “%(status_en)s”; a data gap cannot be recorded now."
            )
            % choice_in_both_languages(DossierStatus, dossier.status, "status")
        )
    if component.procedure_id != dossier.procedure_id:
        raise DossierError(
            _(
                "Giấy tờ này không thuộc thủ tục của hồ sơ. "
                "This document is not part of the dossier's procedure."
            )
        )
    replacements = replacements_in_force(dossier=dossier, components=[component]).get(component.pk)
    if not replacements:
        raise DossierError(
            _(
                "“%(component)s” không được thay thế bằng dữ liệu điện tử: không có gì để ghi "
                "nhận. “%(component)s” is not replaced by electronic data: there is no data "
                "gap to record."
            )
            % {"component": component.name}
        )
    evidence = (evidence or "").strip()
    if not evidence:
        raise DossierError(
            _(
                "Cần nêu bằng chứng: nguồn trả về gì, hoặc không trả về gì. "
                "The evidence is required: what the source returned, or that it returned nothing."
            )
        )
    if too_long := data_gap_evidence_too_long(evidence):
        raise DossierError(too_long)
    return data_gap_open(dossier=dossier, component=component, source=replacements[0].source,
                         replacements=replacements, by=by, evidence=evidence)  # fmt: skip


def data_gap_open(
    *, dossier: Dossier, component: DossierComponent, source: str,
    replacements: Iterable[ElectronicReplacement], by: User, evidence: str, channel: str = "",
) -> DataGap:  # fmt: skip
    """Record the gap the caller checked, with the correction request to the
    owner for each replacing field (joining one already open), and count it as
    a DATA_GAP_RECORDED compliance event (`channel` says where, when not online).
    A gap recorded at the same moment by someone else stands; it is returned."""
    # The correction requests go out first, outside the gap's transaction: each
    # reads the value as the source holds it, and that access is logged whatever follows.
    purpose = dossier_purpose(dossier)
    requests: list[CorrectionRequest] = [
        correction_flag(source=replacement.source,
                        subject=part_read(dossier, replacement.source)[1],
                        field=field, by=by, purpose=purpose, note=evidence[:1000])
        for replacement in replacements
        for field in replacement.fields
    ]  # fmt: skip
    detail = {"dossier": dossier.pk, "component": component.pk, "source": source,
              "correction_requests": [request.pk for request in requests],
              "recorded_by": "official"}  # fmt: skip
    if channel:
        detail["channel"] = channel
    try:
        with transaction.atomic():
            gap = DataGap.objects.create(
                dossier=dossier, component=component, source=source, evidence=evidence,
                recorded_by=by, correction_request=requests[0] if requests else None,
            )  # fmt: skip
            compliance_event_record(
                kind=ComplianceEventKind.DATA_GAP_RECORDED,
                actor=by,
                reference=dossier.reference,
                detail=detail,
            )
    except IntegrityError:
        return DataGap.objects.get(dossier=dossier, component=component)
    return gap
