"""The receipt and appointment slip (giấy tiếp nhận hồ sơ và hẹn trả kết quả),
form 01 of Circular 01/2018/TT-VPCP, as a PDF: who submitted what to which
unit and when, when the result is due and where to collect it.

Beside the components received, it lists apart the components replaced by
electronic data, each with its source, record and fetch time: the applicant
holds in writing that they were not asked for them (the once-only principle).
A data gap (the source held nothing for this person, so the applicant
uploaded the paper) is noted as such, never as a re-request."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count

from django.utils import timezone

from datasources import registry
from datasources.exceptions import LookupRefused
from dossiers import eforms
from dossiers.exceptions import DossierError
from dossiers.lookup import key_shown, lookup_url
from dossiers.models import (
    ActingBasis,
    Attachment,
    ComponentEvidence,
    ComponentEvidenceKind,
    Dossier,
    DossierEvent,
    DossierStatus,
    SupplementRequest,
)
from dossiers.states import supplement_asked_from
from dossiers.submission_times import COMPLETED_AS_ASKED, SubmissionTimes, submission_times
from dossiers.supplement_answers import supplement_waited_days
from payments.models import Payment, PaymentMethod, PaymentStatus
from portal.accounts.models import Agency, Role, User
from portal.core.working_days import SAME_DAY_CUTOFF
from portal.pdf import (
    Column,
    Document,
    Issuer,
    Signature,
    place_and_date,
    place_name,
    short_datetime,
    vietnamese_date,
    vietnamese_datetime,
    vnd,
)
from procedures.models import DossierComponent

TITLE = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
RECEIVING_UNIT = "Bộ phận tiếp nhận và trả kết quả"

_ACTING_AS = {
    ActingBasis.PARENT: "Cha, mẹ thực hiện thủ tục cho con",
    ActingBasis.AUTHORISATION: "Người được ủy quyền",
    ActingBasis.LEGAL_REPRESENTATIVE: "Người đại diện theo pháp luật của doanh nghiệp",
}


class ReceiptUnavailable(DossierError):
    """The dossier has no receipt: it has not been submitted, so it has no code."""


class ReceiptReplacedByRefusal(ReceiptUnavailable):
    """The dossier was refused at reception: never received, no result due, so
    no receipt and appointment slip; its refusal slip stands instead."""


@dataclass(frozen=True)
class _Reception:
    """How the dossier came in: the official who received it (at the counter,
    or from the queue), if any; and whether the applicant submitted it online."""

    official: User | None
    online: bool


# The moves by which a dossier is submitted (request_fee: submitted, awaiting its fee).
_SUBMISSIONS = ("submit", "request_fee", "counter_submit", "counter_request_fee")


@dataclass(frozen=True)
class _Component:
    """One component of the dossier, as the slip shows it."""

    name: str
    evidence: ComponentEvidence | None
    files: int
    e_form: bool


def receipt_pdf(*, dossier: Dossier) -> bytes:
    """The receipt and appointment slip of a submitted dossier, as PDF bytes.
    Raises ReceiptUnavailable for a dossier not yet submitted (no code), and
    ReceiptReplacedByRefusal for one refused at reception."""
    dossier = (
        Dossier.objects.select_related(
            "procedure", "agency__parent", "applicant", "form", "authorisation"
        )
        .filter(pk=dossier.pk)
        .first()
    )
    if dossier is None or not dossier.code or dossier.submitted_at is None:
        raise ReceiptUnavailable(
            "Hồ sơ chưa được nộp nên chưa có mã hồ sơ và giấy tiếp nhận. "
            "The dossier has not been submitted: it has no code and no receipt yet."
        )
    if not dossier.has_receipt:
        raise ReceiptReplacedByRefusal(
            "Hồ sơ đã bị từ chối tiếp nhận nên không có giấy tiếp nhận và hẹn trả kết quả; "
            "phiếu từ chối tiếp nhận nêu lý do. The dossier was refused at reception: it has "
            "no receipt and appointment slip; the refusal slip gives the reasons."
        )
    agency = dossier.agency
    procedure = dossier.procedure
    reception = _reception(dossier)
    times = submission_times(dossier=dossier)
    doc = Document(
        title=TITLE,
        author=agency.name,
        subject=f"{procedure.name}, mã hồ sơ {dossier.code}",
        keywords=(dossier.code, procedure.code),
        footer=f"{TITLE} · Mã hồ sơ {dossier.code}",
    )
    doc.heading(
        issuer=Issuer(
            parent=agency.parent.name if agency.parent else "", name=agency.name,
            unit=RECEIVING_UNIT,
        ),
        place_date=_place_date(agency, times),
    )  # fmt: skip
    doc.title(TITLE, subtitle=f"Mã hồ sơ: {dossier.code}")

    doc.field(RECEIVING_UNIT, agency.name)
    _parties(doc, dossier)
    doc.field("Nội dung yêu cầu giải quyết", f"{procedure.name} (mã thủ tục {procedure.code})")

    components = _components(dossier)
    # Sections are numbered as they appear: the replaced components may have none.
    numbers = count(1)
    _received(doc, components, reception, numbers)
    _replaced(doc, components, numbers)
    _appointment(doc, dossier, reception, times, numbers)

    doc.signatures(
        _signatures(dossier, reception),
        qr=_tracking_url(dossier),
        qr_caption="Quét để tra cứu hồ sơ",
    )
    return doc.output()


# The parts of the slip.


def _parties(doc: Document, dossier: Dossier) -> None:
    applicant = dossier.applicant
    values = _form_values(dossier)
    doc.field("Tiếp nhận hồ sơ của", applicant.full_name or applicant.username)
    if applicant.personal_id:
        doc.field("Số định danh cá nhân", applicant.personal_id)
    if dossier.acting_basis != ActingBasis.SELF:
        acting = _ACTING_AS.get(dossier.acting_basis, dossier.get_acting_basis_display())
        authorisation = dossier.authorisation
        if authorisation is not None:
            acting += (
                f" (ủy quyền có hiệu lực từ {authorisation.valid_from:%d/%m/%Y} "
                f"đến {authorisation.valid_until:%d/%m/%Y})"
            )
        doc.field("Tư cách người nộp", acting)
        subject = _subject_name(dossier, values)
        key = "mã số doanh nghiệp" if dossier.subject_is_enterprise else "số định danh cá nhân"
        doc.field(
            "Người được thực hiện thủ tục",
            f"{subject}, {key} {dossier.subject_personal_id}"
            if subject else f"{key} {dossier.subject_personal_id}",
        )  # fmt: skip
    address = _first(values, "address")
    if address:
        doc.field("Địa chỉ", address)
    phone = _first(values, "phone")
    email = _first(values, "email") or applicant.email
    contact = "; ".join(
        part for part in (f"điện thoại {phone}" if phone else "",
                          f"thư điện tử {email}" if email else "") if part
    )  # fmt: skip
    if contact:
        doc.field("Liên hệ", contact)


def _received(
    doc: Document, components: list[_Component], reception: _Reception, numbers: Iterator[int]
) -> None:
    doc.section(f"{next(numbers)}. Thành phần hồ sơ đã nộp:")
    rows = []
    for component in components:
        evidence = component.evidence
        kind = evidence.kind if evidence else ""
        if component.e_form:
            rows.append([component.name, "Tờ khai điện tử, điền trực tuyến", ""])
        elif kind == ComponentEvidenceKind.DATA_GAP:
            rows.append([
                component.name, _files(component.files),
                f"Thiếu dữ liệu: {_source_name(evidence.source)} không có dữ liệu này; "
                "người nộp tải lên. Không phải yêu cầu cung cấp lại.",
            ])  # fmt: skip
        elif kind == ComponentEvidenceKind.UPLOAD and not component.files:
            rows.append([component.name, "Bản giấy", evidence.note])  # seen at the counter
        elif kind == ComponentEvidenceKind.UPLOAD or (not evidence and component.files):
            rows.append([component.name, _files(component.files), ""])
    if rows:
        doc.table(
            [Column("TT", 9, align="C"), Column("Tên giấy tờ"), Column("Hình thức", 32),
             Column("Ghi chú", 56)],
            [[str(number), *row] for number, row in enumerate(rows, start=1)],
        )  # fmt: skip
    else:
        doc.paragraph("Không có giấy tờ phải nộp: mọi thành phần đã được thay thế bằng dữ liệu.")
    left_out = [
        component.name for component in components
        if component.evidence and component.evidence.kind == ComponentEvidenceKind.NOT_APPLICABLE
    ]  # fmt: skip
    if left_out:
        doc.note("Không áp dụng cho hồ sơ này (điều kiện không phát sinh): " + "; ".join(left_out))
    doc.paragraph(
        "Số lượng hồ sơ: 01 bộ hồ sơ điện tử." if reception.online
        else "Số lượng hồ sơ: 01 bộ."
    )  # fmt: skip


def _replaced(doc: Document, components: list[_Component], numbers: Iterator[int]) -> None:
    replaced = [
        component for component in components
        if component.evidence and component.evidence.kind == ComponentEvidenceKind.DATA
    ]  # fmt: skip
    if not replaced:
        return
    doc.section(
        f"{next(numbers)}. Thành phần hồ sơ được thay thế bằng dữ liệu điện tử, không phải nộp:"
    )
    rows = []
    for number, component in enumerate(replaced, start=1):
        evidence = component.evidence
        source = _source_name(evidence.source)
        if evidence.record_id and evidence.fetched_at:
            provenance = (
                f"Bản ghi {evidence.record_id}\nkhai thác lúc {short_datetime(evidence.fetched_at)}"
            )
        else:
            provenance = "Nguồn chưa trả lời khi nộp; cán bộ xác minh trực tiếp từ nguồn."
        rows.append([
            str(number), component.name,
            f"Thay thế bằng dữ liệu điện tử từ {source}, không phải nộp", provenance,
        ])  # fmt: skip
    doc.table(
        [Column("TT", 9, align="C"), Column("Tên giấy tờ"), Column("Thay thế bằng", 50),
         Column("Bản ghi, thời điểm khai thác", 50)],
        rows,
    )  # fmt: skip
    doc.note(
        "Cơ quan tiếp nhận đã khai thác các thông tin trên từ cơ sở dữ liệu; người nộp không "
        "phải cung cấp lại (Nghị quyết 66.7/2025/NQ-CP). Nếu bị yêu cầu nộp lại các giấy tờ "
        "này, người nộp có quyền phản ánh, kiến nghị trên Cổng."
    )


def _appointment(
    doc: Document,
    dossier: Dossier,
    reception: _Reception,
    times: SubmissionTimes,
    numbers: Iterator[int],
) -> None:
    doc.section(f"{next(numbers)}. Thời gian và nơi trả kết quả:")
    procedure = dossier.procedure
    doc.field(
        "Thời gian giải quyết hồ sơ theo quy định",
        f"{procedure.processing_days} ngày làm việc",
    )
    if times.completed_at is None:
        doc.field("Thời gian nhận hồ sơ", vietnamese_datetime(times.submitted_at))
    else:
        _completed(doc, times)
    if times.fee_paid_at is not None and times.runs_from == times.fee_paid_at:
        _fee_paid_later(doc, times)
    if dossier.due_date:
        doc.field("Thời gian trả kết quả giải quyết hồ sơ", vietnamese_date(dossier.due_date))
        _supplement_waited(doc, dossier)
    else:
        doc.field(
            "Thời gian trả kết quả giải quyết hồ sơ",
            "hẹn sau khi phí, lệ phí được thanh toán",
        )
    doc.field(
        "Nhận kết quả tại",
        f"{RECEIVING_UNIT}, {dossier.agency.name}; bản điện tử trên Cổng, khi đăng nhập bằng "
        "tài khoản định danh điện tử VNeID",
    )
    doc.field("Phí, lệ phí", _fee(dossier))
    # The key opens the public look-up with the code: anyone holding this slip
    # follows the dossier, with or without an account (dossiers/lookup.py).
    doc.field("Mã tra cứu hồ sơ", key_shown(dossier.lookup_key))
    tracking_url = _tracking_url(dossier)
    doc.field("Tra cứu hồ sơ, không cần đăng nhập", tracking_url, link=tracking_url)
    if reception.official is None and reception.online:
        doc.note(
            "Hồ sơ nộp trực tuyến, người nộp đã xác thực bằng tài khoản định danh điện tử VNeID; "
            "giấy này được cấp tự động khi tiếp nhận trực tuyến."
        )


def _completed(doc: Document, times: SubmissionTimes) -> None:
    """A dossier asked to be completed before reception is received when
    complete, and its due date was counted again from then."""
    doc.field("Thời gian nộp hồ sơ lần đầu", vietnamese_datetime(times.submitted_at))
    doc.field(
        "Thời gian nhận hồ sơ", f"{vietnamese_datetime(times.completed_at)} ({COMPLETED_AS_ASKED})"
    )
    doc.field(
        "Thời hạn giải quyết tính từ ngày nhận hồ sơ đầy đủ",
        _counted_from(times, since=times.completed_at, done="hồ sơ nhận"),
    )


def _supplement_waited(doc: Document, dossier: Dossier) -> None:
    """A dossier completed in processing kept its time of reception, and its
    due date moved by the working days the request waited: say so, or the
    date reads as a mistake."""
    supplement = SupplementRequest.objects.filter(
        dossier_id=dossier.pk, answered_at__isnull=False
    ).first()
    if supplement is None or supplement_asked_from(dossier) == DossierStatus.SUBMITTED:
        return
    waited = supplement_waited_days(supplement=supplement, answered_at=supplement.answered_at)
    if waited:
        doc.note(
            f"Ngày hẹn trả kết quả đã được lùi {waited} ngày làm việc: thời gian chờ bổ sung hồ "
            f"sơ, từ {short_datetime(supplement.created_at)} đến khi nhận đủ hồ sơ bổ sung lúc "
            f"{short_datetime(supplement.answered_at)}, không tính vào thời hạn giải quyết."
        )


def _fee_paid_later(doc: Document, times: SubmissionTimes) -> None:
    """A dossier whose fee was paid after submission went to the unit then,
    and its due date was counted from the payment."""
    doc.field(
        "Thời hạn giải quyết tính từ ngày nộp đủ phí, lệ phí",
        _counted_from(times, since=times.fee_paid_at, done="nộp"),
    )


def _counted_from(times: SubmissionTimes, *, since: datetime.datetime, done: str) -> str:
    """The day the processing time runs from, saying why when it is not the
    day of `since` (what was `done` then)."""
    text = vietnamese_date(times.counted_from)
    if times.counted_from != timezone.localdate(since):
        text += (
            f" ({done} sau {SAME_DAY_CUTOFF:%H} giờ hoặc vào ngày nghỉ được tính vào ngày làm "
            "việc tiếp theo)"
        )
    return text


def _signatures(dossier: Dossier, reception: _Reception) -> list[Signature]:
    applicant = dossier.applicant.full_name or dossier.applicant.username
    if reception.online:
        submitter = Signature("Người nộp hồ sơ", note="", name=applicant, space=4,
                              lines=("Nộp trực tuyến, xác thực VNeID",))  # fmt: skip
    else:
        submitter = Signature("Người nộp hồ sơ", name=applicant)
    receiver = reception.official
    if receiver is not None:
        official = Signature("Người tiếp nhận hồ sơ", name=receiver.full_name or receiver.username)
    else:
        official = Signature(
            RECEIVING_UNIT,
            note="",
            lines=("Tiếp nhận trực tuyến",),
            space=4,
            name=dossier.agency.name,
        )
    return [submitter, official]


# Reads behind the slip.


def _components(dossier: Dossier) -> list[_Component]:
    evidence = {
        row.component_id: row for row in ComponentEvidence.objects.filter(dossier_id=dossier.pk)
    }
    files = Counter(
        Attachment.objects.filter(dossier_id=dossier.pk).values_list("component_id", flat=True)
    )
    form_code = dossier.form.code if dossier.form_id else None
    components = (
        DossierComponent.objects.filter(procedure_id=dossier.procedure_id)
        .select_related("form")
        .order_by("position", "id")
    )
    return [
        _Component(
            name=component.name,
            evidence=evidence.get(component.pk),
            files=files[component.pk],
            e_form=bool(form_code and component.form_id and component.form.code == form_code),
        )
        for component in components
    ]


def _reception(dossier: Dossier) -> _Reception:
    events = DossierEvent.objects.filter(
        dossier_id=dossier.pk, action__in=(*_SUBMISSIONS, "receive"), actor__isnull=False
    ).select_related("actor").order_by("at", "id")  # fmt: skip
    by_staff = [event for event in events if event.actor.role != Role.CITIZEN]
    return _Reception(
        official=by_staff[0].actor if by_staff else None,
        online=not any(event.action in _SUBMISSIONS for event in by_staff),
    )


def _form_values(dossier: Dossier) -> list[tuple[str, str, object]]:
    """(name, type, value) of each e-form field, prefilled values included."""
    return [(field.name, field.type, field.value) for field in eforms.form_fields(dossier=dossier)]


def _first(values: list[tuple[str, str, object]], kind: str) -> str:
    """The first non-empty value of a field of this type, or whose name says it is one."""
    for name, type_, value in values:
        if (type_ == kind or kind in name) and _text(value):
            return _text(value)
    return ""


def _text(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(str(part) for part in value.values() if part not in (None, ""))
    if isinstance(value, list):
        return "; ".join(_text(part) for part in value)
    return "" if value is None else str(value).strip()


def _subject_name(dossier: Dossier, values: list[tuple[str, str, object]]) -> str:
    if dossier.subject_is_enterprise:
        from dossiers.representation import dossier_enterprise

        return (dossier_enterprise(dossier) or {}).get("name", "")
    for name, _type, value in values:
        if name == "full_name" and _text(value):
            return _text(value)
    user = User.objects.filter(personal_id=dossier.subject_personal_id).first()
    return user.full_name if user else ""


_PAID_AT_DESK = {PaymentMethod.CASH: "tiền mặt", PaymentMethod.CARD: "qua thẻ (máy POS)"}


def _fee(dossier: Dossier) -> str:
    if not dossier.fee_vnd:
        return "không thu"
    payment = (
        Payment.objects.filter(dossier_id=dossier.pk, status=PaymentStatus.PAID, refund_due=False)
        .order_by("paid_at", "id")
        .first()
    )
    if payment is not None and payment.paid_at and payment.method in _PAID_AT_DESK:
        # The fee receipt handed over at the desk (biên lai thu phí, lệ phí).
        return (
            f"{vnd(dossier.fee_vnd)}, đã nộp {_PAID_AT_DESK[payment.method]} tại Bộ phận Một cửa "
            f"lúc {short_datetime(payment.paid_at)}, biên lai thu phí, lệ phí số "
            f"{payment.receipt_number}"
        )
    if payment is not None and payment.paid_at:
        # The platform's transaction, as the tracking page and the platform name
        # it; the portal's own order number after it, for matching the two.
        refs = [f"mã đơn hàng {payment.order_id}"]
        if payment.transaction_id:
            refs.insert(0, f"mã giao dịch {payment.transaction_id}")
        return (
            f"{vnd(dossier.fee_vnd)}, đã thanh toán trực tuyến lúc "
            f"{short_datetime(payment.paid_at)} ({', '.join(refs)})"
        )
    if payment is not None or dossier.due_date:
        return f"{vnd(dossier.fee_vnd)}, đã thanh toán"
    return f"{vnd(dossier.fee_vnd)}, chưa thanh toán"


def _files(count: int) -> str:
    return f"Bản điện tử, {count:02d} tệp" if count else "Bản điện tử"


def _source_name(code: str) -> str:
    try:
        return registry.source(code).name_vi
    except LookupRefused:
        return code


def _tracking_url(dossier: Dossier) -> str:
    """The public look-up, opened with the code and key: no login, no row number."""
    return lookup_url(dossier)


def _place_date(agency: Agency, times: SubmissionTimes) -> str:
    names = []
    while agency is not None:
        names.append(agency.name)
        agency = agency.parent
    return place_and_date(place_name(*names), timezone.localdate(times.complete_at))
