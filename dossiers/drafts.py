"""An applicant's unsubmitted drafts as they find them again: the page where
each is resumed, the one already open for a procedure and a subject (offered
instead of a second), and how long an untouched draft is kept."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from dossiers.models import Channel, Dossier, DossierStatus
from portal.accounts.models import User
from procedures.models import Procedure


def dossier_page_url(dossier: Dossier) -> str:
    """Where the applicant opens the dossier: an online draft at the step it is
    at (its data to check, then its form once they were confirmed); a submitted
    dossier, a draft taken at the desk or one whose authorisation ended or
    whose right to act lapsed (marked by `ended_authorisations_mark`), its
    tracking page, which says what is next."""
    draft = (
        dossier.status == DossierStatus.DRAFT
        and not dossier.taken_at_the_desk
        and not getattr(dossier, "authorisation_ended", None)
        and not getattr(dossier, "right_lapsed", None)
    )
    if not draft:
        return reverse("dossiers:track", args=[dossier.pk])
    step = "dossiers:form" if dossier.preview_confirmed_at else "dossiers:prefill"
    return reverse(step, args=[dossier.pk])


def open_drafts(*, applicant: User, procedure: Procedure) -> QuerySet[Dossier]:
    """The applicant's online drafts of the procedure, the latest first."""
    return Dossier.objects.filter(
        applicant=applicant, procedure=procedure, status=DossierStatus.DRAFT,
        channel=Channel.ONLINE,
    ).order_by("-created_at", "-pk")  # fmt: skip


def open_draft(
    *, applicant: User, procedure: Procedure, subject_personal_id: str,
    concerned_personal_id: str | None = None,
) -> Dossier | None:  # fmt: skip
    """The applicant's latest online draft of the procedure for this subject
    (a person's ID, or an enterprise's code), or None. With
    `concerned_personal_id` (a procedure about a deceased person), only a
    draft naming that same person: support for another death is another dossier."""
    subject = subject_personal_id or applicant.personal_id or ""
    drafts = open_drafts(applicant=applicant, procedure=procedure).filter(
        subject_personal_id=subject
    )
    if concerned_personal_id is not None:
        drafts = drafts.filter(concerned_personal_id=concerned_personal_id)
    return drafts.select_related("agency").first()


def draft_kept_days() -> int:
    """Days an untouched draft is kept, with the data read for it, before the
    purge deletes it (dossiers.tasks, DOSSIER_DRAFT_RETENTION_DAYS)."""
    return settings.DOSSIER_DRAFT_RETENTION_DAYS
