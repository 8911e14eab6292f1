"""Which dossiers a citizen may link to their complaint: the submitted ones
they filed (the applicant) and those filed for them by someone else, a parent
or a representative (the subject, by their personal identification number)."""

from __future__ import annotations

from django.db.models import Q

from dossiers.models import Dossier
from portal.accounts.models import User


def linkable_by(user: User) -> Q:
    """The dossiers `user` may link, as a filter."""
    concerned = Q(applicant_id=user.pk)
    if user.personal_id:
        concerned |= Q(subject_personal_id=user.personal_id)
    return concerned & Q(code__isnull=False)


def dossier_linkable(*, dossier: Dossier, user: User | None) -> bool:
    """Whether `user` may link `dossier` to their complaint. No query."""
    if user is None or dossier.code is None:
        return False
    return dossier.applicant_id == user.pk or bool(
        user.personal_id and dossier.subject_personal_id == user.personal_id
    )
