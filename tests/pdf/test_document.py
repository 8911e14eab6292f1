"""The document builder: Vietnamese text survives into the PDF, tables break
across pages, the QR code decodes, the metadata is set, and the output is
deterministic for the same input and date."""

import datetime
import io
import unicodedata

from PIL import Image

from portal.pdf import (
    PREVIEW,
    Column,
    Document,
    Issuer,
    Signature,
    place_and_date,
    place_name,
    vietnamese_date,
    vietnamese_datetime,
)
from portal.pdf.qr import qr_png
from portal.pdf.text import vnd
from tests.pdf.reading import page_texts, pdf_reader, pdf_text, qr_codes

CREATED = datetime.datetime(2026, 11, 24, 9, 12, tzinfo=datetime.UTC)


def _document(**kwargs) -> Document:
    doc = Document(title="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
                   author="UBND phường Hồng Bàng", created_at=CREATED, **kwargs)  # fmt: skip
    doc.heading(
        issuer=Issuer(parent="UBND thành phố Hải Phòng", name="UBND phường Hồng Bàng",
                      unit="Bộ phận tiếp nhận và trả kết quả"),
        place_date="Hồng Bàng, ngày 24 tháng 11 năm 2026",
    )  # fmt: skip
    return doc


def test_vietnamese_text_with_diacritics_survives_into_the_pdf():
    doc = _document()
    doc.title("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", subtitle="Mã hồ sơ: 11311-261124-0001")
    doc.field("Tiếp nhận hồ sơ của", "Nguyễn Thị Ánh Hồng")
    doc.field("Địa chỉ", "Số 7 Đường Lê Thánh Tông, phường Ngô Quyền, Hải Phòng")
    doc.paragraph("Ủy ban nhân dân phường Ỷ Lan: ữ ỡ ự ẵ ặ ẳ ẩ ỗ ổ ộ ỳ ỹ ỵ Ỳ Ỹ Ỵ Đ đ.")

    text = pdf_text(doc.output())

    assert "Nguyễn Thị Ánh Hồng" in text
    assert "Đường Lê Thánh Tông" in text
    assert "ữ ỡ ự ẵ ặ ẳ ẩ ỗ ổ ộ ỳ ỹ ỵ Ỳ Ỹ Ỵ Đ đ" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text


def test_decomposed_text_is_drawn_precomposed():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Hồng")
    assert decomposed != "Nguyễn Thị Ánh Hồng"
    doc = _document()
    doc.field("Họ và tên", decomposed)

    assert "Nguyễn Thị Ánh Hồng" in pdf_text(doc.output())


def test_the_heading_has_the_issuer_the_national_title_and_the_motto():
    text = pdf_text(_document().output())

    assert "UBND THÀNH PHỐ HẢI PHÒNG" in text
    assert "UBND PHƯỜNG HỒNG BÀNG" in text
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Hồng Bàng, ngày 24 tháng 11 năm 2026" in text


def test_a_long_table_breaks_across_pages_with_its_heading_repeated():
    doc = _document(footer="Mã hồ sơ 11311-261124-0001")
    rows = [[str(n), f"Giấy tờ số {n}: bản sao giấy chứng nhận quyền sử dụng đất, "
             "quyền sở hữu nhà ở và tài sản khác gắn liền với đất", "Bản điện tử"]
            for n in range(1, 81)]  # fmt: skip
    doc.table([Column("TT", 12, align="C"), Column("Tên giấy tờ"), Column("Hình thức", 40)], rows)

    data = doc.output()
    pages = page_texts(data)

    assert len(pages) >= 3
    assert all("Tên giấy tờ" in page for page in pages)
    assert "Giấy tờ số 1:" in pages[0]
    assert "Giấy tờ số 80:" in pages[-1]
    assert f"Trang {len(pages)}/{len(pages)}" in pages[-1]
    assert "Mã hồ sơ 11311-261124-0001 · Trang 1/" in pages[0]


def test_a_preview_is_marked_on_every_page_and_in_its_title_and_nothing_moves():
    rows = [[str(n), f"Giấy tờ số {n}: bản sao giấy chứng nhận quyền sử dụng đất", "Bản điện tử"]
            for n in range(1, 81)]  # fmt: skip
    plain, preview = _document(), _document(preview=PREVIEW)
    for doc in (plain, preview):
        doc.table([Column("TT", 12, align="C"), Column("Tên giấy tờ"), Column("Hình thức", 40)],
                  rows)  # fmt: skip

    data = preview.output()
    pages = page_texts(data)

    assert len(pages) >= 3 and len(pages) == len(page_texts(plain.output()))
    for page in pages:
        assert "BẢN XEM TRƯỚC — CHƯA KÝ · PREVIEW — NOT SIGNED" in page  # the band at its top
        assert "BẢN XEM TRƯỚC — CHƯA KÝ · Trang" in page  # its footer
    assert pdf_reader(data).metadata.title.startswith("BẢN XEM TRƯỚC — CHƯA KÝ: Giấy tiếp nhận")
    assert "XEM TRƯỚC" not in pdf_text(plain.output())
    assert pdf_reader(plain.output()).metadata.title == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"


def test_the_qr_code_decodes_to_its_data_and_the_caption_is_text():
    url = "https://motcuaso.example.vn/dossiers/42/"
    doc = _document()
    doc.qr(url, caption=f"Quét mã để tra cứu hồ sơ:\n{url}")

    data = doc.output()

    assert qr_codes(data) == [url]
    assert url in pdf_text(data)


def test_the_qr_png_is_a_real_png_of_a_readable_size():
    image = Image.open(io.BytesIO(qr_png("https://motcuaso.example.vn/dossiers/42/")))

    assert image.format == "PNG"
    assert image.width == image.height >= 200


def test_signature_blocks_print_titles_notes_and_names():
    doc = _document()
    doc.signatures([
        Signature("Người nộp hồ sơ", name="Nguyễn Thị Ánh Hồng"),
        Signature("Bộ phận tiếp nhận và trả kết quả", note="", lines=("Tiếp nhận trực tuyến",)),
    ])  # fmt: skip

    text = pdf_text(doc.output())

    assert "NGƯỜI NỘP HỒ SƠ" in text
    assert "(Ký và ghi rõ họ tên)" in text
    assert "Nguyễn Thị Ánh Hồng" in text
    assert "Tiếp nhận trực tuyến" in text


def test_the_metadata_names_the_document_the_producer_and_the_creation_date():
    reader = pdf_reader(_document(subject="Đăng ký khai sinh").output())
    metadata = reader.metadata

    assert metadata.title == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    assert metadata.author == "UBND phường Hồng Bàng"
    assert metadata.subject == "Đăng ký khai sinh"
    assert metadata.producer.startswith("Một cửa số")
    assert metadata.creation_date == CREATED
    assert reader.pages[0].mediabox.width == 595.28  # A4 portrait, in points
    assert round(float(reader.pages[0].mediabox.height), 2) == 841.89


def test_the_same_content_and_date_give_the_same_bytes():
    def build() -> bytes:
        doc = _document()
        doc.field("Tiếp nhận hồ sơ của", "Nguyễn Thị Ánh Hồng")
        doc.qr("https://motcuaso.example.vn/dossiers/42/")
        return doc.output()

    assert build() == build()


def test_dates_and_amounts_are_written_the_vietnamese_administrative_way():
    assert vietnamese_date(datetime.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert vietnamese_date(datetime.date(2026, 11, 24)) == "ngày 24 tháng 11 năm 2026"
    at = datetime.datetime(2026, 11, 24, 2, 7, tzinfo=datetime.UTC)  # 09:07 in Hà Nội
    assert vietnamese_datetime(at) == "09 giờ 07 phút, ngày 24 tháng 11 năm 2026"
    assert vnd(1250000) == "1.250.000 đồng"


def test_a_value_that_fits_a_line_is_never_cut_after_a_long_label():
    url = "https://motcuaso.haiphong.gov.vn/dossiers/123456/"
    doc = _document()
    doc.field("Tra cứu hồ sơ, nhận thông báo và kết quả điện tử trên Cổng dịch vụ công", url,
              link=url)  # fmt: skip

    assert url in pdf_text(doc.output())


def test_a_document_is_dated_at_the_place_of_its_issuing_body():
    assert place_name("UBND phường Hồng Bàng", "UBND thành phố Hải Phòng") == "Hồng Bàng"
    assert place_name("UBND xã Cát Hải", "UBND thành phố Hải Phòng") == "Cát Hải"
    assert place_name("UBND đặc khu Bạch Long Vĩ") == "Bạch Long Vĩ"
    assert place_name("UBND tỉnh Cao Bằng") == "Cao Bằng"
    assert place_name("Sở Tư pháp", "UBND thành phố Hải Phòng") == "Hải Phòng"
    assert place_name("Cục Thuế, Bộ Tài chính") == ""
    day = datetime.date(2026, 11, 24)
    assert place_and_date("Hồng Bàng", day) == "Hồng Bàng, ngày 24 tháng 11 năm 2026"
    assert place_and_date("", day) == "Ngày 24 tháng 11 năm 2026"
