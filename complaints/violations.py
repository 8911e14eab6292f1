"""Violations of the once-only rule, established by substantiated complaints:
leaders see those of their units and record what they did about each."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.exceptions import ComplaintInvalid
from complaints.models import Violation
from complaints.services import DESCRIPTION_MAX, text_characters_check
from portal.accounts.models import Role, User
from portal.accounts.selectors import agencies_visible_to

VIEWER_ROLES = (Role.LEADER, Role.CENTER_STAFF)


def violations_visible_to(*, user: User) -> QuerySet[Violation]:
    if not user.is_authenticated or user.role not in VIEWER_ROLES:
        return Violation.objects.none()
    return Violation.objects.filter(unit__in=agencies_visible_to(user=user)).select_related(
        "unit", "official", "complaint", "acted_by"
    )


@transaction.atomic
def violation_action_record(*, violation: Violation, by: User, action: str) -> Violation:
    """A leader of the unit (or above it) records the action taken."""
    if (
        by.role != Role.LEADER
        or not violations_visible_to(user=by).filter(pk=violation.pk).exists()
    ):
        raise ComplaintInvalid(
            _("Chỉ lãnh đạo đơn vị ghi nhận biện pháp xử lý. Only the unit's leaders record it.")
        )
    action = (action or "").strip()
    if not action or len(action) > DESCRIPTION_MAX:
        raise ComplaintInvalid(_("Nêu biện pháp đã xử lý. Say what was done."), field="action")
    text_characters_check(action, field="action")
    violation.action_taken, violation.acted_by, violation.acted_at = action, by, timezone.now()
    violation.save(update_fields=["action_taken", "acted_by", "acted_at"])
    return violation
