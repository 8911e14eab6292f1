"""Printable documents of the portal (slips, results, reports) as PDF: A4
portrait, an embedded Unicode font that covers Vietnamese, the standard
heading of Vietnamese administrative documents (Decree 30/2020/NĐ-CP), tables
that break across pages, signature blocks and QR codes.

    from portal.pdf import Column, Document, Issuer, Signature, place_and_date

    doc = Document(title="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
                   author="UBND phường Hồng Bàng", footer="Mã hồ sơ 11311-261124-0001")
    doc.heading(issuer=Issuer(parent="UBND thành phố Hải Phòng", name="UBND phường Hồng Bàng",
                              unit="Bộ phận tiếp nhận và trả kết quả"),
                place_date=place_and_date("Hồng Bàng", today))
    doc.title("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", subtitle="Mã hồ sơ: 11311-261124-0001")
    doc.field("Tiếp nhận hồ sơ của", "Nguyễn Thị Ánh Hồng")
    doc.section("1. Thành phần hồ sơ đã nộp:")
    doc.table([Column("TT", 9, align="C"), Column("Tên giấy tờ"), Column("Hình thức", 32)],
              [["1", "Giấy chứng sinh", "Bản điện tử"]])
    doc.signatures([Signature("Người nộp hồ sơ", name="Nguyễn Thị Ánh Hồng"),
                    Signature("Người tiếp nhận hồ sơ", name="Lê Thị Hoa")],
                   qr="https://…/dossiers/42/", qr_caption="Quét để tra cứu hồ sơ")
    pdf_bytes = doc.output()
"""

from portal.pdf.amount_words import vnd_in_words
from portal.pdf.document import PREVIEW, Column, Document, Issuer, Signature
from portal.pdf.text import (
    place_and_date,
    place_name,
    short_datetime,
    vietnamese_date,
    vietnamese_datetime,
    vnd,
)

__all__ = [
    "PREVIEW",
    "Column",
    "Document",
    "Issuer",
    "Signature",
    "place_and_date",
    "place_name",
    "short_datetime",
    "vietnamese_date",
    "vietnamese_datetime",
    "vnd",
    "vnd_in_words",
]
