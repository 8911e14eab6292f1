"""The data gap at the counter: a walk-in citizen for whom a source returned
nothing, or wrong data. The official records it on the counter draft, with
the evidence, while the citizen is at the desk; that opens the correction
request to the database owner at the same time (as a gap recorded online
does), and it is counted apart, as DATA_GAP_RECORDED from the counter.

It is the one lawful exception to the once-only rule: only a component whose
gap is recorded is seen on paper at the desk. A component the source answered
for, or has not answered for yet, is never asked for."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dossiers.counter import CounterRefused
from dossiers.data_gaps import data_gap_evidence_too_long, data_gap_open
from dossiers.evidence import DataState, components_status, dossier_date
from dossiers.models import Channel, DataGap, Dossier, DossierStatus
from dossiers.states import official_check
from portal.accounts.models import User
from procedures.models import DossierComponent, ElectronicReplacement

# The source answered (with data the citizen shows to be wrong, or with nothing).
_ANSWERED = frozenset({DataState.OK, DataState.DATA_GAP})


def _counter_draft_check(dossier: Dossier, by: User) -> None:
    official_check(dossier=dossier, by=by, refusal=CounterRefused)
    if (
        dossier.channel != Channel.COUNTER
        or dossier.status != DossierStatus.DRAFT
        or dossier.counter_consent_at is None
    ):
        raise CounterRefused(
            _(
                "Chỉ ghi nhận tại quầy cho hồ sơ đang tiếp nhận, có sự đồng ý của công dân. "
                "Only for a counter dossier being taken, with the citizen's consent."
            )
        )


def counter_data_gap_record(
    *, dossier: Dossier, component: DossierComponent, by: User, evidence: str
) -> DataGap:
    """Record, at the desk, that the source replacing `component` returned
    nothing or wrong data for this citizen, with the evidence; opens the
    correction request to the owner for each replacing field (joining one
    already open) and counts it apart. Idempotent: a gap already recorded is
    returned. Raises CounterRefused (not the unit's official, not a counter
    draft, a component not of the procedure or not replaced by data, a source
    that has not answered yet, no evidence or too long a one) and the lookup's DataAccessError."""
    _counter_draft_check(dossier, by)
    existing = DataGap.objects.filter(dossier=dossier, component=component).first()
    if existing is not None:
        return existing
    status = next(
        (s for s in components_status(dossier=dossier) if s.component.pk == component.pk), None
    )
    if status is None:
        raise CounterRefused(
            _(
                "Giấy tờ này không thuộc thủ tục của hồ sơ. "
                "This document is not part of the dossier's procedure."
            )
        )
    if not status.replaced:
        raise CounterRefused(
            _(
                "“%(component)s” không được thay thế bằng dữ liệu điện tử: không có gì để ghi "
                "nhận. “%(component)s” is not replaced by electronic data: there is no data "
                "gap to record."
            )
            % {"component": component.name}
        )
    if status.data_state not in _ANSWERED:
        raise CounterRefused(
            _(
                "Nguồn dữ liệu chưa trả lời: hãy đọc lại nguồn trước khi ghi nhận thiếu dữ liệu. "
                "The source has not answered: read it again before recording a data gap."
            )
        )
    evidence = (evidence or "").strip()
    if not evidence:
        raise CounterRefused(
            _(
                "Cần nêu bằng chứng: nguồn trả về gì, hoặc không trả về gì. "
                "The evidence is required: what the source returned, or that it returned nothing."
            )
        )
    if too_long := data_gap_evidence_too_long(evidence):
        raise CounterRefused(too_long)
    replacements = ElectronicReplacement.objects.filter(
        component=component, source=status.source_code, effective_date__lte=dossier_date(dossier)
    ).order_by("document_type")
    return data_gap_open(dossier=dossier, component=component, source=status.source_code,
                         replacements=replacements, by=by, evidence=evidence,
                         channel=Channel.COUNTER)  # fmt: skip
