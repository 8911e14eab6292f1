"""What the receipt and the other slips of a dossier (forms 01 to 05 of
Circular 01/2018/TT-VPCP) print alike: the receiving unit, the place of issue
named from the unit's chain, and the way to the public look-up
(dossiers/lookup.py): its key and address in text, and the QR code at their
foot."""

from __future__ import annotations

from collections.abc import Sequence

from dossiers.lookup import key_shown, lookup_url
from dossiers.models import Dossier
from portal.accounts.models import Agency
from portal.pdf import Document, Signature, place_name

RECEIVING_UNIT = "Bộ phận tiếp nhận và trả kết quả"


def unit_place(agency: Agency | None) -> str:
    """The place a paper of this unit is issued at, named from the unit and
    the bodies above it (portal.pdf.place_name)."""
    names = []
    while agency is not None:
        names.append(agency.name)
        agency = agency.parent
    return place_name(*names)


def lookup_fields(doc: Document, dossier: Dossier) -> None:
    """The dossier's look-up key and the address of its look-up, in text: with
    the code, they let anyone holding the paper follow the dossier without an
    account and without a camera to scan the QR code."""
    doc.field("Mã tra cứu hồ sơ", key_shown(dossier.lookup_key))
    url = lookup_url(dossier)
    doc.field("Tra cứu hồ sơ, không cần đăng nhập", url, link=url)


def signatures_with_lookup_qr(
    doc: Document, signatures: Sequence[Signature], *, dossier: Dossier
) -> None:
    """The signature blocks, beside the QR code of the dossier's public look-up,
    opened with its code and key: no login, no row number."""
    doc.signatures(signatures, qr=lookup_url(dossier), qr_caption="Quét để tra cứu hồ sơ")
