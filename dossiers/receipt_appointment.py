"""The appointment on the receipt and appointment slip (dossiers/receipts.py):
when the dossier was received and the processing time runs from, saying why
when it is not the day it came in; when and where the result is due; the fee
and how it was paid; how to follow the dossier without logging in."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.utils import timezone

from dossiers.models import Dossier, DossierStatus, SupplementRequest
from dossiers.slip_parts import RECEIVING_UNIT, lookup_fields
from dossiers.states import supplement_asked_from
from dossiers.submission_times import COMPLETED_AS_ASKED, SubmissionTimes
from dossiers.supplement_answers import supplement_waited_days
from payments.models import Payment, PaymentMethod, PaymentStatus
from portal.core.working_days import SAME_DAY_CUTOFF
from portal.pdf import Document, short_datetime, vietnamese_date, vietnamese_datetime, vnd
from procedures.models import ResultDelivery

_PAID_AT_DESK = {PaymentMethod.CASH: "tiền mặt", PaymentMethod.CARD: "qua thẻ (máy POS)"}


def appointment_section(
    doc: Document,
    dossier: Dossier,
    times: SubmissionTimes,
    *,
    issued_online: bool,
    numbers: Iterator[int],
) -> None:
    """The section's fields; `issued_online` when no official received the
    dossier, submitted online, and the portal issued the slip itself."""
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
    doc.field(*_where_returned(dossier))
    doc.field("Phí, lệ phí", _fee(dossier))
    lookup_fields(doc, dossier)
    if issued_online:
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


def _where_returned(dossier: Dossier) -> tuple[str, str]:
    """The slip's line on how the result is received: the way the applicant
    chose; for a dossier submitted before the choice, the desk and the portal."""
    desk = f"{RECEIVING_UNIT}, {dossier.agency.name}"
    online = "bản điện tử trên Cổng, khi đăng nhập bằng tài khoản định danh điện tử VNeID"
    way = dossier.result_delivery
    if way == ResultDelivery.ONLINE:
        return "Hình thức nhận kết quả", f"Trực tuyến: {online}"
    if way == ResultDelivery.COUNTER:
        return "Hình thức nhận kết quả", f"Trực tiếp tại {desk}"
    if way == ResultDelivery.POST:
        return (
            "Hình thức nhận kết quả",
            f"Qua dịch vụ bưu chính công ích, gửi đến địa chỉ: {dossier.delivery_address}",
        )
    return "Nhận kết quả tại", f"{desk}; {online}"


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
