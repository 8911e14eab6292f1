"""Reading a generated PDF back, as a person or a scanner would: its text
(pypdf), its metadata, and the QR codes of its images (zxing-cpp)."""

from __future__ import annotations

import io
import unicodedata

import zxingcpp
from pypdf import PdfReader


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    """The text of every page, NFC-normalised, whitespace runs folded to one space."""
    pages = [page.extract_text() or "" for page in pdf_reader(data).pages]
    return " ".join(unicodedata.normalize("NFC", " ".join(pages)).split())


def page_texts(data: bytes) -> list[str]:
    return [
        " ".join(unicodedata.normalize("NFC", page.extract_text() or "").split())
        for page in pdf_reader(data).pages
    ]


def qr_codes(data: bytes) -> list[str]:
    """What the QR codes in the document's images say."""
    found = []
    for page in pdf_reader(data).pages:
        for image in page.images:
            for barcode in zxingcpp.read_barcodes(image.image):
                if barcode.format == zxingcpp.BarcodeFormat.QRCode:
                    found.append(barcode.text)
    return found
