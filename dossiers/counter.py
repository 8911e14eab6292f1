"""Counter intake (tiếp nhận hồ sơ trực tiếp tại Bộ phận một cửa): an official
receives a walk-in citizen by their personal ID number alone. With the
citizen's consent recorded, the draft is prefilled from the same sources as
online (the official is the one who reads them, for the dossier of their
unit, and the access log names them), the official types only what no
source holds and submits on the citizen's behalf. No photocopy is asked for
a component that data replaces; other papers are seen at the desk."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.codes import dossier_code_issue
from dossiers.concerned import (
    ConcernedPersonRefused,
    ConcernedStatement,
    concerned_person_check,
    concerned_person_record,
)
from dossiers.counter_notices import counter_data_read_notify
from dossiers.exceptions import DossierError
from dossiers.models import (
    ENTERPRISE_CODE_PATTERN,
    ActingBasis,
    Channel,
    ComponentEvidence,
    ComponentEvidenceKind,
    DataGap,
    Dossier,
    DossierStatus,
    PrefillSource,
)
from dossiers.prefill import prefill_overdue_close
from dossiers.representation import procedure_for_business, represented_enterprises
from dossiers.result_delivery import DeliveryRequest, delivery_fields
from dossiers.selectors import dossiers_visible_to
from dossiers.services import (
    _draft_check,
    _posted_values_check,
    _submitted_notify,
    dossier_draft_start,
)
from dossiers.states import Actor, actor_kind, transition
from portal.accounts.models import Role, User, personal_id_validator
from portal.core.vietnamese import vietnamese_order
from portal.core.working_days import due_date
from procedures.models import Procedure

COUNTER_ROLES = frozenset({Role.OFFICIAL, Role.LEADER})
PAPER_SEEN = "Bản giấy xuất trình tại quầy, không thu bản sao"
DATA_GAP_NOTE = "nguồn dữ liệu không có thông tin của người này"
GAP_RECORDED_NOTE = (
    "thiếu dữ liệu đã ghi nhận kèm bằng chứng, "
    "đã gửi yêu cầu điều chỉnh đến cơ quan quản lý dữ liệu"
)


class CounterRefused(DossierError):
    """The counter intake cannot go on: no consent, a malformed ID, a procedure
    the official's unit does not handle, an official who may not act, or a
    citizen the business register does not list as the enterprise's representative.
    `field` names the intake form's field the refusal is about, when it is about one."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class RegisterUnavailable(CounterRefused):
    """The business register could not be read to establish the right to act for
    the enterprise: nothing is refused for good, try again later."""


def counter_procedures(*, official: User) -> QuerySet[Procedure]:
    """The active procedures the official's own unit handles."""
    if official.agency_id is None:
        return Procedure.objects.none()
    kind = official.agency.kind
    # agency_kinds is a JSON list; SQLite has no JSON containment lookup.
    handled = [
        pk for pk, kinds in Procedure.objects.filter(active=True).values_list("pk", "agency_kinds")
        if kind in (kinds or [])
    ]  # fmt: skip
    # By sector, then by name, as a Vietnamese dictionary orders them (Đ after D).
    return (
        Procedure.objects.filter(pk__in=handled)
        .select_related("sector")
        .order_by(vietnamese_order("sector__name"), "sector_id", vietnamese_order("name"), "id")
    )


def counter_fee_vnd(procedure: Procedure) -> int:
    """The fee a dossier taken at the desk owes: the counter rate, which the
    online rate may undercut (Procedure.online_fee_vnd is the citizen's online)."""
    return procedure.fee_vnd


def _desk_dossiers(*, user: User) -> QuerySet[Dossier]:
    """The dossiers of the user's own unit (`acts_for_unit` as a query): its desk
    is theirs, never the desk of a unit below theirs."""
    return dossiers_visible_to(user=user).filter(agency_id=user.agency_id)


def counter_drafts(*, user: User) -> QuerySet[Dossier]:
    """Drafts taken at the counter of the user's unit, not yet submitted."""
    return _desk_dossiers(user=user).filter(channel=Channel.COUNTER, status=DossierStatus.DRAFT)


def counter_fees_due(*, user: User) -> QuerySet[Dossier]:
    """Dossiers of the user's unit waiting for their fee, which the desk may take."""
    return (
        _desk_dossiers(user=user)
        .filter(status=DossierStatus.FINANCIAL_OBLIGATION, fee_vnd__gt=0)
        .select_related("procedure", "applicant")
        .order_by("submitted_at", "id")
    )


def counter_fees_no_longer_due(*, user: User) -> QuerySet[Dossier]:
    """Dossiers of the user's unit with a fee they no longer wait for: where the
    desk's fee page is sent again (a second press of "Record the payment")."""
    return (
        _desk_dossiers(user=user)
        .filter(fee_vnd__gt=0, submitted_at__isnull=False)
        .exclude(status=DossierStatus.FINANCIAL_OBLIGATION)
    )


def _citizen_for(personal_id: str) -> User:
    """The citizen's account, found by personal ID, or a new one not saved yet
    (no password: they log in with VNeID later, and find the dossier there)."""
    citizen = User.objects.filter(personal_id=personal_id).first()
    if citizen is None:
        citizen = User(username=personal_id, personal_id=personal_id, role=Role.CITIZEN)
        citizen.set_unusable_password()
        return citizen
    if citizen.role != Role.CITIZEN:
        raise CounterRefused(
            _("Số định danh này thuộc tài khoản cán bộ. This ID belongs to a staff account.")
        )
    return citizen


def _representative_check(*, official: User, citizen: User, procedure: Procedure,
                          enterprise_code: str) -> None:  # fmt: skip
    """Raises CounterRefused (RegisterUnavailable when the register cannot be
    read) unless the business register lists the citizen as the enterprise's
    legal representative. The official reads it for the consenting citizen,
    before anything is created, so the access log keeps the read when refused."""
    if not procedure_for_business(procedure):
        raise CounterRefused(
            _("Thủ tục này dành cho cá nhân, không làm cho doanh nghiệp: để trống mã số doanh "
              "nghiệp. This procedure is for individuals, not done for a business: leave the "
              "enterprise code empty."),
            field="enterprise_code",
        )  # fmt: skip
    if not re.fullmatch(ENTERPRISE_CODE_PATTERN, enterprise_code):
        raise CounterRefused(
            _("Mã số doanh nghiệp gồm 10 chữ số. An enterprise code has 10 digits."),
            field="enterprise_code",
        )
    enterprises = represented_enterprises(applicant=citizen, agency=official.agency,
                                          reader=official)  # fmt: skip
    if enterprises is None:
        raise RegisterUnavailable(
            _("Chưa đọc được CSDL quốc gia về đăng ký doanh nghiệp để xác minh; vui lòng thử "
              "lại sau. The National Business Registration Database could not be read to "
              "verify this; please try again later.")
        )  # fmt: skip
    if not any(e["enterprise_code"] == enterprise_code for e in enterprises):
        raise CounterRefused(
            _("Theo CSDL quốc gia về đăng ký doanh nghiệp, người này không phải là người đại "
              "diện theo pháp luật của doanh nghiệp này. The National Business Registration "
              "Database does not list this person as this enterprise's legal representative."),
            field="enterprise_code",
        )  # fmt: skip


def counter_intake_start(*, official: User, personal_id: str, procedure: Procedure,
                         consent: bool, enterprise_code: str = "",
                         deceased: ConcernedStatement | None = None) -> Dossier:  # fmt: skip
    """A counter draft for the citizen with this personal ID at the official's
    unit, its consent time recorded, its prefill read by the official once
    committed, the citizen told of the reading if they have an account
    (dossiers.counter_notices); with an enterprise code, for the enterprise
    the citizen legally represents (a business procedure); for a procedure
    that concerns a deceased person, naming them (`deceased`, checked and read
    by the official as online: dossiers/concerned.py). Raises CounterRefused
    (no consent, bad ID or code, wrong role or procedure, not the
    representative), ConcernedPersonRefused and DossierError as
    dossier_draft_start does; nothing is created then."""
    if not consent:
        raise CounterRefused(
            _("Cần xác nhận công dân đồng ý cho khai thác dữ liệu. "
              "Confirm the citizen's consent to the use of their data.")
        )  # fmt: skip
    if official.role not in COUNTER_ROLES or official.agency_id is None:
        raise CounterRefused(
            _("Chỉ cán bộ một cửa được tiếp nhận hồ sơ tại quầy. "
              "Only an official may receive dossiers at the counter.")
        )  # fmt: skip
    try:
        personal_id_validator(personal_id)
    except ValidationError as error:
        raise CounterRefused(
            _("Số định danh cá nhân gồm 12 chữ số. A personal ID number has 12 digits.")
        ) from error
    if not counter_procedures(official=official).filter(pk=procedure.pk).exists():
        raise CounterRefused(
            _("Đơn vị của bạn không giải quyết thủ tục này. "
              "Your unit does not handle this procedure.")
        )  # fmt: skip
    citizen = _citizen_for(personal_id)
    if procedure.concerns and deceased is None:
        raise ConcernedPersonRefused(
            _("Thủ tục này cần số định danh cá nhân và họ tên của người đã mất. "
              "This procedure needs the deceased's personal ID number and full name."),
            field="deceased_personal_id",
        )  # fmt: skip
    if deceased is not None:
        concerned_person_check(procedure=procedure, applicant=citizen, agency=official.agency,
                               statement=deceased, reader=official)  # fmt: skip
    if enterprise_code:
        _representative_check(official=official, citizen=citizen, procedure=procedure,
                              enterprise_code=enterprise_code)  # fmt: skip
    known = citizen.pk is not None  # only an account can be told of the reading
    with transaction.atomic():
        if not known:
            citizen.save()
        # The right is checked again as the draft starts (the register read by the
        # official again); the prefill task is enqueued on commit, after the channel
        # and the reader are set.
        dossier = dossier_draft_start(
            applicant=citizen, procedure=procedure, agency=official.agency,
            subject_personal_id=enterprise_code or None,
            acting_basis=ActingBasis.LEGAL_REPRESENTATIVE if enterprise_code else ActingBasis.SELF,
            reader=official,
        )  # fmt: skip
        if deceased is not None:
            concerned_person_record(dossier=dossier, statement=deceased)
        dossier.channel = Channel.COUNTER
        dossier.counter_consent_at = timezone.now()
        dossier.assigned_to = official
        dossier.save(update_fields=["channel", "counter_consent_at", "assigned_to", "updated_at"])
        if known and (enterprise_code or _sources_to_read(dossier)):
            counter_data_read_notify(dossier=dossier)
    return dossier


def _sources_to_read(dossier: Dossier) -> bool:
    return PrefillSource.objects.filter(snapshot__dossier_id=dossier.pk).exists()


def _papers_seen_record(dossier: Dossier) -> None:
    """The papers the citizen showed at the desk for the components no data
    replaces and nothing was uploaded for, and for the data gaps recorded at
    the desk (the lawful exception): recorded, so the receipt lists them."""
    from dossiers.evidence import components_status

    ComponentEvidence.objects.bulk_create(
        [
            ComponentEvidence(dossier=dossier, component=status.component,
                              kind=ComponentEvidenceKind.UPLOAD, note=PAPER_SEEN)
            if not status.data_gap else
            ComponentEvidence(dossier=dossier, component=status.component,
                              kind=ComponentEvidenceKind.DATA_GAP, source=status.source_code,
                              note=f"{PAPER_SEEN} ({GAP_RECORDED_NOTE})")
            for status in components_status(dossier=dossier)
            if status.missing
        ]
    )  # fmt: skip


def evidence_with_papers_record(*, dossier: Dossier, seen_now: set[int]) -> None:
    """How each component is satisfied, recorded again as a completed
    supplement is: the papers seen at the desk now (`seen_now`, component
    pks) recorded as such, and those seen when a counter dossier was taken
    in kept, which the record made from its files alone would drop."""
    from dossiers.evidence import component_evidence_record

    earlier = {
        row.component_id: row
        for row in ComponentEvidence.objects.filter(dossier=dossier, note__startswith=PAPER_SEEN)
    }
    recorded = {row.component_id for row in component_evidence_record(dossier=dossier)}
    # The lawful exception: a component data replaces is seen on paper only under its data gap.
    gaps = dict(DataGap.objects.filter(dossier=dossier).values_list("component_id", "source"))
    for component_id in seen_now:
        gap = component_id in gaps
        ComponentEvidence.objects.update_or_create(
            dossier=dossier, component_id=component_id,
            defaults={
                "kind": ComponentEvidenceKind.DATA_GAP if gap else ComponentEvidenceKind.UPLOAD,
                "source": gaps.get(component_id, ""), "record_id": "", "fetched_at": None,
                "note": f"{PAPER_SEEN} ({GAP_RECORDED_NOTE})" if gap else PAPER_SEEN,
            },
        )  # fmt: skip
    ComponentEvidence.objects.bulk_create(
        [
            ComponentEvidence(dossier=dossier, component_id=component_id, kind=row.kind,
                              source=row.source, note=row.note)
            for component_id, row in earlier.items()
            if component_id not in recorded and component_id not in seen_now
        ]
    )  # fmt: skip


def _unrecorded_gaps_check(dossier: Dossier) -> None:
    """Raises CounterRefused while a source held nothing for a required
    component and no data gap is recorded for it: the paper is seen only
    under the recorded exception, which also has the record corrected."""
    from dossiers.evidence import components_status

    unrecorded = [
        status.component.name for status in components_status(dossier=dossier)
        if status.missing and status.data_gap and not status.gap_recorded
    ]  # fmt: skip
    if unrecorded:
        raise CounterRefused(
            _("Nguồn dữ liệu không có thông tin cho: %(names)s. Hãy ghi nhận thiếu dữ liệu kèm "
              "bằng chứng trước khi xem bản giấy. The source holds nothing for: %(names)s. "
              "Record the data gap with the evidence before seeing the paper.")
            % {"names": "; ".join(unrecorded)}
        )  # fmt: skip


def counter_submit(*, dossier: Dossier, by: User, values: Mapping,
                   delivery: DeliveryRequest | None = None) -> Dossier:  # fmt: skip
    """The official submits the counter draft on the citizen's behalf and, with
    no fee due, receives it at once: a code, a due date, the receipt, a notice
    to the citizen. With a fee, the fee is asked first and nothing is received
    yet: the dossier is received once the desk takes the fee, or goes to the
    unit, as an online one does, if the citizen pays online instead.
    Components not replaced by data and not uploaded are the papers seen at
    the desk. Idempotent like dossier_submit. Raises CounterRefused,
    DossierError, LockedValueChanged, FormInvalid, TransitionRefused, and
    NoRightToAct when the register no longer names the representative.
    `delivery`: how the citizen receives the result, as at dossier_submit."""
    from dossiers.evidence import component_evidence_record
    from dossiers.submission_right import acting_right_recheck, right_not_read_record

    # A representative's right read again from the register, as online; a register
    # that cannot be read now does not stop it: the dossier says so, for the unit.
    unread = acting_right_recheck(dossier=dossier, by=by)
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure", "agency")
            .get(pk=dossier.pk)
        )
        official = actor_kind(dossier=dossier, user=by) == Actor.OFFICIAL
        if dossier.channel != Channel.COUNTER or not official:
            raise CounterRefused(
                _("Bạn không được nộp hồ sơ này. You may not submit this dossier.")
            )
        if dossier.status != DossierStatus.DRAFT and dossier.submitted_at is not None:
            return dossier
        _draft_check(dossier)
        snapshot = getattr(dossier, "prefill", None)
        if snapshot is not None:
            prefill_overdue_close(snapshot=snapshot)  # a source not answering holds nothing up
        if snapshot is not None and not snapshot.is_finished:
            raise DossierError(
                _("Đang đọc dữ liệu từ các nguồn; vui lòng đợi. "
                  "The sources are still being read; please wait.")
            )  # fmt: skip
        cleaned = _posted_values_check(dossier, values)
        chosen = delivery_fields(procedure=dossier.procedure, request=delivery)
        _unrecorded_gaps_check(dossier)
        component_evidence_record(dossier=dossier)
        _papers_seen_record(dossier)
        now = timezone.now()
        procedure = dossier.procedure
        changes = {
            "code": dossier_code_issue(agency=dossier.agency, day=timezone.localdate(now)),
            "submitted_at": now,
            # The citizen saw the data at the desk and agreed to its use.
            "preview_confirmed_at": now,
            "form_values": {**dossier.form_values, **cleaned},
            "fee_vnd": counter_fee_vnd(procedure),
            **chosen,
        }
        if changes["fee_vnd"]:
            # Received once the fee is taken at the desk (dossier_fee_paid).
            transition(dossier=dossier, action="counter_request_fee", by=by, **changes)
            _submitted_notify(dossier)
        else:
            changes["due_date"] = due_date(now, procedure.processing_days)
            transition(dossier=dossier, action="counter_submit", by=by, **changes)
            counter_receive(dossier=dossier, by=by)
        if unread:  # with the submission, or not at all
            right_not_read_record(dossier=dossier, source=unread, by=by)
    return dossier


def counter_receive(*, dossier: Dossier, by: User) -> None:
    """The official at the desk receives the dossier just submitted there, or
    whose fee they just took there, and the applicant is told it was received,
    with its appointment date. Call it under the dossier's lock, in the
    transaction of the move before. Raises TransitionRefused."""
    # The citizen and the papers are at the desk: that move and reception are one
    # act, and the due date, counted from this moment, stands as reception's.
    transition(dossier=dossier, action="receive", by=by)
    _submitted_notify(dossier)
