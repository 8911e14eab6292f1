"""The electronic fee receipt (biên lai thu phí, lệ phí điện tử) of a paid
payment, as a PDF: who paid how much, for which dossier and procedure, when,
how, and under which references (the platform's transaction and the portal's
order; at the desk, the number of the paper receipt handed over and who took
the money), issued in the name of the unit that collects the fee and dated at
the place its chain of bodies names, as the dossier's slips are. The amount is
given in digits and in words, as receipts state it. A payment paid twice is
owed back: its receipt says so."""

from __future__ import annotations

from django.utils import timezone

from dossiers.slip_parts import unit_place
from payments.exceptions import PaymentError
from payments.models import Payment, PaymentMethod, PaymentStatus
from portal.pdf import (
    Document,
    Issuer,
    Signature,
    place_and_date,
    short_datetime,
    vietnamese_datetime,
    vnd,
    vnd_in_words,
)

TITLE = "Biên lai thu phí, lệ phí"
_HOW_PAID = {
    PaymentMethod.ONLINE: "Trực tuyến, qua Nền tảng thanh toán trực tuyến",
    PaymentMethod.CASH: "Tiền mặt, tại Bộ phận Một cửa",
    PaymentMethod.CARD: "Thẻ, qua máy POS tại Bộ phận Một cửa",
}


class FeeReceiptUnavailable(PaymentError):
    """The payment was not (or not yet) paid: there is nothing to give a receipt for."""

    code = "no_receipt"
    http_status = 404


def fee_receipt_pdf(*, payment: Payment) -> bytes:
    """The receipt of a paid payment, as PDF bytes. Raises FeeReceiptUnavailable
    for a payment not paid."""
    payment = (
        Payment.objects.select_related(
            "dossier__procedure", "dossier__agency__parent", "payer", "recorded_by"
        )
        .filter(pk=payment.pk, status=PaymentStatus.PAID, paid_at__isnull=False)
        .first()
    )  # fmt: skip
    if payment is None:
        raise FeeReceiptUnavailable(
            "Khoản thanh toán này chưa được xác nhận nên chưa có biên lai. "
            "This payment is not confirmed: it has no receipt."
        )
    dossier = payment.dossier
    agency = dossier.agency
    procedure = dossier.procedure
    paid_at = payment.paid_at
    assert paid_at is not None  # filtered above
    doc = Document(
        title=TITLE,
        author=agency.name,
        subject=f"{procedure.name}, mã hồ sơ {dossier.code}",
        keywords=(dossier.code, payment.order_id),
        footer=f"{TITLE} · Mã hồ sơ {dossier.code} · Mã đơn hàng {payment.order_id}",
        created_at=paid_at,
    )
    doc.heading(
        issuer=Issuer(parent=agency.parent.name if agency.parent else "", name=agency.name),
        place_date=place_and_date(unit_place(agency), timezone.localdate(paid_at)),
    )
    doc.title(TITLE, subtitle="(Biên lai điện tử)")

    doc.field("Đơn vị thu phí, lệ phí", agency.name)
    payer = payment.payer
    doc.field("Người nộp tiền", payer.full_name or payer.username)
    if payer.personal_id:
        doc.field("Số định danh cá nhân", payer.personal_id)
    doc.field("Mã hồ sơ", dossier.code or "")
    doc.field(
        "Nội dung thu",
        f"Phí, lệ phí giải quyết thủ tục {procedure.name} (mã thủ tục {procedure.code})",
    )
    doc.field("Số tiền", vnd(payment.amount_vnd))
    doc.field("Số tiền bằng chữ", vnd_in_words(payment.amount_vnd))
    doc.field("Hình thức thanh toán", _HOW_PAID.get(payment.method, payment.method))
    doc.field("Thời điểm thanh toán", vietnamese_datetime(paid_at))
    if payment.transaction_id:
        doc.field("Mã giao dịch trên nền tảng thanh toán", payment.transaction_id)
    doc.field("Mã đơn hàng", payment.order_id)
    if payment.receipt_number:
        doc.field("Số biên lai giấy đã giao tại quầy", payment.receipt_number)
    _refund(doc, payment)
    doc.note(_how_issued(payment))
    doc.signatures(_signatures(payment))
    return doc.output()


def _refund(doc: Document, payment: Payment) -> None:
    """A payment made after the fee was already paid is owed back: say so, and when it was."""
    if payment.refunded_at is not None:
        doc.field(
            "Hoàn trả",
            f"đã hoàn trả lúc {short_datetime(payment.refunded_at)} (mã hoàn tiền "
            f"{payment.refund_id}): phí, lệ phí đã được nộp trước khoản này",
        )
    elif payment.refund_due:
        doc.field("Hoàn trả", "khoản này sẽ được hoàn trả: phí, lệ phí đã được nộp trước đó")


def _how_issued(payment: Payment) -> str:
    if payment.method == PaymentMethod.ONLINE:
        return (
            "Biên lai được lập tự động khi Nền tảng thanh toán trực tuyến xác nhận giao dịch; "
            "đối chiếu bằng mã giao dịch và mã đơn hàng nêu trên."
        )
    return (
        "Biên lai điện tử ghi nhận khoản thu tại Bộ phận Một cửa, kèm số biên lai giấy đã giao "
        "cho người nộp."
    )


def _signatures(payment: Payment) -> list[Signature]:
    payer = payment.payer
    payer_block = Signature("Người nộp tiền", note="", name=payer.full_name or payer.username,
                            space=4)  # fmt: skip
    collector = payment.recorded_by
    if collector is not None:
        taker = Signature("Người thu tiền", name=collector.full_name or collector.username)
        return [payer_block, taker]
    unit = Signature("Đơn vị thu phí, lệ phí", note="", lines=("Thu trực tuyến",), space=4,
                     name=payment.dossier.agency.name)  # fmt: skip
    return [payer_block, unit]
