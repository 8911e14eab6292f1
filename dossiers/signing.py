"""The signature step (trình ký, ký duyệt): the official who examined a dossier
proposes its outcome, its approval or its refusal with the reason (trình ký từ
chối); the unit's own leader signs what was proposed, or sends the dossier
back to be examined again, saying why. Who may make each move, and from which
status, is the transitions table's (dossiers.states); this module adds who is
told. The leader's signature of an approval issues the result
(dossiers.results.dossier_approve_with_result); of a refusal, the refusal
notice in the leader's name (dossiers.slips.refusal_slip_pdf)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dossiers.exceptions import NoSigningLeader, TransitionRefused
from dossiers.models import Dossier, DossierEvent, DossierStatus, ProposedOutcome, ResultDocument
from dossiers.stale_pages import SeenState, dossier_unchanged_check
from dossiers.states import (
    Actor,
    actor_kinds,
    refusal_proposed_check,
    transition,
    transition_possible_check,
)
from portal.accounts.models import Role, User
from portal.notifications.services import notifications_settle, notify


def signing_leaders(*, dossier: Dossier) -> list[User]:
    """The active leaders of the dossier's own unit: those who may sign its
    results (a leader above only reads the unit's dossiers)."""
    return list(
        User.objects.filter(role=Role.LEADER, is_active=True, agency_id=dossier.agency_id)
        .order_by("id")
    )  # fmt: skip


def signing_leader_missing(*, dossier: Dossier) -> NoSigningLeader | None:
    """The refusal of a proposal for signature when the dossier's unit has no
    active leader to sign it (none appointed, or the last one deactivated or
    moved): it would wait with nobody told. None when one is there. One query."""
    leaders = User.objects.filter(role=Role.LEADER, is_active=True, agency_id=dossier.agency_id)
    if leaders.exists():
        return None
    return NoSigningLeader(
        _("Đơn vị chưa có lãnh đạo nào có thể ký hồ sơ, nên chưa thể trình ký. Hãy liên hệ "
          "Trung tâm Phục vụ hành chính công hoặc quản trị viên hệ thống để phân công lãnh "
          "đạo ký duyệt cho đơn vị. No leader of the unit can sign this dossier, so it cannot "
          "be proposed for signature. Contact the public administration service centre or "
          "the portal's administrator to have a leader of the unit set up to sign.")
    )  # fmt: skip


def proposal_blocked(*, dossier: Dossier, user: User) -> NoSigningLeader | None:
    """Why `user`, who would propose the dossier for signature now (one of its
    unit's officials, the dossier in processing), may not: its unit has no
    leader to sign it. For the pages and the API to say so before anyone tries."""
    if dossier.status != DossierStatus.IN_PROCESSING:
        return None
    if Actor.OFFICIAL not in actor_kinds(dossier=dossier, user=user):
        return None
    return signing_leader_missing(dossier=dossier)


PROPOSALS = ("propose_approval", "propose_not_resolve")


def last_proposal(*, dossier: Dossier) -> DossierEvent | None:
    """The dossier's last proposal for signature: who made it, which outcome
    (its action), and for a refusal its reason."""
    return (
        DossierEvent.objects.filter(dossier_id=dossier.pk, action__in=PROPOSALS)
        .select_related("actor")
        .order_by("-id")
        .first()
    )


def proposer(*, dossier: Dossier) -> User | None:
    """Who proposed the dossier for signature last."""
    event = last_proposal(dossier=dossier)
    return event.actor if event else None


def _locked(dossier: Dossier, seen: SeenState | None) -> Dossier:
    dossier_unchanged_check(dossier=dossier, seen=seen)
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency", "assigned_to", "applicant")
        .get(pk=dossier.pk)
    )


def _signature_asked(dossier: Dossier) -> str:
    """The action the leaders' "awaits your signature" messages ask for: settled
    for all of them once one signs the dossier or sends it back."""
    return f"dossier.sign:{dossier.pk}"


SIGNER_MISSING_PREFIX = "dossier.signer_missing:"


def signer_missing_action(dossier: Dossier) -> str:
    """The action of the reports that the dossier awaits a signature no leader
    of its unit can give (dossiers.signer_gaps): settled as the leaders' requests are."""
    return f"{SIGNER_MISSING_PREFIX}{dossier.pk}"


def signature_requests_settle(*, dossier: Dossier) -> None:
    """The leaders asked to sign the dossier find the request done, and those
    told nobody could sign it the report: it no longer awaits a signature
    (signed, sent back, withdrawn by its applicant)."""
    notifications_settle(action=_signature_asked(dossier))
    notifications_settle(action=signer_missing_action(dossier))


def _workspace_url(dossier: Dossier) -> str:
    return reverse("workspace:dossier", kwargs={"pk": dossier.pk})


def signature_ask(*, dossier: Dossier, event: DossierEvent) -> None:
    """Tell the unit's leaders what awaits their signature, a refusal with its
    reason. A unit without a leader is refused the proposal (the transition's
    guard); one whose last leader leaves meanwhile is reported by
    dossiers.signer_gaps."""
    by = event.actor
    official = (by.full_name or by.username) if by else "—"
    if event.action == "propose_not_resolve":
        title = _(
            "Hồ sơ %(code)s chờ lãnh đạo ký từ chối giải quyết. Dossier %(code)s awaits "
            "your signature on its refusal."
        ) % {"code": dossier.reference}
        body = _(
            "%(procedure)s · Cán bộ trình ký: %(official)s · Lý do từ chối: %(reason)s. "
            "Proposed by %(official)s; reason for the refusal: %(reason)s."
        ) % {"procedure": dossier.procedure.name, "official": official, "reason": event.reason}
    else:
        title = _(
            "Hồ sơ %(code)s chờ lãnh đạo ký duyệt. Dossier %(code)s awaits your signature."
        ) % {"code": dossier.reference}
        body = _("%(procedure)s · Cán bộ trình ký: %(official)s. Proposed by %(official)s.") % {
            "procedure": dossier.procedure.name,
            "official": official,
        }
    for leader in signing_leaders(dossier=dossier):
        if by and leader.pk == by.pk:  # a leader who proposed it signs it without being told
            continue
        notify(user=leader, title=title, body=body, url=_workspace_url(dossier),
               action=_signature_asked(dossier))  # fmt: skip


@transaction.atomic
def dossier_propose_approval(*, dossier: Dossier, by: User, note: str = "",
                             seen: SeenState | None = None) -> DossierEvent:  # fmt: skip
    """The official proposes the dossier's approval, its result as the e-form
    stands: it awaits the signature of the unit's leader, who is told. Raises
    NoSigningLeader when the unit has no leader to sign it, TransitionRefused
    (not an official of the unit, not in processing, overdue without an apology
    slip), DossierChanged when it is no longer as `seen`."""
    locked = _locked(dossier, seen)
    event = transition(dossier=locked, action="propose_approval", by=by, reason=note,
                       proposed_outcome=ProposedOutcome.APPROVE)  # fmt: skip
    signature_ask(dossier=locked, event=event)
    dossier.status = locked.status
    return event


@transaction.atomic
def dossier_propose_not_resolve(*, dossier: Dossier, by: User, reason: str,
                                seen: SeenState | None = None) -> DossierEvent:  # fmt: skip
    """The official proposes to refuse the dossier, with the reason the refusal
    notice will give: it awaits the signature of the unit's leader, who is told.
    Raises NoSigningLeader when the unit has no leader to sign it,
    TransitionRefused (no reason, not an official of the unit, not in
    processing, overdue without an apology slip), DossierChanged when it is no
    longer as `seen`."""
    locked = _locked(dossier, seen)
    event = transition(dossier=locked, action="propose_not_resolve", by=by, reason=reason,
                       proposed_outcome=ProposedOutcome.NOT_RESOLVE)  # fmt: skip
    signature_ask(dossier=locked, event=event)
    dossier.status = locked.status
    return event


@transaction.atomic
def dossier_not_resolve_signed(*, dossier: Dossier, by: User,
                               seen: SeenState | None = None) -> DossierEvent:  # fmt: skip
    """The unit's leader signs the refusal proposed: the dossier is not resolved,
    for the reason proposed, and its refusal notice is issued in the leader's
    name. The official and the applicant are told. Raises TransitionRefused (not
    the unit's leader, not awaiting signature, proposed for approval),
    DossierChanged when it is no longer as `seen`."""
    locked = _locked(dossier, seen)
    if locked.proposed_outcome != ProposedOutcome.NOT_RESOLVE:
        # Refused for what was proposed, not for the reason an approval lacks.
        transition_possible_check(dossier=locked, action="not_resolve", by=by)
        raise TransitionRefused(refusal_proposed_check(locked) or "")
    proposal = last_proposal(dossier=locked)
    reason = proposal.reason if proposal else ""
    event = transition(dossier=locked, action="not_resolve", by=by, reason=reason)
    signed_notify(dossier=locked, by=by)
    _refusal_notify(locked, event)
    dossier.status = locked.status
    return event


def _refusal_notify(dossier: Dossier, event: DossierEvent) -> None:
    """Tell the applicant, in plain words, that their dossier was refused and why."""
    notify(
        user=dossier.applicant,
        title=_("Hồ sơ %(code)s không được giải quyết. Dossier %(code)s was not resolved.")
        % {"code": dossier.reference},
        body=_("Lý do: %(reason)s. Phiếu từ chối giải quyết hồ sơ có trên trang theo dõi hồ "
               "sơ. Reason: %(reason)s. The refusal notice is on the dossier's page.")
        % {"reason": event.reason},
        url=reverse("dossiers:track", kwargs={"pk": dossier.pk}),
    )  # fmt: skip


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
    """Tell the official who proposed the dossier that its leader signed it: an
    approval's result is theirs to return; a refusal closed it. The leaders
    asked to sign find that done."""
    signature_requests_settle(dossier=dossier)
    official = proposer(dossier=dossier)
    if official is None or official.pk == by.pk:
        return
    if dossier.status == DossierStatus.NOT_RESOLVED:
        title = _(
            "Hồ sơ %(code)s đã được lãnh đạo ký từ chối giải quyết. The leader signed "
            "the refusal of dossier %(code)s."
        ) % {"code": dossier.reference}
        body = _(
            "Phiếu từ chối đã được ban hành và người nộp đã được thông báo. The refusal "
            "notice was issued and the applicant told."
        )
    else:
        title = _("Hồ sơ %(code)s đã được ký duyệt. Dossier %(code)s was signed.") % {
            "code": dossier.reference
        }
        body = _(
            "Kết quả đã được ban hành: hãy trả kết quả cho người nộp. The result was "
            "issued: return it to the applicant."
        )
    notify(user=official, title=title, body=body, url=_workspace_url(dossier))


def dossier_sign(
    *, dossier: Dossier, by: User, seen: SeenState | None = None
) -> ResultDocument | None:
    """The unit's leader signs whichever outcome was proposed: the approval,
    returning the result issued, or the refusal, returning None. Raises as
    dossier_approve_with_result and dossier_not_resolve_signed do; a proposal
    changed meanwhile is refused by the transition's guard, nothing signed."""
    from dossiers.results import dossier_approve_with_result  # it tells us once signed

    if dossier.proposed_outcome == ProposedOutcome.NOT_RESOLVE:
        dossier_not_resolve_signed(dossier=dossier, by=by, seen=seen)
        return None
    return dossier_approve_with_result(dossier=dossier, by=by, seen=seen)
