"""The demo's published replacement lists: Hải Phòng's and one ward's, each
drafted by the service center, approved by the leader and published through
the same workflow a real list goes through."""

from __future__ import annotations

from django.utils import timezone

from portal.accounts.models import Agency, User
from procedures.models import ReplacementList, ReplacementListStatus
from procedures.publication import (
    replacement_list_approve,
    replacement_list_draft_start,
    replacement_list_publish,
    replacement_list_submit,
)

DRAFTER = "031082003579"  # Phạm Văn Đức, Hải Phòng's service center
APPROVER = "031175001122"  # Vũ Thị Lan, leader of Hải Phòng
AGENCIES = ("31", "11311")  # Hải Phòng, phường Hồng Bàng


def demo_replacement_lists_publish() -> list[ReplacementList]:
    """Publish each demo agency's list unless it already has one (idempotent)."""
    drafter = User.objects.get(personal_id=DRAFTER)
    approver = User.objects.get(personal_id=APPROVER)
    published = []
    for agency in Agency.objects.filter(code__in=AGENCIES):
        current = ReplacementList.objects.filter(
            agency=agency, status=ReplacementListStatus.PUBLISHED
        ).first()
        if current is None:
            draft = ReplacementList.objects.filter(
                agency=agency, status=ReplacementListStatus.DRAFT
            ).first() or replacement_list_draft_start(agency=agency, by=drafter)
            if not draft.entries.exists():
                continue  # nothing in the catalog for this level yet
            replacement_list_submit(replacement_list=draft, by=drafter)
            replacement_list_approve(replacement_list=draft, by=approver)
            current = replacement_list_publish(
                replacement_list=draft, by=drafter, effective_date=timezone.localdate()
            )
        published.append(current)
    return published
