"""Reads of dossiers, always scoped to what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from dossiers.models import Dossier
from portal.accounts.models import Role, User
from portal.accounts.selectors import agencies_visible_to


def dossiers_visible_to(*, user: User) -> QuerySet[Dossier]:
    """A citizen's own dossiers; an official's those of the units they may see."""
    dossiers = Dossier.objects.select_related("agency", "applicant")
    if not user.is_authenticated:
        return dossiers.none()
    if user.role == Role.CITIZEN:
        return dossiers.filter(applicant=user)
    return dossiers.filter(agency__in=agencies_visible_to(user=user))
