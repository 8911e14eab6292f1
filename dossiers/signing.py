"""The signature step (trình ký, ký duyệt): the official who examined a dossier
proposes its approval; the unit's own leader signs the result, or sends the
dossier back to be examined again, saying why. Who may make each move, and
from which status, is the transitions table's (dossiers.states); this module
adds who is told. The leader's signature itself issues the result
(dossiers.results.dossier_approve_with_result)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dossiers.models import Dossier, DossierEvent
from dossiers.stale_pages import SeenState, dossier_unchanged_check
from dossiers.states import transition
from portal.accounts.models import Role, User
from portal.notifications.services import notifications_settle, notify


def signing_leaders(*, dossier: Dossier) -> list[User]:
    """The active leaders of the dossier's own unit: those who may sign its
    results (a leader above only reads the unit's dossiers)."""
    return list(
        User.objects.filter(role=Role.LEADER, is_active=True, agency_id=dossier.agency_id)
        .order_by("id")
    )  # fmt: skip


def proposer(*, dossier: Dossier) -> User | None:
    """Who proposed the dossier for signature last."""
    event = (
        DossierEvent.objects.filter(dossier_id=dossier.pk, action="propose_approval")
        .select_related("actor")
        .order_by("-id")
        .first()
    )
    return event.actor if event else None


def _locked(dossier: Dossier, seen: SeenState | None) -> Dossier:
    dossier_unchanged_check(dossier=dossier, seen=seen)
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency", "assigned_to")
        .get(pk=dossier.pk)
    )


def _signature_asked(dossier: Dossier) -> str:
    """The action the leaders' "awaits your signature" messages ask for: settled
    for all of them once one signs the dossier or sends it back."""
    return f"dossier.sign:{dossier.pk}"


def signature_requests_settle(*, dossier: Dossier) -> None:
    """The leaders asked to sign the dossier find the request done: it no longer
    awaits a signature (signed, sent back, withdrawn by its applicant)."""
    notifications_settle(action=_signature_asked(dossier))


def _workspace_url(dossier: Dossier) -> str:
    return reverse("workspace:dossier", kwargs={"pk": dossier.pk})


@transaction.atomic
def dossier_propose_approval(*, dossier: Dossier, by: User, note: str = "",
                             seen: SeenState | None = None) -> DossierEvent:  # fmt: skip
    """The official proposes the dossier's approval, its result as the e-form
    stands: it awaits the signature of the unit's leader, who is told. Raises
    TransitionRefused (not an official of the unit, not in processing, overdue
    without an apology slip), DossierChanged when it is no longer as `seen`."""
    locked = _locked(dossier, seen)
    event = transition(dossier=locked, action="propose_approval", by=by, reason=note)
    for leader in signing_leaders(dossier=locked):
        if leader.pk == by.pk:  # a leader who proposed it signs it without being told
            continue
        notify(
            user=leader,
            title=_("Hồ sơ %(code)s chờ lãnh đạo ký duyệt. Dossier %(code)s awaits your "
                    "signature.") % {"code": locked.reference},
            body=_("%(procedure)s · Cán bộ trình ký: %(official)s. Proposed by %(official)s.")
            % {"procedure": locked.procedure.name, "official": by.full_name or by.username},
            url=_workspace_url(locked), action=_signature_asked(locked),
        )  # fmt: skip
    dossier.status = locked.status
    return event


@transaction.atomic
def dossier_send_back(*, dossier: Dossier, by: User, reason: str,
                      seen: SeenState | None = None) -> DossierEvent:  # fmt: skip
    """The unit's leader sends the proposed dossier back to processing with the
    reason; the official who proposed it (and the one it is assigned to) is
    told why. Raises TransitionRefused (not the unit's leader, not awaiting
    signature, no reason), DossierChanged when it is no longer as `seen`."""
    locked = _locked(dossier, seen)
    event = transition(dossier=locked, action="send_back_for_review", by=by, reason=reason)
    signature_requests_settle(dossier=locked)
    told = {user.pk: user for user in (proposer(dossier=locked), locked.assigned_to) if user}
    for official in told.values():
        if official.pk == by.pk:
            continue
        notify(
            user=official,
            title=_("Hồ sơ %(code)s được lãnh đạo trả lại. Dossier %(code)s was sent back by "
                    "the leader.") % {"code": locked.reference},
            body=_("Lý do: %(reason)s. Reason: %(reason)s.") % {"reason": event.reason},
            url=_workspace_url(locked),
        )  # fmt: skip
    dossier.status = locked.status
    return event


def signed_notify(*, dossier: Dossier, by: User) -> None:
    """Tell the official who proposed the dossier that its leader signed it: the
    result is theirs to return. The leaders asked to sign find that done."""
    signature_requests_settle(dossier=dossier)
    official = proposer(dossier=dossier)
    if official is None or official.pk == by.pk:
        return
    notify(
        user=official,
        title=_("Hồ sơ %(code)s đã được ký duyệt. Dossier %(code)s was signed.")
        % {"code": dossier.reference},
        body=_("Kết quả đã được ban hành: hãy trả kết quả cho người nộp. The result was "
               "issued: return it to the applicant."),
        url=_workspace_url(dossier),
    )  # fmt: skip
