"""How text reaches a document: NFC-normalised (a decomposed "Ánh" typed on
some keyboards becomes the precomposed letters the font has glyphs for) and
dates written the way Vietnamese administrative documents write them."""

from __future__ import annotations

import datetime
import unicodedata

from django.utils import timezone


def nfc(text: object) -> str:
    """The text, precomposed (Unicode NFC)."""
    return unicodedata.normalize("NFC", str(text))


def _day(value: int) -> str:
    # Decree 30/2020/NĐ-CP: days below 10 take a leading zero.
    return f"{value:02d}"


def _month(value: int) -> str:
    # … and so do January and February, so that nothing can be added before them.
    return f"{value:02d}" if value < 3 else str(value)


def vietnamese_date(value: datetime.date) -> str:
    """'ngày 05 tháng 02 năm 2026', 'ngày 24 tháng 11 năm 2026'."""
    return f"ngày {_day(value.day)} tháng {_month(value.month)} năm {value.year}"


# Administrative-unit words that precede a place's own name in a body's name.
_UNIT_WORDS = ("thành phố", "đặc khu", "phường", "tỉnh", "xã")
_COMMITTEE = ("UBND ", "Ủy ban nhân dân ")


def place_name(*body_names: str) -> str:
    """The place a document is dated at (Decree 30/2020/NĐ-CP): the name of the
    administrative unit of the issuing body, given its name and those of the
    bodies above it, nearest first ('UBND phường Hồng Bàng' → 'Hồng Bàng';
    'Sở Tư pháp', 'UBND thành phố Hải Phòng' → 'Hải Phòng'). Empty when none says."""
    for name in body_names:
        for prefix in _COMMITTEE:
            if name.startswith(prefix):
                unit = name[len(prefix) :]
                for word in _UNIT_WORDS:
                    if unit.lower().startswith(f"{word} "):
                        return unit[len(word) + 1 :]
                return unit
    return ""


def place_and_date(place: str, value: datetime.date) -> str:
    """'Hồng Bàng, ngày 24 tháng 11 năm 2026', or 'Ngày 24 tháng 11 năm 2026' without a place."""
    date = vietnamese_date(value)
    return f"{place}, {date}" if place else date[0].upper() + date[1:]


def vietnamese_datetime(value: datetime.datetime) -> str:
    """'09 giờ 12 phút, ngày 24 tháng 11 năm 2026', in the portal's time zone."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local.hour:02d} giờ {local.minute:02d} phút, {vietnamese_date(local.date())}"


def short_datetime(value: datetime.datetime) -> str:
    """'24/11/2026 09:12', in the portal's time zone."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.strftime("%d/%m/%Y %H:%M")


def vnd(amount: int) -> str:
    """'50.000 đồng'."""
    return f"{amount:,} đồng".replace(",", ".")
