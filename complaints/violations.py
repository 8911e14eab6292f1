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
    # Recorded once: the record of what was done is not rewritten afterwards
    # (a conditional update, so that two leaders at once cannot both write it).
    now = timezone.now()
    recorded = Violation.objects.filter(pk=violation.pk, action_taken="").update(
        action_taken=action, acted_by=by, acted_at=now
    )
    if not recorded:
        raise ComplaintInvalid(
            _(
                "Biện pháp xử lý vi phạm này đã được ghi nhận; không ghi đè. "
                "The action taken on this violation is already recorded; it is not overwritten."
            )
        )
    violation.action_taken, violation.acted_by, violation.acted_at = action, by, now
    return violation
