"""The slips of a dossier's handling, as PDFs (forms 02 to 05 of Circular
01/2018/TT-VPCP): the supplement request slip, the refusal slip, the apology
slip with its new appointment date, and the processing control sheet that
lists each step, who took it, when, and whether it was on time."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone

from dossiers.exceptions import DossierError
from dossiers.models import (
    ApologySlip,
    Dossier,
    DossierEvent,
    DossierStatus,
    SupplementRequest,
)
from dossiers.results import leader_signature
from dossiers.slip_parts import (
    RECEIVING_UNIT,
    lookup_fields,
    signatures_with_lookup_qr,
    unit_place,
)
from dossiers.states import supplement_asked_from
from portal.accounts.models import Agency, Role, User
from portal.pdf import (
    PREVIEW,
    Column,
    Document,
    Issuer,
    Signature,
    place_and_date,
    short_datetime,
    vietnamese_date,
)

SUPPLEMENT_TITLE = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
REFUSAL_TITLE = "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
NOT_RESOLVED_TITLE = "Phiếu từ chối giải quyết hồ sơ"
APOLOGY_TITLE = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
CONTROL_TITLE = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
REFUSAL_ACTIONS = ("refuse_at_reception", "not_resolve")

# Each move of the lifecycle as the control sheet names it.
STEPS = {
    "submit": "Nộp hồ sơ",
    "request_fee": "Nộp hồ sơ, chờ nộp phí, lệ phí",
    "fee_paid": "Đã nộp phí, lệ phí",
    "counter_submit": "Tiếp nhận tại quầy",
    "counter_request_fee": "Tiếp nhận tại quầy, chờ nộp phí, lệ phí",
    "receive": "Tiếp nhận hồ sơ",
    "refuse_at_reception": "Từ chối tiếp nhận hồ sơ",
    "start_processing": "Chuyển xử lý hồ sơ",
    "request_supplement": "Yêu cầu bổ sung hồ sơ",
    "resubmit": "Nộp bổ sung hồ sơ",
    "resubmit_for_reception": "Nộp bổ sung hồ sơ, chờ tiếp nhận",
    "stop_processing": "Dừng xử lý hồ sơ",
    "propose_approval": "Trình lãnh đạo ký duyệt",
    "propose_not_resolve": "Trình lãnh đạo ký từ chối giải quyết",
    "send_back_for_review": "Lãnh đạo trả lại để xem xét lại",
    "approve": "Lãnh đạo ký duyệt, có kết quả",
    "not_resolve": "Từ chối giải quyết hồ sơ",
    "return_result": "Trả kết quả",
    "withdraw": "Rút hồ sơ",
}


class SlipUnavailable(DossierError):
    """The dossier has no such slip (no refusal, no control sheet before submission)."""


# The four slips.


def supplement_slip_pdf(*, supplement: SupplementRequest) -> bytes:
    """The request to complete a dossier: every item asked for at once, and why."""
    dossier = _dossier(supplement.dossier_id)
    doc = _document(dossier, SUPPLEMENT_TITLE, supplement.created_at)
    # Asked before reception, the dossier has no receipt yet: this slip gives the key.
    lookup_fields(doc, dossier)
    _parties(doc, dossier)
    doc.paragraph(
        "Sau khi kiểm tra, hồ sơ chưa đầy đủ, hợp lệ. Đề nghị ông/bà bổ sung, hoàn thiện hồ sơ "
        "gồm những nội dung sau:"
    )
    components = list(supplement.components.order_by("position", "id"))
    doc.table(
        [Column("TT", 9, align="C"), Column("Giấy tờ cần bổ sung, hoàn thiện")],
        [[str(number), component.name] for number, component in enumerate(components, start=1)],
    )  # fmt: skip
    doc.field("Lý do", supplement.reason)
    doc.field("Thời điểm yêu cầu", short_datetime(supplement.created_at))
    doc.paragraph(
        f"Hồ sơ được bổ sung trực tuyến trên Cổng hoặc tại Bộ phận tiếp nhận và trả kết quả. "
        f"{_supplement_time_rule(dossier)} Cơ quan không yêu cầu nộp lại giấy tờ đã được "
        "thay thế bằng dữ liệu điện tử."
    )
    signatures_with_lookup_qr(
        doc,
        [Signature("Người nộp hồ sơ", name=_name(dossier.applicant)),
         Signature("Người yêu cầu bổ sung", name=_name(supplement.requested_by))],
        dossier=dossier,
    )  # fmt: skip
    return doc.output()


def _supplement_time_rule(dossier: Dossier) -> str:
    """How the time runs once the dossier is completed, as supplement_answer
    counts it: asked before reception, the dossier counts as received only when
    complete; asked in processing, the unit's clock stops while it waits."""
    if supplement_asked_from(dossier) == DossierStatus.SUBMITTED:
        return "Thời hạn giải quyết được tính lại từ khi nhận đủ hồ sơ bổ sung."
    return (
        "Thời gian chờ bổ sung hồ sơ không tính vào thời hạn giải quyết: khi nhận đủ hồ sơ bổ "
        "sung, ngày hẹn trả kết quả được lùi thêm số ngày làm việc đã chờ."
    )


def refusal_slip_pdf(*, dossier: Dossier) -> bytes:
    """Why the dossier was refused at reception or not resolved, from its last
    such move. Raises SlipUnavailable when it was neither."""
    dossier = _dossier(dossier.pk)
    event = (
        DossierEvent.objects.filter(dossier_id=dossier.pk, action__in=REFUSAL_ACTIONS)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if event is None:
        raise SlipUnavailable(
            "Hồ sơ không bị từ chối nên không có phiếu từ chối. "
            "The dossier was not refused: it has no refusal slip."
        )
    # Signed by the unit's leader, the refusal is the unit's, not its desk's.
    return refusal_notice_pdf(
        dossier=dossier, at_reception=event.action == "refuse_at_reception",
        reason=event.reason, at=event.at, by=event.actor,
        signed=event.from_status == DossierStatus.AWAITING_SIGNATURE,
    )  # fmt: skip


def refusal_notice_pdf(*, dossier: Dossier, at_reception: bool, reason: str,
                       at: datetime.datetime, by: User | None, signed: bool,
                       preview: bool = False) -> bytes:  # fmt: skip
    """The refusal slip of a refusal decided `at`, by `by`, for `reason`: the
    unit's, in its leader's name, when `signed` (a refusal after processing);
    the desk's otherwise. With `preview`, one the leader is yet to sign, marked
    on every page as a preview not signed (dossiers.signature_preview)."""
    title = REFUSAL_TITLE if at_reception else NOT_RESOLVED_TITLE
    doc = _document(dossier, title, at, unit="" if signed else RECEIVING_UNIT,
                    preview=PREVIEW if preview else ())  # fmt: skip
    # Refused at reception, the dossier has no receipt: this slip is the paper
    # that gives the key, beside the code, for the look-up without a camera.
    lookup_fields(doc, dossier)
    _parties(doc, dossier)
    doc.paragraph(
        "Qua xem xét, cơ quan tiếp nhận không thể tiếp nhận hồ sơ này, với lý do sau:"
        if at_reception
        else "Qua xem xét, cơ quan có thẩm quyền không giải quyết hồ sơ này, với lý do sau:"
    )
    doc.field("Lý do", reason or "—")
    doc.field("Thời điểm", short_datetime(at))
    doc.paragraph("Xin thông báo để ông/bà biết và thực hiện. Ông/bà có quyền phản ánh, kiến "
                  "nghị về quyết định này trên Cổng.")  # fmt: skip
    if signed:
        signatures = [leader_signature(dossier.agency.name, by, signed=not preview)]
    else:  # decided alone, before refusals were signed: both parties
        signatures = [Signature("Người nộp hồ sơ", name=_name(dossier.applicant)),
                      Signature("Cán bộ thực hiện", name=_name(by))]  # fmt: skip
    signatures_with_lookup_qr(doc, signatures, dossier=dossier)
    return doc.output()


def apology_slip_pdf(*, slip: ApologySlip) -> bytes:
    """The apology for a late result, with the new appointment date."""
    dossier = _dossier(slip.dossier_id)
    doc = _document(dossier, APOLOGY_TITLE, slip.issued_at)
    _parties(doc, dossier)
    doc.field("Ngày hẹn trả kết quả trước đây", vietnamese_date(slip.previous_due_date))
    doc.paragraph(
        f"{dossier.agency.name} xin lỗi ông/bà vì hồ sơ đã quá thời hạn giải quyết theo quy định."
    )
    doc.field("Lý do quá hạn", slip.reason)
    doc.field("Ngày hẹn trả kết quả mới", vietnamese_date(slip.new_due_date))
    doc.paragraph(f"Rất mong nhận được sự thông cảm của ông/bà. {dossier.agency.name} sẽ trả "
                  "kết quả đúng ngày hẹn mới.")  # fmt: skip
    signatures_with_lookup_qr(
        doc, [Signature(f"Thủ trưởng {dossier.agency.name}", name=_name(slip.issued_by))],
        dossier=dossier,
    )  # fmt: skip
    return doc.output()


def control_sheet_pdf(*, dossier: Dossier) -> bytes:
    """Every step of the dossier: who took it, when, and whether it was on time
    against the due date in force then. Raises SlipUnavailable before submission."""
    dossier = _dossier(dossier.pk)
    if dossier.submitted_at is None:
        raise SlipUnavailable("Hồ sơ chưa được nộp. The dossier has not been submitted.")
    doc = _document(dossier, CONTROL_TITLE, timezone.now())
    _parties(doc, dossier)
    doc.field("Thời gian giải quyết theo quy định",
              f"{dossier.procedure.processing_days} ngày làm việc")  # fmt: skip
    if dossier.due_date:
        doc.field("Ngày hẹn trả kết quả", vietnamese_date(dossier.due_date))
    apologies = list(ApologySlip.objects.filter(dossier_id=dossier.pk).order_by("issued_at"))
    rows = [
        [str(number), STEPS.get(event.action, event.action), _who(event, dossier.agency),
         short_datetime(event.at), _timeliness(event.at, dossier, apologies)]
        for number, event in enumerate(
            dossier.events.select_related("actor__agency").order_by("at", "id"), start=1
        )
    ]  # fmt: skip
    doc.section("Quá trình giải quyết hồ sơ:")
    doc.table(
        [Column("TT", 9, align="C"), Column("Bước xử lý", 40), Column("Đơn vị, người thực hiện"),
         Column("Thời điểm", 30), Column("Kết quả", 24)],
        rows,
    )  # fmt: skip
    for slip in apologies:
        doc.note(
            f"Phiếu xin lỗi lập lúc {short_datetime(slip.issued_at)}: hẹn lại từ "
            f"{slip.previous_due_date:%d/%m/%Y} sang {slip.new_due_date:%d/%m/%Y}."
        )
    signatures_with_lookup_qr(
        doc, [Signature(RECEIVING_UNIT, name=dossier.agency.name)], dossier=dossier
    )
    return doc.output()


# The parts they share.


def _dossier(pk: int) -> Dossier:
    return Dossier.objects.select_related("procedure", "agency__parent", "applicant").get(pk=pk)


def _document(dossier: Dossier, title: str, at: datetime.datetime,
              unit: str = RECEIVING_UNIT, preview: Sequence[str] = ()) -> Document:  # fmt: skip
    agency = dossier.agency
    doc = Document(
        title=title, author=agency.name, subject=f"{dossier.procedure.name}, {dossier.reference}",
        keywords=(dossier.reference, dossier.procedure.code),
        footer=f"{title} · Mã hồ sơ {dossier.reference}", created_at=at, preview=preview,
    )  # fmt: skip
    doc.heading(
        issuer=Issuer(parent=agency.parent.name if agency.parent else "", name=agency.name,
                      unit=unit),
        place_date=place_and_date(unit_place(agency), timezone.localdate(at)),
    )  # fmt: skip
    doc.title(title, subtitle=f"Mã hồ sơ: {dossier.reference}")
    return doc


def _parties(doc: Document, dossier: Dossier) -> None:
    doc.field("Kính gửi", _name(dossier.applicant))
    if dossier.applicant.personal_id:
        doc.field("Số định danh cá nhân", dossier.applicant.personal_id)
    doc.field("Thủ tục", f"{dossier.procedure.name} (mã thủ tục {dossier.procedure.code})")
    if dossier.submitted_at:
        doc.field("Thời điểm nộp hồ sơ", short_datetime(dossier.submitted_at))


def _who(event: DossierEvent, unit: Agency) -> str:
    actor = event.actor
    if actor is None:
        return "Hệ thống"
    if actor.role == Role.CITIZEN:
        return f"Người nộp hồ sơ: {_name(actor)}"
    agency = actor.agency.name if actor.agency_id else unit.name
    return f"{agency}: {_name(actor)}"


def _timeliness(at: datetime.datetime, dossier: Dossier, apologies: list[ApologySlip]) -> str:
    """On time or late against the due date in force when the step was taken:
    the previous date of the first apology issued after it, else the current one."""
    due = next((slip.previous_due_date for slip in apologies if slip.issued_at > at),
               dossier.due_date)  # fmt: skip
    if due is None:
        return "—"
    return "Đúng hạn" if timezone.localdate(at) <= due else "Trễ hạn"


def _name(user: User | None) -> str:
    return (user.full_name or user.username) if user else ""
