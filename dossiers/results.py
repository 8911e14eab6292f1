"""The electronic result of a dossier (kết quả giải quyết thủ tục hành chính
điện tử, Decree 45/2020): the official proposes it, the unit's leader signs it
and the portal issues the decision or certificate as a PDF with a QR code to
verify it; it is kept in the subject's document store, and returned online or
at the counter."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossiers import eforms
from dossiers.concerned import applicant_role_vi, concerned_person_shown
from dossiers.exceptions import DossierError
from dossiers.models import Dossier, ResultDocument
from dossiers.party_details import subject_name
from dossiers.result_delivery import return_way
from dossiers.result_terms import valid_until, validity_of
from dossiers.signing import signed_notify
from dossiers.slip_parts import unit_place
from dossiers.stale_pages import SeenState, dossier_unchanged_check
from dossiers.states import transition
from dossiers.submission_times import COMPLETED_AS_ASKED, submission_times
from portal.accounts.models import User
from portal.notifications.services import notify
from portal.pdf import (
    PREVIEW,
    Document,
    Issuer,
    Signature,
    place_and_date,
    vietnamese_datetime,
)

_VERIFY_SALT = "dossiers.results.verify"
# Under a preview's QR code, where the issued result's says how to verify it.
PREVIEW_QR_CAPTION = "Mã xác thực được cấp khi ký"


class ReturnChannel(models.TextChoices):
    ONLINE = "online", gettext_lazy("Online, in the citizen's document store")
    COUNTER = "counter", gettext_lazy("At the counter")
    POST = "post", gettext_lazy("By post")


def result_verify_token(result: ResultDocument) -> str:
    return signing.dumps(result.pk, salt=_VERIFY_SALT)


def result_from_token(token: str) -> ResultDocument | None:
    """The result a verification QR code names, or None for a forged or unknown one."""
    try:
        pk = signing.loads(token, salt=_VERIFY_SALT)
    except signing.BadSignature:
        return None
    return (
        ResultDocument.objects.select_related("dossier__agency", "dossier__procedure")
        .filter(pk=pk)
        .first()
    )


def _verify_url(result: ResultDocument) -> str:
    path = reverse("dossiers:result-verify", kwargs={"token": result_verify_token(result)})
    return settings.PORTAL_BASE_URL + path


def result_pdf(*, result: ResultDocument, preview: bool = False) -> bytes:
    """The result document as PDF bytes: the procedure's result (decision,
    certificate…), to whom, by which unit, when, with a QR code to verify it.
    With `preview`, of a result not issued (not saved) yet: the same document,
    marked on every page as a preview not signed (dossiers.signature_preview)."""
    dossier = result.dossier
    agency, procedure = dossier.agency, dossier.procedure
    with translation.override("vi"):  # the document is in Vietnamese whoever issues it
        fields = eforms.form_fields(dossier=dossier)
    subject = subject_name(dossier, [(field.name, field.type, field.value) for field in fields])
    doc = Document(
        title=result.title,
        author=agency.name,
        subject=f"{procedure.name}, mã hồ sơ {dossier.code}",
        keywords=(dossier.code or "", procedure.code),
        footer=f"{result.title} · Mã hồ sơ {dossier.code}",
        created_at=result.issued_at,
        preview=PREVIEW if preview else (),
    )
    doc.heading(
        issuer=Issuer(parent=agency.parent.name if agency.parent else "", name=agency.name),
        place_date=place_and_date(unit_place(agency), timezone.localdate(result.issued_at)),
        number=f"Số: {dossier.code}/KQ",
    )
    doc.title(result.title.upper(), subtitle=f"Kết quả giải quyết thủ tục “{procedure.name}”")
    key = "Mã số doanh nghiệp" if dossier.subject_is_enterprise else "Số định danh cá nhân"
    doc.field("Cấp cho", subject or f"{key.lower()} {result.subject_personal_id}")
    doc.field(key, result.subject_personal_id)
    _concerned(doc, dossier)
    doc.field("Thủ tục hành chính", f"{procedure.name} (mã thủ tục {procedure.code})")
    doc.field("Mã hồ sơ", dossier.code or "")
    if dossier.submitted_at:
        _reception(doc, dossier)
    doc.field("Cơ quan giải quyết", agency.name)
    doc.field("Thời gian cấp", vietnamese_datetime(result.issued_at))
    _granted(doc, fields)
    _validity(doc, result, fields)
    doc.paragraph(
        f"{agency.name} đã xem xét hồ sơ và chấp thuận yêu cầu. Kết quả giải quyết thủ tục "
        "hành chính điện tử có giá trị pháp lý như kết quả bản giấy (Nghị định 45/2020/NĐ-CP) "
        "và được lưu vào kho giấy tờ điện tử của công dân để sử dụng lại."
    )
    doc.signatures(
        [leader_signature(agency.name, result.issued_by, signed=not preview)],
        # A result not issued has nothing to verify: its code says it is a preview.
        qr=" · ".join(PREVIEW) if preview else _verify_url(result),
        qr_caption=PREVIEW_QR_CAPTION if preview else "Quét để xác thực kết quả",
    )
    return doc.output()


def _concerned(doc: Document, dossier: Dossier) -> None:
    """The person the procedure concerns besides the subject (the deceased of
    funeral-cost support), named as the applicant named them, and what the
    applicant stated they are to them: the result is about that person too."""
    with translation.override("vi"):
        shown = concerned_person_shown(dossier)
    if shown is None:
        return
    applicant = dossier.applicant.full_name or dossier.applicant.username
    role = applicant_role_vi(dossier, shown.title.lower())
    doc.field("Người đề nghị", f"{applicant} ({role})" if role else applicant)
    doc.field(shown.title, shown.full_name)
    doc.field(f"Số định danh cá nhân của {shown.title.lower()}", shown.personal_id)


def leader_signature(unit: str, leader: User | None, *, signed: bool = True) -> Signature:
    """The signature of a document the unit's leader issues: "TM. <unit>", their
    title, "Đã ký số" once signed ("Chưa ký" on a preview), their name."""
    title = "\n".join((f"TM. {unit}", *(signing_title(leader) if leader else ())))
    name = (leader.full_name or leader.username) if leader else ""
    return Signature(title, note="", lines=("Đã ký số" if signed else "Chưa ký",), space=4,
                     name=name)  # fmt: skip


def signing_title(leader: User) -> tuple[str, ...]:
    """The lines under "TM. <unit>" naming who signs, by their position: the head
    signs as such ("Chủ tịch"), a deputy on the head's behalf ("KT. Chủ tịch",
    then "Phó Chủ tịch"); a leader whose position is not on record as "Lãnh đạo"."""
    position = " ".join(leader.position.split())
    if not position:
        return ("Lãnh đạo",)
    if position.lower().startswith("phó ") and len(position) > 4:
        return (f"KT. {position[4:]}", position)
    return (position,)


# How to reach the applicant, which no result certifies.
_CONTACT_TYPES = frozenset({"phone", "email"})


def _granted(doc: Document, fields: list[eforms.FieldState]) -> None:
    """What was asked and is now granted (the address registered, the child's
    name…): the dossier's e-form as it was decided, prefilled values as read
    from their source. A field left empty, one the form did not ask as it was
    decided (the intended spouse of a certificate for another purpose) and the
    applicant's contact details are not listed."""
    rows = [
        (field.label, _granted_value(field))
        for field in fields
        if field.type not in _CONTACT_TYPES and eforms.field_applies(field, fields=fields)
    ]
    rows = [(label, value) for label, value in rows if value]
    if not rows:
        return
    doc.section("Nội dung được chấp thuận")
    for label, value in rows:
        doc.field(label, value)


def _validity(doc: Document, result: ResultDocument, fields: list[eforms.FieldState]) -> None:
    """How long the result is valid and for which use, when the law limits it
    (a marital status certificate: 6 months, for the purpose it states)."""
    validity = validity_of(result.document_type)
    if validity is None:
        return
    until = valid_until(timezone.localdate(result.issued_at), validity.months)
    text = (
        f"Giấy này có giá trị sử dụng trong thời hạn {validity.months:02d} tháng kể từ ngày cấp, "
        f"đến hết ngày {until.strftime('%d/%m/%Y')} ({validity.legal_basis})"
    )
    purpose = next((f for f in fields if f.name == validity.purpose_field and f.value), None)
    if purpose is not None:
        text += f", và chỉ có giá trị sử dụng vào mục đích ghi tại mục “{purpose.label}”"
    doc.paragraph(text + ".")


def _granted_value(field: eforms.FieldState) -> str:
    if field.type == "boolean":
        return {True: "Có", False: "Không"}.get(field.value, "")
    with translation.override("vi"):
        return eforms.value_shown(field.value)


def _reception(doc: Document, dossier: Dossier) -> None:
    """When the dossier was received, as its receipt gives it: one asked to be
    completed before reception was received only once complete."""
    times = submission_times(dossier=dossier)
    if times.completed_at is None:
        doc.field("Thời gian tiếp nhận hồ sơ", vietnamese_datetime(times.submitted_at))
        return
    doc.field("Thời gian nộp hồ sơ lần đầu", vietnamese_datetime(times.submitted_at))
    doc.field(
        "Thời gian tiếp nhận hồ sơ",
        f"{vietnamese_datetime(times.completed_at)} ({COMPLETED_AS_ASKED})",
    )


@transaction.atomic
def dossier_approve_with_result(*, dossier: Dossier, by: User,
                                seen: SeenState | None = None) -> ResultDocument:  # fmt: skip
    """The unit's leader signs the result the official proposed: the dossier is
    approved (result ready) and its electronic result issued in the leader's
    name, kept as a ResultDocument of the subject. Raises TransitionRefused
    (not the unit's leader, not awaiting signature), and DossierChanged when it
    is no longer as `seen` (the page's view of it)."""
    dossier_unchanged_check(dossier=dossier, seen=seen)
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency__parent", "applicant", "form")
        .get(pk=dossier.pk)
    )
    transition(dossier=dossier, action="approve", by=by)
    result = ResultDocument.objects.create(
        dossier=dossier, subject_personal_id=dossier.subject_personal_id,
        title=dossier.procedure.result_type or dossier.procedure.name, issued_by=by, sha256="",
        document_type=dossier.procedure.result_document_type,
    )  # fmt: skip
    content = result_pdf(result=result)
    result.sha256 = hashlib.sha256(content).hexdigest()
    result.file.save(f"{dossier.code}.pdf", ContentFile(content), save=False)
    result.save(update_fields=["file", "sha256"])
    signed_notify(dossier=dossier, by=by)
    return result


@transaction.atomic
def result_return(*, dossier: Dossier, by: User, how: str | None = None,
                  tracking_number: str = "", seen: SeenState | None = None) -> Dossier:  # fmt: skip
    """Return the result to the applicant, online, at the counter or by post,
    as they chose at submission (result_delivery.return_way; by post with the
    postal service's `tracking_number`): the dossier is closed (result
    returned), its results marked returned, the applicant notified. Raises
    DossierError for a way refused, TransitionRefused, and DossierChanged when
    it is no longer as `seen` (the page's view of it)."""
    if how and how not in ReturnChannel.values:
        raise DossierError(_("Cách trả kết quả không hợp lệ. Unknown way to return the result."))
    dossier_unchanged_check(dossier=dossier, seen=seen)
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=dossier.pk)
    )
    # Online is the default way; a return at the counter or by post is noted on the event.
    way = return_way(dossier=dossier, how=how, tracking_number=tracking_number)
    posted = {"postal_tracking_number": way.tracking_number} if way.tracking_number else {}
    transition(dossier=dossier, action="return_result", by=by, reason=way.note, **posted)
    ResultDocument.objects.filter(dossier=dossier, returned_at__isnull=True).update(
        returned_at=timezone.now()
    )
    notify(
        user=dossier.applicant,
        title=_("Đã trả kết quả hồ sơ %(code)s. Result of dossier %(code)s returned.")
        % {"code": dossier.code},
        body=_(
            "Kết quả giải quyết hồ sơ %(code)s đã được trả và lưu trong kho giấy tờ của bạn. "
            "The result of dossier %(code)s was returned and is kept in your document store."
        ) % {"code": dossier.code} + (f" {way.note}" if way.tracking_number else ""),
        url=reverse("dossiers:results"),
    )  # fmt: skip
    return dossier
