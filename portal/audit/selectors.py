"""Reads of the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.audit.models import AccessLog


def access_log_for_subject(*, personal_id: str) -> QuerySet[AccessLog]:
    """Every access to this person's data, newest first: what the person may read."""
    return AccessLog.objects.filter(subject_personal_id=personal_id).select_related(
        "actor", "actor_agency"
    )
