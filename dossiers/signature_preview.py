"""What the leader is about to sign (bản xem trước văn bản trình ký): the result
of a dossier proposed for approval, or the refusal notice of one proposed for
refusal, drawn now by the code that issues it (dossiers.results.result_pdf,
dossiers.slips.refusal_notice_pdf), in the leader's name and title, as it
would be issued if they signed it now, and marked on every page as a preview
not signed. Nothing is stored, numbered or moved; it reads what the dossier
already holds (its e-form and the data fetched for it), no source, so it is
not an access to the access log, as opening the dossier's page is not."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.exceptions import DossierError
from dossiers.models import Dossier, DossierStatus, ProposedOutcome, ResultDocument
from dossiers.results import result_pdf
from dossiers.signing import last_proposal
from dossiers.slips import refusal_notice_pdf
from dossiers.states import Actor, actor_kinds
from portal.accounts.models import User


class PreviewUnavailable(DossierError):
    """Nothing awaits this user's signature on the dossier: no preview."""


def signature_previewable(*, dossier: Dossier, user: User) -> bool:
    """Whether `user` is a leader who may sign the dossier now: one of its
    unit's own, the dossier awaiting signature. No query."""
    return dossier.status == DossierStatus.AWAITING_SIGNATURE and Actor.LEADER in actor_kinds(
        dossier=dossier, user=user
    )


def signature_preview_pdf(*, dossier: Dossier, leader: User) -> tuple[str, bytes]:
    """The document the leader's signature would issue now, as a marked preview,
    and its file name. Raises PreviewUnavailable unless `leader` may sign the
    dossier now (signature_previewable)."""
    dossier = Dossier.objects.select_related(
        "procedure", "agency__parent", "applicant", "form"
    ).get(pk=dossier.pk)
    if not signature_previewable(dossier=dossier, user=leader):
        raise PreviewUnavailable(
            _("Hồ sơ không chờ bạn ký nên không có bản xem trước. "
              "The dossier does not await your signature: there is nothing to preview.")
        )  # fmt: skip
    now = timezone.now()
    if dossier.proposed_outcome == ProposedOutcome.NOT_RESOLVE:
        proposal = last_proposal(dossier=dossier)
        content = refusal_notice_pdf(
            dossier=dossier, at_reception=False, reason=proposal.reason if proposal else "",
            at=now, by=leader, signed=True, preview=True,
        )  # fmt: skip
        return f"xem-truoc-tu-choi-{dossier.code}.pdf", content
    # As dossiers.results.dossier_approve_with_result would create it, never saved.
    result = ResultDocument(
        dossier=dossier, subject_personal_id=dossier.subject_personal_id,
        title=dossier.procedure.result_type or dossier.procedure.name, issued_by=leader,
        document_type=dossier.procedure.result_document_type, issued_at=now,
    )  # fmt: skip
    return f"xem-truoc-ket-qua-{dossier.code}.pdf", result_pdf(result=result, preview=True)
