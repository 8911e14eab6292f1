"""The supplement request (yêu cầu bổ sung, hoàn thiện hồ sơ) under the
once-only rule, and the data gap, its one lawful exception.

An official may ask the applicant, once per dossier and for every missing item
at once, for components of the dossier's procedure. A component that
electronic data replaces is never asked for: the attempt is refused with
ReplacedByData and recorded as a REPROVIDE_REFUSED compliance event, which
stays recorded although nothing else happens. The exception is a data gap the
official records with the evidence (the source returned nothing, or wrong
data, for this subject): it opens the correction request to the database
owner at the same time and is counted apart, as DATA_GAP_RECORDED."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from datasources.corrections import correction_flag
from datasources.models import CorrectionRequest
from dossiers.evidence import components_status, dossier_date
from dossiers.exceptions import (
    DossierError,
    ReplacedByData,
    SupplementAlreadyRequested,
    TransitionRefused,
)
from dossiers.models import (
    Attachment,
    DataGap,
    Dossier,
    DossierStatus,
    SupplementRequest,
)
from dossiers.purposes import dossier_data_subject, dossier_purpose
from dossiers.stale_pages import SeenState, dossier_unchanged_check
from dossiers.states import Actor, actor_kind, supplement_asked_from, transition
from portal.accounts.models import User
from portal.audit.models import ComplianceEventKind
from portal.audit.services import compliance_event_record
from portal.core.both_languages import choice_in_both_languages
from portal.core.working_days import due_date, received_on, working_days_add, working_days_between
from portal.notifications.services import notify
from procedures.models import DossierComponent, ElectronicReplacement

logger = logging.getLogger(__name__)

# A data gap is recorded while the dossier is with the unit, before its one supplement request.
DATA_GAP_STATUSES = frozenset(
    {DossierStatus.SUBMITTED, DossierStatus.RECEIVED, DossierStatus.IN_PROCESSING}
)

# The longest evidence a data gap keeps, online and at the desk (the pages' text boxes say so too).
EVIDENCE_MAX_LENGTH = 2000


def _official_check(dossier: Dossier, by: User) -> None:
    if actor_kind(dossier=dossier, user=by) != Actor.OFFICIAL:
        raise DossierError(
            _(
                "Chỉ cán bộ của đơn vị tiếp nhận hồ sơ được làm việc này. "
                "Only an official of the receiving unit may do this."
            )
        )


def _replacements_in_force(
    dossier: Dossier, components: Iterable[DossierComponent]
) -> dict[int, list[ElectronicReplacement]]:
    """Component pk → its replacements in force on the dossier's date."""
    replaced: dict[int, list[ElectronicReplacement]] = {}
    for replacement in ElectronicReplacement.objects.filter(
        component__in=[component.pk for component in components],
        effective_date__lte=dossier_date(dossier),
    ).order_by("component_id", "document_type"):
        replaced.setdefault(replacement.component_id, []).append(replacement)
    return replaced


def _names(components: Iterable[DossierComponent]) -> str:
    return "; ".join(component.name for component in components)


# Data gaps.


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
    _official_check(dossier, by)
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
    replacements = _replacements_in_force(dossier, [component]).get(component.pk)
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
        correction_flag(source=replacement.source, subject=dossier_data_subject(dossier),
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


# The supplement request.


def _once_only_check(dossier: Dossier, by: User, components: list[DossierComponent]) -> None:
    """Raises ReplacedByData, after recording the attempt, for any component
    data replaces that has no recorded data gap."""
    replaced = _replacements_in_force(dossier, components)
    if not replaced:
        return
    gaps = set(
        DataGap.objects.filter(dossier=dossier, component__in=list(replaced)).values_list(
            "component_id", flat=True
        )
    )
    refused = [c for c in components if c.pk in replaced and c.pk not in gaps]
    if not refused:
        return
    # Recorded before the refusal is raised, outside any transaction of the
    # request: the attempt is counted although nothing else happens.
    compliance_event_record(
        kind=ComplianceEventKind.REPROVIDE_REFUSED, actor=by, reference=dossier.reference,
        detail={"dossier": dossier.pk, "components": [c.pk for c in refused],
                "sources": sorted({r.source for c in refused for r in replaced[c.pk]})},
    )  # fmt: skip
    logger.warning(
        "Re-provide request refused: dossier %s, components %s, by user %s",
        dossier.pk, [c.pk for c in refused], by.pk,
    )  # fmt: skip
    raise ReplacedByData(
        _(
            "Không được yêu cầu người nộp cung cấp lại giấy tờ đã được thay thế bằng dữ liệu "
            "điện tử: %(components)s. Nếu nguồn không có hoặc sai dữ liệu của người này, hãy "
            "ghi nhận thiếu dữ liệu kèm bằng chứng trước. The applicant may not be asked again "
            "for what electronic data replaces: %(components)s. If the source holds nothing or "
            "wrong data for this person, record a data gap with the evidence first."
        )
        % {"components": _names(refused)},
        components=refused,
    )


def supplement_request(
    *, dossier: Dossier, by: User, components: list[DossierComponent], reason: str,
    seen: SeenState | None = None,
) -> SupplementRequest:  # fmt: skip
    """Ask the applicant, once per dossier, for every missing item at once.
    Raises ReplacedByData for any component electronic data replaces without
    a recorded data gap (the once-only rule; the attempt stays recorded as a
    compliance event), DossierError when the official is not of the unit, a
    component is not of the procedure, nothing is asked or no reason is
    given; SupplementAlreadyRequested when it was already made,
    TransitionRefused when the dossier's status does not allow it, and
    DossierChanged when it is no longer as `seen` (the page's view of it)."""
    components = supplement_request_check(
        dossier=dossier, by=by, components=components, reason=reason
    )
    return _supplement_request_save(
        dossier=dossier, by=by, components=components, reason=reason.strip(), seen=seen
    )


def supplement_request_check(
    *, dossier: Dossier, by: User, components: list[DossierComponent], reason: str
) -> list[DossierComponent]:
    """What supplement_request checks of the request itself before making it,
    for a page that asks the official to confirm it first: the components
    asked, each once. Raises ReplacedByData (the attempt recorded) and
    DossierError as supplement_request does; the dossier's state is checked
    only when the request is made."""
    _official_check(dossier, by)
    components = list({component.pk: component for component in components}.values())
    if not components:
        raise DossierError(
            _("Hãy chọn các giấy tờ cần bổ sung. Choose the documents the applicant must provide.")
        )
    foreign = [c for c in components if c.procedure_id != dossier.procedure_id]
    if foreign:
        raise DossierError(
            _(
                "Giấy tờ không thuộc thủ tục của hồ sơ: %(components)s. "
                "Not part of the dossier's procedure: %(components)s."
            )
            % {"components": _names(foreign)}
        )
    if not (reason or "").strip():
        raise DossierError(_("Cần nêu lý do. A reason is required."))
    _once_only_check(dossier, by, components)
    return components


@transaction.atomic
def _supplement_request_save(
    *, dossier: Dossier, by: User, components: list[DossierComponent], reason: str,
    seen: SeenState | None,
) -> SupplementRequest:  # fmt: skip
    dossier_unchanged_check(dossier=dossier, seen=seen)
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure")
        .get(pk=dossier.pk)
    )
    if SupplementRequest.objects.filter(dossier=locked).exists():
        raise SupplementAlreadyRequested(
            _(
                "Hồ sơ này đã được yêu cầu bổ sung một lần: mọi giấy tờ còn thiếu phải được nêu "
                "trong cùng một yêu cầu. A supplement was already requested for this dossier: "
                "every missing item is asked for at once, in one request."
            )
        )
    transition(dossier=locked, action="request_supplement", by=by, reason=reason)
    dossier.status = locked.status
    supplement = SupplementRequest.objects.create(dossier=locked, requested_by=by, reason=reason)
    supplement.components.set(components)
    ordered = sorted(components, key=lambda c: (c.position, c.pk))
    items = "\n".join(f"{number}. {c.name}" for number, c in enumerate(ordered, start=1))
    notify(
        user=locked.applicant,
        title=_(
            "Hồ sơ %(reference)s cần bổ sung giấy tờ. Dossier %(reference)s needs more documents."
        )
        % {"reference": locked.reference},  # fmt: skip
        body=_("Lý do / Reason: %(reason)s\nCần bổ sung / To provide:\n%(items)s")
        % {"reason": reason, "items": items},
        url=reverse("dossiers:supplement", args=[locked.pk]),
    )
    return supplement


# The applicant's answer.


@dataclass(frozen=True)
class AskedItem:
    component: DossierComponent
    uploads: int  # files uploaded for it since the request
    paper_seen: bool = False  # its paper seen at the desk, no copy kept

    @property
    def answered(self) -> bool:
        return self.uploads > 0 or self.paper_seen


def supplement_open(*, dossier: Dossier) -> SupplementRequest | None:
    """The dossier's supplement request not yet answered, if any."""
    return (
        SupplementRequest.objects.filter(dossier=dossier, answered_at__isnull=True)
        .select_related("requested_by")
        .first()
    )


def supplement_items(*, supplement: SupplementRequest) -> list[AskedItem]:
    """Each component asked for, with the files uploaded for it since the request."""
    counts: dict[int, int] = {}
    for component_id in Attachment.objects.filter(
        dossier_id=supplement.dossier_id, uploaded_at__gte=supplement.created_at
    ).values_list("component_id", flat=True):
        counts[component_id] = counts.get(component_id, 0) + 1
    # Papers are seen only at the desk: no query for a request answered online or still open.
    seen = (
        set(supplement.papers_seen.values_list("pk", flat=True))
        if supplement.received_by_id
        else set()
    )
    return [
        AskedItem(component=component, uploads=counts.get(component.pk, 0),
                  paper_seen=component.pk in seen)
        for component in supplement.components.order_by("position", "id")
    ]  # fmt: skip


@transaction.atomic
def supplement_answer(*, dossier: Dossier, by: User) -> SupplementRequest:
    """The applicant, having uploaded every item asked for, sends the dossier
    back where the request found it: to processing (status 4 again), its due
    date moved by the time the request waited for them; or, asked for before
    reception, to be received (status 1 again), due as if submitted now. Both
    the applicant and the official who asked are told. Raises DossierError
    when not the applicant or an item has no new upload; TransitionRefused
    when nothing is asked or the status does not allow it."""
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure")
        .get(pk=dossier.pk)
    )
    if locked.applicant_id != by.pk:
        raise DossierError(
            _("Chỉ người nộp hồ sơ được làm việc này. Only the applicant may do this.")
        )
    supplement = supplement_open(dossier=locked)
    if supplement is None or locked.status != DossierStatus.SUPPLEMENT_REQUESTED:
        # The dossier's state, not the input, refuses it (a 409 over the API).
        raise TransitionRefused(
            _("Hồ sơ không có yêu cầu bổ sung nào đang chờ. No supplement request is waiting.")
        )
    missing = [item.component for item in supplement_items(supplement=supplement)
               if not item.answered]  # fmt: skip
    if missing:
        raise DossierError(
            _(
                "Hãy tải lên trước khi gửi lại: %(components)s. Upload these before sending the "
                "dossier back: %(components)s."
            )
            % {"components": _names(missing)}  # fmt: skip
        )
    supplement_complete(dossier=dossier, locked=locked, supplement=supplement, by=by)
    return supplement


# What the event of a completion brought to the desk says, for the history and the national portal.
RECEIVED_AT_DESK_NOTE = "Nhận hồ sơ bổ sung tại Bộ phận tiếp nhận và trả kết quả"


def supplement_complete(
    *, dossier: Dossier, locked: Dossier, supplement: SupplementRequest, by: User,
    at_desk: bool = False,
) -> None:  # fmt: skip
    """Send the completed dossier back where the request found it, `locked`
    (the caller's row lock) and `dossier` (the caller's copy) both moved: its
    due date counted again or moved, the request answered, the evidence
    recorded, the applicant and the official who asked told. The caller
    checked that every item asked is answered; `at_desk`, the official `by`
    received it at the one-stop desk on the applicant's behalf."""
    before_reception = supplement_asked_from(locked) == DossierStatus.SUBMITTED
    now = timezone.now()
    changes = {}
    # The time the applicant took is not the unit's (Decree 61/2018). Complete
    # only now, a dossier not yet received is due as one submitted now (its
    # reception keeps that date, as for any online dossier); one being
    # processed has its date moved by the working days the request waited.
    if before_reception:
        changes["due_date"] = due_date(now, locked.procedure.processing_days)
    elif locked.due_date is not None:
        waited = supplement_waited_days(supplement=supplement, answered_at=now)
        changes["due_date"] = working_days_add(locked.due_date, waited)
    action = "resubmit_for_reception" if before_reception else "resubmit"
    note = RECEIVED_AT_DESK_NOTE if at_desk else ""
    transition(dossier=locked, action=action, by=by, reason=note, **changes)
    dossier.status, dossier.due_date = locked.status, locked.due_date
    supplement.answered_at = now
    fields = ["answered_at"]
    if at_desk:
        supplement.received_by = by
        fields.append("received_by")
    supplement.save(update_fields=fields)
    from dossiers.counter import evidence_with_papers_record

    evidence_with_papers_record(
        dossier=locked,
        seen_now=set(supplement.papers_seen.values_list("pk", flat=True)) if at_desk else set(),
    )
    if supplement.requested_by_id != by.pk:
        notify(
            user=supplement.requested_by,
            title=_("Hồ sơ %(reference)s đã được bổ sung. Dossier %(reference)s was supplemented.")
            % {"reference": locked.reference},
            url=reverse("workspace:dossier", kwargs={"pk": locked.pk}),
        )
    if at_desk:
        title = _(
            "Đã nhận hồ sơ bổ sung %(reference)s tại Bộ phận tiếp nhận và trả kết quả. The "
            "supplement to dossier %(reference)s was received at the one-stop desk."
        )
    else:
        title = _("Đã gửi lại hồ sơ %(reference)s. Dossier %(reference)s was sent back.")
    notify(
        user=locked.applicant,
        title=title % {"reference": locked.reference},
        body=supplement_answered_notice(dossier=locked),
        url=reverse("dossiers:track", kwargs={"pk": locked.pk}),
    )


def supplement_waited_days(*, supplement: SupplementRequest,
                           answered_at: datetime.datetime) -> int:  # fmt: skip
    """The working days the request, asked in processing, held the dossier:
    the days after the request's up to the day the answer counts as received
    (after the cut-off or on a day off, the next working day). A due date
    moves by them."""
    return working_days_between(timezone.localdate(supplement.created_at), received_on(answered_at))


def supplement_answered_notice(*, dossier: Dossier) -> str:
    """What the applicant is told once the completed dossier is back with the
    unit: whether it waits for reception or goes on in processing, and when
    the result is due."""
    if dossier.status == DossierStatus.SUBMITTED:
        notice = _(
            "Hồ sơ %(reference)s đã được bổ sung và đang chờ đơn vị tiếp nhận. "
            "Dossier %(reference)s was completed and waits to be received by the unit."
        )
    else:
        notice = _(
            "Hồ sơ %(reference)s đã được bổ sung và được đơn vị tiếp tục xử lý. "
            "Dossier %(reference)s was completed and the unit goes on processing it."
        )
    notice %= {"reference": dossier.reference}
    if dossier.due_date is None:
        return notice
    appointment = _("Ngày hẹn trả kết quả: %(date)s. Appointment date: %(date)s.") % {
        "date": dossier.due_date.strftime("%d/%m/%Y")
    }
    return f"{notice} {appointment}"


def lawful_choices(*, dossier: Dossier) -> tuple[list, list]:
    """What the panel may offer: (components that may be asked for, replaced
    components whose data gap may still be recorded). A component data
    replaces is offered only once its data gap is recorded; the e-form filled
    in online is never asked for."""
    gaps = set(DataGap.objects.filter(dossier=dossier).values_list("component_id", flat=True))
    askable, gap_candidates = [], []
    for status in components_status(dossier=dossier):
        if status.e_form:
            continue
        if not status.replaced or status.component.pk in gaps:
            askable.append(status)
        else:
            gap_candidates.append(status)
    return askable, gap_candidates
