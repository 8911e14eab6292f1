"""Filing and reclassifying complaints. Routing happens in the background
(complaints.tasks), enqueued once the complaint is committed."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.codes import complaint_code_issue
from complaints.deadlines import handling_due
from complaints.dossier_links import dossier_linkable
from complaints.exceptions import ComplaintInvalid, ComplaintStorageUnavailable
from complaints.held_evidence import held_evidence_delete
from complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintEvidence,
    ComplaintStatus,
    HeldEvidence,
)
from complaints.notifications import reporter_notify
from dossiers.attachments import original_name_clean, upload_inspect
from dossiers.exceptions import UploadRefused
from dossiers.models import Dossier
from portal.accounts.models import Agency, Role, User
from portal.core.enqueue import enqueue_on_commit
from procedures.models import Procedure

logger = logging.getLogger(__name__)

DESCRIPTION_MAX = 5000
SHORT_TEXT_MAX = 500
# The columns' own limits: a longer text is refused, as PostgreSQL would refuse it.
OFFICIAL_NAMED_MAX = 255
EMAIL_MAX = 254
EVIDENCE_MAX_FILES = 3


def text_characters_check(value: str, *, field: str) -> None:
    """Raises ComplaintInvalid for a text with a NUL character, which no
    person types and PostgreSQL cannot store (it would fail the request)."""
    if "\x00" in value:
        raise ComplaintInvalid(
            _(
                "Nội dung có ký tự không hợp lệ (NUL). "
                "The text contains a character that is not allowed (NUL)."
            ),
            field=field,
        )


@dataclass(frozen=True)
class Report:
    """What the reporter tells: the same whoever enters it."""

    category: str
    description: str
    unit: Agency | None = None
    procedure: Procedure | None = None
    dossier: Dossier | None = None
    requested_item: str = ""
    official_named: str = ""


@dataclass(frozen=True)
class Contact:
    """How to reach a reporter who has no account on the portal."""

    name: str = ""
    phone: str = ""
    email: str = ""


def _enqueue_routing(complaint: Complaint) -> None:
    from complaints.tasks import complaint_route_task

    enqueue_on_commit(complaint_route_task, complaint.pk)


Errors = dict[str, list[str]]


def _refuse(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _report_check(report: Report, *, reporter: User | None, errors: Errors) -> Report:
    if report.category not in ComplaintCategory.values:
        _refuse(errors, "category", _("Chọn loại phản ánh. Choose what the complaint is about."))
    description = (report.description or "").strip()
    if not description:
        _refuse(errors, "description", _("Hãy cho biết điều đã xảy ra. Tell us what happened."))
    elif len(description) > DESCRIPTION_MAX:
        _refuse(
            errors, "description",
            _("Nội dung tối đa %(n)s ký tự. The description is limited to %(n)s characters.")
            % {"n": DESCRIPTION_MAX},
        )  # fmt: skip
    for field, limit in (
        ("requested_item", SHORT_TEXT_MAX),
        ("official_named", OFFICIAL_NAMED_MAX),
    ):
        if len(getattr(report, field) or "") > limit:
            _refuse(
                errors, field, _("Tối đa %(n)s ký tự. At most %(n)s characters.") % {"n": limit}
            )
    dossier, unit, procedure = report.dossier, report.unit, report.procedure
    # Only a dossier one filed or that was filed for one; another's is treated
    # as unknown, not as forbidden.
    dossier_refused = dossier is not None and not dossier_linkable(dossier=dossier, user=reporter)
    if dossier_refused:
        _refuse(errors, "dossier", _("Không tìm thấy hồ sơ của bạn. Your dossier was not found."))
    elif dossier is not None:
        # The dossier's unit is the one concerned, and routes the complaint: a
        # unit or province chosen besides it (left from before) does not.
        unit = dossier.agency
        procedure = procedure or dossier.procedure
    if unit is None and not dossier_refused:
        # With a dossier refused, the unit may yet come from the right one.
        _refuse(errors, "unit", _("Chọn cơ quan, đơn vị bị phản ánh. Choose the unit concerned."))
    return Report(
        category=report.category, description=description, unit=unit, procedure=procedure,
        dossier=dossier, requested_item=(report.requested_item or "").strip(),
        official_named=(report.official_named or "").strip(),
    )  # fmt: skip


def _contact_check(contact: Contact, *, errors: Errors) -> Contact:
    name, phone, email = (
        (contact.name or "").strip(),
        (contact.phone or "").strip(),
        (contact.email or "").strip(),
    )
    if not name:
        _refuse(errors, "reporter_name", _("Nhập họ và tên. Enter your name."))
    if not phone and not email:
        _refuse(
            errors, "reporter_phone",
            _(
                "Để lại số điện thoại hoặc thư điện tử để nhận kết quả. "
                "Leave a phone number or an e-mail address to hear back."
            ),
        )  # fmt: skip
    if len(email) > EMAIL_MAX:
        _refuse(errors, "reporter_email",
                _("Tối đa %(n)s ký tự. At most %(n)s characters.") % {"n": EMAIL_MAX})  # fmt: skip
    return Contact(name=name[:255], phone=phone[:20], email=email)


def _evidence_check(evidence: Sequence[UploadedFile], *, held: Sequence[HeldEvidence],
                    errors: Errors) -> list:  # fmt: skip
    """Every file checked as dossier uploads are (size, type by content)
    before anything is stored; those held from a form sent back passed already,
    and count towards the limit."""
    if len(evidence) + len(held) > EVIDENCE_MAX_FILES:
        _refuse(errors, "evidence",
                _("Đính kèm tối đa %(n)s tệp. Attach at most %(n)s files.")
                % {"n": EVIDENCE_MAX_FILES})  # fmt: skip
        return []
    checked = []
    for upload in evidence:
        try:
            checked.append((upload, upload_inspect(upload)))
        except UploadRefused as error:
            _refuse(errors, "evidence", error.message)
        upload.seek(0)
    return checked


@dataclass(frozen=True)
class Filing:
    """A complaint's input that passed every rule, cleaned, ready to record."""

    report: Report
    reporter: User | None
    contact: Contact
    evidence: list
    held: Sequence[HeldEvidence] = ()


def complaint_check(
    *,
    report: Report,
    reporter: User | None = None,
    contact: Contact | None = None,
    evidence: Sequence[UploadedFile] = (),
    held: Sequence[HeldEvidence] = (),
) -> Filing:
    """Every rule a complaint must pass, checked all together, nothing stored.
    Raises ComplaintInvalid naming every field at fault, each with its messages."""
    if reporter is not None and reporter.role != Role.CITIZEN:
        reporter = None  # staff file for callers through the hotline, never as themselves
    errors: Errors = {}
    report = _report_check(report, reporter=reporter, errors=errors)
    # A citizen is reached through their account; anyone else through what they leave.
    contact = Contact() if reporter else _contact_check(contact or Contact(), errors=errors)
    checked = _evidence_check(evidence, held=held, errors=errors)
    if errors:
        raise ComplaintInvalid.of(errors)
    return Filing(report=report, reporter=reporter, contact=contact, evidence=checked, held=held)


def complaint_file(
    *,
    report: Report,
    reporter: User | None = None,
    contact: Contact | None = None,
    entered_by: User | None = None,
    evidence: Sequence[UploadedFile] = (),
    held: Sequence[HeldEvidence] = (),
) -> Complaint:
    """Record a complaint: from a logged-in citizen (`reporter`), from someone
    known by their `contact` details, or entered by hotline staff
    (`entered_by`) for a caller, with up to three files of evidence: uploaded
    now, or `held` from a form sent back (claimed: they become the complaint's). Raises
    ComplaintInvalid on bad input, ComplaintStorageUnavailable when a file
    cannot be stored; a filing that fails leaves neither a row nor a file.
    Bad input is refused all at once (complaint_check), every field at fault named."""
    # Storage is outside the transaction: the files written before a failure
    # would outlive the rollback, so they go with it.
    stored: list[tuple[Storage, str]] = []
    try:
        return _complaint_record(
            report=report, reporter=reporter, contact=contact, entered_by=entered_by,
            evidence=evidence, held=held, stored=stored,
        )  # fmt: skip
    except BaseException:
        _stored_delete(stored)
        raise


def _stored_delete(stored: list[tuple[Storage, str]]) -> None:
    for storage, name in stored:
        try:
            storage.delete(name)
        except Exception:
            # The filing's own error is the one to report; this file is only an orphan.
            logger.exception("Evidence file %s of a failed complaint could not be deleted", name)


def _evidence_store(evidence: ComplaintEvidence, upload: UploadedFile | HeldEvidence,
                    stored: list[tuple[Storage, str]]) -> None:  # fmt: skip
    try:
        if isinstance(upload, HeldEvidence):
            with upload.file.open("rb") as content:
                evidence.file.save("evidence", content, save=False)
        else:
            # upload_to gives the stored file a random name; the reporter's stays in the row.
            evidence.file.save("evidence", upload, save=False)
    except Exception as error:
        logger.exception("Evidence file of complaint %s could not be stored",
                         evidence.complaint.code)  # fmt: skip
        raise ComplaintStorageUnavailable(
            _(
                "Không lưu được tệp đính kèm nên phản ánh chưa được gửi. Vui lòng thử lại sau. "
                "The attached files could not be stored, so the complaint was not filed: "
                "please try again later."
            )
        ) from error
    stored.append((evidence.file.storage, evidence.file.name))
    evidence.save()


def _held_claim(complaint: Complaint, held: Sequence[HeldEvidence],
                stored: list[tuple[Storage, str]]) -> None:  # fmt: skip
    """The files held from a form sent back become the complaint's (copied
    under its own random names, as the ones uploaded now); the held ones go."""
    for row in held:
        _evidence_store(
            ComplaintEvidence(
                complaint=complaint, original_name=row.original_name,
                content_type=row.content_type, size=row.size, sha256=row.sha256,
            ),
            row,
            stored,
        )  # fmt: skip
    held_evidence_delete(held)


@transaction.atomic
def _complaint_record(
    *,
    report: Report,
    reporter: User | None,
    contact: Contact | None,
    entered_by: User | None,
    evidence: Sequence[UploadedFile],
    held: Sequence[HeldEvidence],
    stored: list[tuple[Storage, str]],
) -> Complaint:
    filing = complaint_check(
        report=report, reporter=reporter, contact=contact, evidence=evidence, held=held
    )
    report, reporter, contact, checked = (
        filing.report, filing.reporter, filing.contact, filing.evidence
    )  # fmt: skip
    assert report.unit is not None  # complaint_check refused a complaint without one
    if entered_by is not None:
        channel = ComplaintChannel.HOTLINE
    elif reporter is not None:
        channel = ComplaintChannel.ONLINE
    else:
        channel = ComplaintChannel.ANONYMOUS
    now = timezone.now()
    complaint = Complaint.objects.create(
        code=complaint_code_issue(day=timezone.localdate(now)),
        category=report.category, channel=channel, description=report.description,
        unit=report.unit, procedure=report.procedure, dossier=report.dossier,
        requested_item=report.requested_item, official_named=report.official_named,
        reporter=reporter, reporter_name=contact.name, reporter_phone=contact.phone,
        reporter_email=contact.email, entered_by=entered_by,
        due_date=handling_due(category=report.category, received_at=now),
    )  # fmt: skip
    # Those attached first (held from a form sent back) come first.
    _held_claim(complaint, filing.held, stored)
    for upload, inspected in checked:
        _evidence_store(
            ComplaintEvidence(
                complaint=complaint, original_name=original_name_clean(upload.name),
                content_type=inspected.kind.content_type, size=inspected.size,
                sha256=inspected.sha256,
            ),
            upload,
            stored,
        )  # fmt: skip
    ComplaintEvent.objects.create(
        complaint=complaint, action="file", to_status=ComplaintStatus.RECEIVED,
        actor=entered_by or reporter,
    )  # fmt: skip
    reporter_notify(
        complaint=complaint,
        title=_("Đã tiếp nhận phản ánh %(code)s. Complaint %(code)s received.")
        % {"code": complaint.code},
        body=_(
            "Phản ánh của bạn đã được tiếp nhận và sẽ được xử lý trước ngày %(due)s. "
            "Your complaint was received and will be handled by %(due)s."
        )
        % {"due": complaint.due_date.strftime("%d/%m/%Y")},  # fmt: skip
    )
    _enqueue_routing(complaint)
    return complaint


@transaction.atomic
def complaint_reclassify(
    *, complaint: Complaint, by: User, category: str | None = None, unit: Agency | None = None
) -> Complaint:
    """Correct the category or the unit; routing runs again for the new facts."""
    locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    if locked.status == ComplaintStatus.CONCLUDED:
        raise ComplaintInvalid(
            _("Phản ánh đã kết thúc, không thể phân loại lại. A concluded complaint is final.")
        )
    if category is not None and category not in ComplaintCategory.values:
        raise ComplaintInvalid(
            _("Chọn loại phản ánh. Choose what the complaint is about."), field="category"
        )
    changed = []
    if category and category != locked.category:
        locked.category = category
        changed.append("category")
    if unit is not None and unit.pk != locked.unit_id:
        locked.unit = unit
        changed.append("unit")
    if not changed:
        return locked
    locked.routing_due = True
    locked.save(update_fields=[*changed, "routing_due"])
    ComplaintEvent.objects.create(
        complaint=locked, action="reclassify", from_status=locked.status,
        to_status=locked.status, actor=by, note=", ".join(changed),
    )  # fmt: skip
    _enqueue_routing(locked)
    return locked


def tracking_path(complaint: Complaint) -> str:
    """Where the reporter follows the complaint; the token stands in for a login."""
    path = reverse("complaints:track", kwargs={"code": complaint.code})
    return f"{path}?t={complaint.tracking_token}"
