"""Publishing handled complaints, as Dispatch 159 requires, without personal
data: a reviewer (service-center staff or a leader) edits the answer, and a
text that still carries an ID number, a phone number, an e-mail address or
the reporter's name cannot be published."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.exceptions import ComplaintInvalid
from complaints.models import Complaint, ComplaintStatus, DisclosureStatus
from complaints.services import DESCRIPTION_MAX
from portal.accounts.models import Role, User
from portal.accounts.selectors import agencies_visible_to

REVIEWER_ROLES = (Role.CENTER_STAFF, Role.LEADER)
# Personal identification (12), old ID card (9) or enterprise (10) numbers,
# phone numbers, e-mail addresses.
_ID_NUMBER = re.compile(r"(?<!\d)(\d{12}|\d{9,10})(?!\d)")
_PHONE = re.compile(r"(?<!\d)(\+84|0)[\d .-]{8,12}\d(?!\d)")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

# What the public sees of a complaint: never who complained or who handled it.
PUBLIC_FIELDS = ("code", "category", "unit", "received_on", "concluded_on", "outcome", "answer")


def personal_data_found(text: str, *, complaint: Complaint) -> list[str]:
    """What in `text` looks like personal data (in words, for the reviewer)."""
    found = []
    if _ID_NUMBER.search(text):
        found.append(_("một số định danh / an identification number"))
    if _PHONE.search(text):
        found.append(_("một số điện thoại / a phone number"))
    if _EMAIL.search(text):
        found.append(_("một địa chỉ thư điện tử / an e-mail address"))
    names = {complaint.reporter_name, complaint.reporter.full_name if complaint.reporter_id else ""}
    if any(name and len(name) > 3 and name.lower() in text.lower() for name in names):
        found.append(_("tên người phản ánh / the reporter's name"))
    return found


def complaints_to_review(*, user: User) -> QuerySet[Complaint]:
    if not user.is_authenticated or user.role not in REVIEWER_ROLES:
        return Complaint.objects.none()
    return Complaint.objects.filter(
        status=ComplaintStatus.CONCLUDED, disclosure_status=DisclosureStatus.PENDING,
        responsible_agency__in=agencies_visible_to(user=user),
    )  # fmt: skip


@transaction.atomic
def complaint_publish(*, complaint: Complaint, by: User, text: str) -> Complaint:
    if not complaints_to_review(user=by).filter(pk=complaint.pk).exists():
        raise ComplaintInvalid(
            _("Phản ánh này không chờ bạn duyệt công khai. This complaint is not yours to review.")
        )
    text = (text or "").strip()
    if not text or len(text) > DESCRIPTION_MAX:
        raise ComplaintInvalid(
            _("Nhập nội dung công khai (tối đa 5.000 ký tự). Enter the text to publish."),
            field="text",
        )
    if found := personal_data_found(text, complaint=complaint):
        raise ComplaintInvalid(
            _("Nội dung còn thông tin cá nhân: %(what)s. The text still holds personal data.")
            % {"what": "; ".join(found)},
            field="text",
        )
    Complaint.objects.filter(pk=complaint.pk).update(
        disclosure_status=DisclosureStatus.PUBLISHED, disclosed_text=text,
        disclosed_at=timezone.now(), disclosed_by=by,
    )  # fmt: skip
    complaint.refresh_from_db()
    return complaint


@transaction.atomic
def complaint_withhold(*, complaint: Complaint, by: User) -> Complaint:
    """Keep a complaint off the public list (one that cannot be told without
    identifying someone)."""
    if not complaints_to_review(user=by).filter(pk=complaint.pk).exists():
        raise ComplaintInvalid(
            _("Phản ánh này không chờ bạn duyệt công khai. This complaint is not yours to review.")
        )
    Complaint.objects.filter(pk=complaint.pk).update(
        disclosure_status=DisclosureStatus.WITHHELD, disclosed_by=by, disclosed_at=timezone.now()
    )
    complaint.refresh_from_db()
    return complaint


def published_complaints(*, province_code: int | None = None, unit_id: int | None = None):
    complaints = Complaint.objects.filter(
        disclosure_status=DisclosureStatus.PUBLISHED
    ).select_related("unit")
    if province_code:
        complaints = complaints.filter(unit__province_code=province_code)
    if unit_id:
        complaints = complaints.filter(unit_id=unit_id)
    return complaints.order_by("-concluded_at", "-id")


def public_record(complaint: Complaint) -> dict:
    """One published complaint as open data: the fields of PUBLIC_FIELDS only."""
    return {
        "code": complaint.code,
        "category": complaint.get_category_display(),
        "unit": complaint.unit.name,
        "received_on": timezone.localdate(complaint.received_at).isoformat(),
        "concluded_on": timezone.localdate(complaint.concluded_at).isoformat()
        if complaint.concluded_at else "",
        "outcome": complaint.get_outcome_display(),
        "answer": complaint.disclosed_text,
    }  # fmt: skip
