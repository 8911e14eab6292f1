"""A document builder on fpdf2 with the layout of Vietnamese administrative
documents (Decree 30/2020/NĐ-CP): A4 portrait, margins of 20 mm top and
bottom, 30 mm left and 15 mm right, the issuing body on the left of the
heading and the national title with its underlined motto on the right.

Every string is NFC-normalised before it is drawn. The output depends only on
what was drawn and on `created_at`: the same content and date give the same bytes.

A document drawn as a preview (`preview`: the words that say so) carries them
across every page, in a band at its top, diagonally behind its text and in its
footer, so that no copy of it, printed or cropped, passes for the issued one."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

import fpdf
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import TableBordersLayout, TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace

from portal.pdf.fonts import FontFamily, document_font
from portal.pdf.qr import qr_png
from portal.pdf.text import nfc

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PRODUCER = f"Một cửa số (fpdf2 {fpdf.__version__})"

# Sizes in points and millimetres.
BODY_SIZE = 11
SMALL_SIZE = 9.5
UNBROKEN_MIN_SIZE = 7  # the smallest a field's unbroken value is set in
TABLE_SIZE = 9.5
HEADING_SIZE = 11
TITLE_SIZE = 13.5
LINE = 5.3
# The left part of the heading (the issuing body); the right part takes the rest.
ISSUER_WIDTH = 72.0
SIGNATURE_SPACE = 22.0
QR_BESIDE_SIGNATURES = 24.0
_GREY = (235, 235, 235)
# What marks a document drawn for review before it is signed, Vietnamese first.
PREVIEW = ("BẢN XEM TRƯỚC — CHƯA KÝ", "PREVIEW — NOT SIGNED")
_PREVIEW_RED = (190, 30, 30)
_PREVIEW_WATERMARK = (242, 200, 200)


@dataclass(frozen=True)
class Issuer:
    """The issuing body of the heading's left part: its governing body
    (printed first, regular), its own name and the unit within it (bold)."""

    name: str
    parent: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Column:
    """A table column: its heading, its width in mm (0 shares what the fixed
    columns leave) and its alignment ("L", "C", "R")."""

    heading: str
    width: float = 0
    align: str = "L"


@dataclass(frozen=True)
class Signature:
    """A signature block: its title (printed upper case), the note under it,
    lines printed in place of a handwritten signature, and the signer's name."""

    title: str
    note: str = "(Ký và ghi rõ họ tên)"
    name: str = ""
    lines: Sequence[str] = field(default_factory=tuple)
    # Room for a handwritten signature and seal, in mm; less where nobody signs by hand.
    space: float = SIGNATURE_SPACE


class _Pages(FPDF):
    """fpdf2 with the page footer of our documents."""

    footer_text = ""
    font_family = ""
    preview: tuple[str, ...] = ()

    def header(self) -> None:
        """A preview's marking, drawn first on each page: what follows is over it."""
        if not self.preview:
            return
        with self.local_context():
            self.set_font(self.font_family, "B", 44)
            self.set_text_color(*_PREVIEW_WATERMARK)
            first = self.preview[0]
            width = self.get_string_width(first)
            centre_x, centre_y = self.w / 2, self.h / 2
            with self.rotation(angle=55, x=centre_x, y=centre_y):
                self.text(centre_x - width / 2, centre_y, first)
            self.set_font(self.font_family, "B", 10)
            self.set_text_color(*_PREVIEW_RED)
            self.set_draw_color(*_PREVIEW_RED)
            self.set_xy(self.l_margin, 8)
            self.cell(self.epw, 7, " · ".join(self.preview), border=1, align="C")
        self.set_xy(self.l_margin, self.t_margin)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.font_family, "I", 8)
        self.set_text_color(90, 90, 90)
        text = f"Trang {self.page_no()}/{{nb}}"
        if self.preview:
            text = f"{self.preview[0]} · {text}"
        if self.footer_text:
            text = f"{self.footer_text} · {text}"
        self.cell(0, 5, text, align="R")
        self.set_text_color(0, 0, 0)


class Document:
    """One A4 portrait document, built top to bottom, then `output()` as PDF bytes.

    Metadata: `title`, `author` (the issuing body), `subject`, `keywords`; the
    producer is the portal; `created_at` (default: now) is the creation date.
    `footer` is printed with the page number at the foot of every page.
    `preview`, the words marking a draft not signed, Vietnamese first
    (("BẢN XEM TRƯỚC — CHƯA KÝ", "PREVIEW — NOT SIGNED")), is printed on every
    page and heads the title."""

    def __init__(
        self,
        *,
        title: str,
        author: str = "",
        subject: str = "",
        keywords: Sequence[str] = (),
        footer: str = "",
        created_at: datetime.datetime | None = None,
        font: FontFamily | None = None,
        preview: Sequence[str] = (),
    ) -> None:
        self.font = font or document_font()
        pdf = _Pages(orientation="portrait", unit="mm", format="A4")
        pdf.set_margins(left=30, top=20, right=15)
        pdf.set_auto_page_break(auto=True, margin=20)
        for style, path in self.font.styles().items():
            pdf.add_font(self.font.name, style, str(path))
        pdf.font_family = self.font.name
        pdf.footer_text = nfc(footer)
        pdf.preview = tuple(nfc(words) for words in preview)
        pdf.set_title(nfc(f"{preview[0]}: {title}" if preview else title))
        if author:
            pdf.set_author(nfc(author))
        if subject:
            pdf.set_subject(nfc(subject))
        if keywords:
            pdf.set_keywords(nfc(", ".join(keywords)))
        pdf.set_creator(PRODUCER)
        pdf.set_producer(PRODUCER)
        pdf.set_lang("vi")
        pdf.set_creation_date(created_at or timezone.now())
        pdf.add_page()
        self.pdf = pdf
        self._font()

    # Building blocks, in the order a document uses them.

    def heading(self, *, issuer: Issuer, place_date: str = "", number: str = "") -> None:
        """The heading: the issuing body on the left, with a short rule under
        it; the national title and the underlined motto on the right; then the
        document number on the left and the place and date (italic) on the right."""
        pdf = self.pdf
        top = pdf.get_y()
        left = pdf.l_margin
        right = left + ISSUER_WIDTH
        right_width = pdf.epw - ISSUER_WIDTH
        line = 5.2

        pdf.set_xy(left, top)
        issuer_lines = [(issuer.parent, "")] if issuer.parent else []
        issuer_lines += [(issuer.name, "B")]
        if issuer.unit:
            issuer_lines += [(issuer.unit, "B")]
        widest_bold = 0.0
        for text, style in issuer_lines:
            self._font(style, HEADING_SIZE)
            upper = nfc(text).upper()
            pdf.set_x(left)
            pdf.multi_cell(ISSUER_WIDTH, line, upper, align="C", new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)  # fmt: skip
            if style == "B":
                widest_bold = max(widest_bold, min(pdf.get_string_width(upper), ISSUER_WIDTH))
        left_bottom = pdf.get_y()
        self._rule(left + ISSUER_WIDTH / 2, left_bottom + 0.8, widest_bold / 3)

        pdf.set_xy(right, top)
        self._font("B", HEADING_SIZE)
        pdf.cell(right_width, line, NATIONAL_TITLE, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        self._font("B", HEADING_SIZE + 1)
        pdf.cell(right_width, line + 0.6, MOTTO, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        motto_width = pdf.get_string_width(MOTTO)
        right_bottom = pdf.get_y()
        self._rule(right + right_width / 2, right_bottom + 0.3, motto_width)

        below = max(left_bottom, right_bottom) + 4
        if number or place_date:
            pdf.set_xy(left, below)
            self._font("", BODY_SIZE)
            if number:
                pdf.cell(ISSUER_WIDTH, LINE, nfc(number), align="C")
            if place_date:
                pdf.set_xy(right, below)
                self._font("I", BODY_SIZE)
                pdf.cell(right_width, LINE, nfc(place_date), align="C")
            below += LINE
        pdf.set_xy(left, below + 4)
        self._font()

    def title(self, text: str, *, subtitle: str = "") -> None:
        """The document's name, bold upper case and centred, with an optional line under it."""
        self._font("B", TITLE_SIZE)
        self.pdf.multi_cell(0, 7, nfc(text).upper(), align="C", new_x=XPos.LMARGIN,
                            new_y=YPos.NEXT)  # fmt: skip
        if subtitle:
            self._font("B", BODY_SIZE)
            self.pdf.multi_cell(0, LINE, nfc(subtitle), align="C", new_x=XPos.LMARGIN,
                                new_y=YPos.NEXT)  # fmt: skip
        self.space(2)
        self._font()

    def section(self, text: str) -> None:
        """A bold line that opens a part of the document; never left alone at a page's foot."""
        self._keep_room(LINE * 3)
        self.space(1.5)
        self._font("B", BODY_SIZE)
        self.pdf.multi_cell(0, LINE, nfc(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self._font()

    def paragraph(self, text: str, *, style: str = "", size: float = BODY_SIZE,
                  align: str = "J") -> None:  # fmt: skip
        """A paragraph that wraps at the margins and breaks across pages."""
        self._font(style, size)
        self.pdf.multi_cell(0, LINE if size >= BODY_SIZE else LINE - 1.2, nfc(text), align=align,
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
        self._font()

    def field(self, label: str, value: str, *, link: str = "") -> None:
        """'label: value', the value in bold, wrapping to the left margin; a
        value that fits on a line but not after its label starts on the next
        line, so that a code or an address is never cut. `link` makes it clickable."""
        pdf = self.pdf
        pdf.set_x(pdf.l_margin)
        self._font()
        label_text = f"{nfc(label)}: "
        label_width = pdf.get_string_width(label_text)
        pdf.write(LINE, label_text)
        self._font("B")
        value_text = nfc(value)
        value_width = pdf.get_string_width(value_text)
        if " " not in value_text and value_width > pdf.epw:
            # Too long for a line and nowhere to break (a web address): smaller, so
            # that it reads, and is found, whole.
            self._font("B", max(UNBROKEN_MIN_SIZE, BODY_SIZE * pdf.epw / value_width * 0.98))
            value_width = pdf.get_string_width(value_text)
        if " " not in value_text and label_width + value_width > pdf.epw >= value_width:
            pdf.ln(LINE)
        pdf.write(LINE, value_text, link=link)
        pdf.ln(LINE)
        self._font()

    def note(self, text: str) -> None:
        """A small italic line: how to read what precedes it."""
        self.paragraph(text, style="I", size=SMALL_SIZE, align="L")

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> None:
        """A bordered table with a grey heading row, repeated on each page;
        cells wrap, and the table breaks between rows across pages."""
        pdf = self.pdf
        fixed = sum(column.width for column in columns)
        shared = [column for column in columns if not column.width]
        rest = max(pdf.epw - fixed, 0) / len(shared) if shared else 0
        widths = tuple(column.width or rest for column in columns)
        self._keep_room(LINE * 4)
        self._font("", TABLE_SIZE)
        with pdf.table(
            width=pdf.epw,
            col_widths=widths,
            text_align=tuple(column.align for column in columns),
            line_height=4.5,
            padding=(1, 1.5),
            borders_layout=TableBordersLayout.ALL,
            headings_style=FontFace(emphasis="BOLD", fill_color=_GREY),
            cell_fill_mode=TableCellFillMode.NONE,
            first_row_as_headings=True,
            repeat_headings=1,
        ) as table:
            table.row([nfc(column.heading) for column in columns])
            for cells in rows:
                table.row([nfc(cell) for cell in cells])
        self.space(2)
        self._font()

    def qr(self, data: str, *, caption: str = "", size: float = 26) -> None:
        """A QR code of `data` (`size` mm square) with its caption to the right."""
        pdf = self.pdf
        self._keep_room(size + 2)
        top = pdf.get_y()
        self._qr_image(data, x=pdf.l_margin, y=top, size=size, title=caption)
        if caption:
            pdf.set_xy(pdf.l_margin + size + 4, top + 4)
            self._font("", SMALL_SIZE)
            pdf.multi_cell(pdf.epw - size - 4, LINE - 1.2, nfc(caption), align="L",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
        pdf.set_xy(pdf.l_margin, max(pdf.get_y(), top + size) + 2)
        self._font()

    def signatures(self, blocks: Sequence[Signature], *, qr: str = "", qr_caption: str = "",
                   qr_size: float = QR_BESIDE_SIGNATURES) -> None:  # fmt: skip
        """Signature blocks side by side, their names on one line, kept together
        on one page; with `qr`, a QR code of it (and a short caption under it)
        to their left, as slips carry it at their foot."""
        pdf = self.pdf
        most_lines = max(len(block.lines) + bool(block.note) for block in blocks)
        most_space = max(block.space for block in blocks)
        qr_column = qr_size + 6 if qr else 0
        qr_height = qr_size + (LINE * 2 if qr_caption else 0) if qr else 0
        self._keep_room(max(LINE * (2 + most_lines) + most_space + LINE, qr_height) + 3)
        self.space(3)
        top = pdf.get_y()
        left = pdf.l_margin + qr_column
        width = (pdf.epw - qr_column) / len(blocks)
        names_at = top
        for index, block in enumerate(blocks):
            pdf.set_xy(left + index * width, top)
            self._font("B")
            pdf.multi_cell(width, LINE, nfc(block.title).upper(), align="C", new_x=XPos.LEFT,
                           new_y=YPos.NEXT)  # fmt: skip
            self._font("I", SMALL_SIZE)
            for text in (block.note, *block.lines) if block.note else block.lines:
                pdf.multi_cell(width, LINE - 1, nfc(text), align="C", new_x=XPos.LEFT,
                               new_y=YPos.NEXT)  # fmt: skip
            names_at = max(names_at, pdf.get_y() + block.space)
        bottom = names_at
        self._font("B")
        for index, block in enumerate(blocks):
            if block.name:
                pdf.set_xy(left + index * width, names_at)
                pdf.multi_cell(width, LINE, nfc(block.name), align="C", new_x=XPos.LEFT,
                               new_y=YPos.NEXT)  # fmt: skip
                bottom = max(bottom, pdf.get_y())
        if qr:
            self._qr_image(qr, x=pdf.l_margin, y=top, size=qr_size, title=qr_caption)
            bottom = max(bottom, top + qr_size)
            if qr_caption:
                pdf.set_xy(pdf.l_margin, top + qr_size)
                self._font("I", SMALL_SIZE - 1)
                pdf.multi_cell(qr_size, LINE - 1.5, nfc(qr_caption), align="C",
                               new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
                bottom = max(bottom, pdf.get_y())
        pdf.set_xy(pdf.l_margin, bottom)
        self._font()

    def space(self, height: float) -> None:
        """Vertical space, in mm."""
        self.pdf.set_xy(self.pdf.l_margin, self.pdf.get_y() + height)

    def output(self) -> bytes:
        """The finished document as PDF bytes."""
        return bytes(self.pdf.output())

    # Internals.

    def _font(self, style: str = "", size: float = BODY_SIZE) -> None:
        self.pdf.set_font(self.font.name, style, size)

    def _qr_image(self, data: str, *, x: float, y: float, size: float, title: str) -> None:
        self.pdf.image(qr_png(data), x=x, y=y, w=size, h=size, alt_text=nfc(data),
                       title=nfc(title) or None)  # fmt: skip

    def _rule(self, centre: float, y: float, width: float) -> None:
        self.pdf.set_line_width(0.3)
        self.pdf.line(centre - width / 2, y, centre + width / 2, y)

    def _keep_room(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one."""
        pdf = self.pdf
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
