"""The receipt and appointment slip (giấy tiếp nhận hồ sơ và hẹn trả kết quả),
form 01 of Circular 01/2018/TT-VPCP, as a PDF: who submitted what to which
unit and when, when the result is due and where to collect it.

Its sections: the parties, here; the components received and those replaced
by electronic data (dossiers/receipt_components.py); the appointment, fee and
look-up (dossiers/receipt_appointment.py)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from django.utils import timezone

from dossiers.exceptions import DossierError
from dossiers.models import ActingBasis, Dossier, DossierEvent
from dossiers.party_details import form_value_first, form_values, subject_name
from dossiers.receipt_appointment import appointment_section
from dossiers.receipt_components import receipt_components, received_section, replaced_section
from dossiers.slip_parts import RECEIVING_UNIT, signatures_with_lookup_qr, unit_place
from dossiers.submission_times import submission_times
from portal.accounts.models import Role, User
from portal.pdf import Document, Issuer, Signature, place_and_date

TITLE = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"

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
        place_date=place_and_date(unit_place(agency), timezone.localdate(times.complete_at)),
    )  # fmt: skip
    doc.title(TITLE, subtitle=f"Mã hồ sơ: {dossier.code}")

    doc.field(RECEIVING_UNIT, agency.name)
    _parties(doc, dossier)
    doc.field("Nội dung yêu cầu giải quyết", f"{procedure.name} (mã thủ tục {procedure.code})")

    components = receipt_components(dossier)
    # Sections are numbered as they appear: the replaced components may have none.
    numbers = count(1)
    received_section(doc, components, online=reception.online, numbers=numbers)
    replaced_section(doc, components, numbers=numbers)
    appointment_section(
        doc, dossier, times,
        issued_online=reception.official is None and reception.online, numbers=numbers,
    )  # fmt: skip

    signatures_with_lookup_qr(doc, _signatures(dossier, reception), dossier=dossier)
    return doc.output()


# The parts of the slip.


def _parties(doc: Document, dossier: Dossier) -> None:
    applicant = dossier.applicant
    values = form_values(dossier)
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
        subject = subject_name(dossier, values)
        key = "mã số doanh nghiệp" if dossier.subject_is_enterprise else "số định danh cá nhân"
        doc.field(
            "Người được thực hiện thủ tục",
            f"{subject}, {key} {dossier.subject_personal_id}"
            if subject else f"{key} {dossier.subject_personal_id}",
        )  # fmt: skip
    address = form_value_first(values, "address")
    if address:
        doc.field("Địa chỉ", address)
    phone = form_value_first(values, "phone")
    email = form_value_first(values, "email") or applicant.email
    contact = "; ".join(
        part for part in (f"điện thoại {phone}" if phone else "",
                          f"thư điện tử {email}" if email else "") if part
    )  # fmt: skip
    if contact:
        doc.field("Liên hệ", contact)


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


def _reception(dossier: Dossier) -> _Reception:
    events = DossierEvent.objects.filter(
        dossier_id=dossier.pk, action__in=(*_SUBMISSIONS, "receive"), actor__isnull=False
    ).select_related("actor").order_by("at", "id")  # fmt: skip
    by_staff = [event for event in events if event.actor.role != Role.CITIZEN]
    return _Reception(
        official=by_staff[0].actor if by_staff else None,
        online=not any(event.action in _SUBMISSIONS for event in by_staff),
    )
