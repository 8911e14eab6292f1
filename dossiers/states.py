"""The dossier lifecycle (Decree 61/2018, amended by Decree 107/2021) as one
transitions table. A status changes only through `transition()`: a
conditional UPDATE on the status it expects, so two concurrent moves cannot
both win, and each move is recorded as a DossierEvent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.assignees import mover_takes
from dossiers.exceptions import DossierError, TransitionRefused
from dossiers.models import Dossier, DossierEvent
from dossiers.models import DossierStatus as S
from portal.accounts.models import Role, User
from portal.accounts.selectors import acts_for_unit
from portal.core.both_languages import choice_in_both_languages


class Actor:
    """Who may make a move."""

    APPLICANT = "applicant"
    OFFICIAL = "official"  # an official or leader of the receiving unit itself
    LEADER = "leader"  # the receiving unit's own leader, who signs its results
    SYSTEM = "system"  # the portal itself: a payment confirmation, a sweeper


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    reason_required: bool = False
    # Returns a refusal (its message, or the error to raise as it is), or None.
    guard: Callable[[Dossier], str | TransitionRefused | None] | None = None


def _fee_settled_or_free(dossier: Dossier) -> str | None:
    from payments.selectors import dossier_fee_settled

    if dossier.fee_vnd and not dossier_fee_settled(dossier=dossier):
        return _("Hồ sơ chưa được nộp phí, lệ phí. The fee has not been paid yet.")
    return None


def _apology_given_if_overdue(dossier: Dossier) -> str | None:
    from dossiers.deadlines import apology_pending

    if apology_pending(dossier):
        return _(
            "Hồ sơ đã quá hạn: cần lập phiếu xin lỗi và hẹn lại ngày trả kết quả trước. "
            "The dossier is overdue: issue an apology slip with a new appointment date first."
        )
    return None


def _proposable(dossier: Dossier) -> str | TransitionRefused | None:
    """A dossier is proposed for signature only when no apology is pending and
    a leader of its unit is there to sign it (dossiers.signing)."""
    from dossiers.signing import signing_leader_missing

    return _apology_given_if_overdue(dossier) or signing_leader_missing(dossier=dossier)


def _approval_proposable(dossier: Dossier) -> str | TransitionRefused | None:
    """An approval is proposed only of a result that no verified source value
    contradicts as asked (dossiers.result_terms); its refusal may be."""
    from dossiers.result_terms import result_contradicted

    return _proposable(dossier) or result_contradicted(dossier)


def _at_the_counter(dossier: Dossier) -> str | None:
    from dossiers.models import Channel

    if dossier.channel != Channel.COUNTER or dossier.counter_consent_at is None:
        return _("Chỉ hồ sơ tiếp nhận tại quầy, có sự đồng ý của công dân. "
                 "Only a counter dossier, with the citizen's consent.")  # fmt: skip
    return None


def _approval_proposed(dossier: Dossier) -> str | None:
    """The leader signs the approval only of a dossier proposed for approval."""
    from dossiers.models import ProposedOutcome
    from dossiers.result_terms import result_contradicted

    if dossier.proposed_outcome == ProposedOutcome.NOT_RESOLVE:
        return _("Hồ sơ được trình ký từ chối giải quyết, không phải trình ký phê duyệt. "
                 "The dossier was proposed for refusal, not for approval.")  # fmt: skip
    # Proposed before its verified data contradicted it (fetched again since): not signed.
    return _apology_given_if_overdue(dossier) or result_contradicted(dossier)


def refusal_proposed_check(dossier: Dossier) -> str | None:
    """The leader signs a refusal only of a dossier proposed for refusal."""
    from dossiers.models import ProposedOutcome

    if dossier.proposed_outcome != ProposedOutcome.NOT_RESOLVE:
        return _("Hồ sơ được trình ký phê duyệt, không phải trình ký từ chối giải quyết. "
                 "The dossier was proposed for approval, not for refusal.")  # fmt: skip
    return _apology_given_if_overdue(dossier)


def _taken_online(dossier: Dossier) -> str | None:
    """A draft taken at the desk is the official's to submit, never the applicant's online."""
    from dossiers.models import Channel

    if dossier.channel == Channel.COUNTER:
        return _("Hồ sơ đang được tiếp nhận tại quầy: cán bộ sẽ nộp hồ sơ. "
                 "The dossier is being received at the desk: the official submits it.")  # fmt: skip
    return None


def supplement_asked_from(dossier: Dossier) -> str | None:
    """The status the dossier's last supplement request was made from."""
    return (
        DossierEvent.objects.filter(dossier_id=dossier.pk, action="request_supplement")
        .order_by("-id")
        .values_list("from_status", flat=True)
        .first()
    )


def _asked_after_reception(dossier: Dossier) -> str | None:
    if supplement_asked_from(dossier) == S.SUBMITTED:
        return _("Hồ sơ được yêu cầu bổ sung trước khi tiếp nhận: hồ sơ bổ sung chờ được tiếp "
                 "nhận. The supplement was asked before reception: the completed dossier waits "
                 "to be received.")  # fmt: skip
    return None


def _asked_before_reception(dossier: Dossier) -> str | None:
    if supplement_asked_from(dossier) != S.SUBMITTED:
        return _("Hồ sơ đã được tiếp nhận: hồ sơ bổ sung được tiếp tục xử lý. The dossier was "
                 "already received: once completed it goes on in processing.")  # fmt: skip
    return None


def _never_received(dossier: Dossier) -> str | None:
    """Refused at reception: a new dossier, or one asked to be completed before
    it was received (a received one is stopped, not refused at reception)."""
    if dossier.status == S.SUPPLEMENT_REQUESTED and supplement_asked_from(dossier) != S.SUBMITTED:
        return _("Hồ sơ đã được tiếp nhận: hãy dừng xử lý thay vì từ chối tiếp nhận. The "
                 "dossier was received: stop its processing rather than refuse it at "
                 "reception.")  # fmt: skip
    return None


def _received(dossier: Dossier) -> str | None:
    """Processing stops only for a dossier that was received."""
    if dossier.status == S.SUPPLEMENT_REQUESTED and supplement_asked_from(dossier) == S.SUBMITTED:
        return _("Hồ sơ chưa được tiếp nhận: hãy từ chối tiếp nhận thay vì dừng xử lý. The "
                 "dossier was never received: refuse it at reception rather than stop its "
                 "processing.")  # fmt: skip
    return None


def _t(action, sources, target, actors, **options) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors), **options)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("submit", {S.DRAFT}, S.SUBMITTED, {Actor.APPLICANT}, guard=_taken_online),
        _t("request_fee", {S.DRAFT}, S.FINANCIAL_OBLIGATION, {Actor.APPLICANT},
           guard=_taken_online),
        # At the counter the official submits on the citizen's behalf, with their consent.
        _t("counter_submit", {S.DRAFT}, S.SUBMITTED, {Actor.OFFICIAL}, guard=_at_the_counter),
        _t("counter_request_fee", {S.DRAFT}, S.FINANCIAL_OBLIGATION, {Actor.OFFICIAL},
           guard=_at_the_counter),
        # Paid online, on the platform's word; or taken at the desk by the official.
        _t("fee_paid", {S.FINANCIAL_OBLIGATION}, S.SUBMITTED, {Actor.SYSTEM, Actor.OFFICIAL},
           guard=_fee_settled_or_free),
        _t("receive", {S.SUBMITTED}, S.RECEIVED, {Actor.OFFICIAL},
           guard=_apology_given_if_overdue),
        # Also a dossier asked to be completed before reception whose applicant never did.
        _t("refuse_at_reception", {S.SUBMITTED, S.SUPPLEMENT_REQUESTED}, S.REFUSED_AT_RECEPTION,
           {Actor.OFFICIAL}, reason_required=True, guard=_never_received),
        _t("start_processing", {S.RECEIVED}, S.IN_PROCESSING, {Actor.OFFICIAL},
           guard=_apology_given_if_overdue),
        _t("request_supplement", {S.SUBMITTED, S.RECEIVED, S.IN_PROCESSING},
           S.SUPPLEMENT_REQUESTED, {Actor.OFFICIAL}, reason_required=True,
           guard=_apology_given_if_overdue),
        # The completed dossier goes back where the request found it (Decree 61/2018,
        # art. 15): to processing, or, asked for before reception, to be received.
        # Sent online by the applicant, or brought to the desk, where the official
        # receives it on their behalf (dossiers.counter_supplements).
        _t("resubmit", {S.SUPPLEMENT_REQUESTED}, S.IN_PROCESSING,
           {Actor.APPLICANT, Actor.OFFICIAL}, guard=_asked_after_reception),
        _t("resubmit_for_reception", {S.SUPPLEMENT_REQUESTED}, S.SUBMITTED,
           {Actor.APPLICANT, Actor.OFFICIAL}, guard=_asked_before_reception),
        _t("stop_processing", {S.RECEIVED, S.IN_PROCESSING, S.SUPPLEMENT_REQUESTED},
           S.PROCESSING_STOPPED, {Actor.OFFICIAL}, reason_required=True, guard=_received),
        # The official examines the dossier and proposes its outcome (trình ký): its
        # result, or its refusal with the reason. The unit's leader signs what was
        # proposed, or sends it back with the reason to examine it again.
        _t("propose_approval", {S.IN_PROCESSING}, S.AWAITING_SIGNATURE, {Actor.OFFICIAL},
           guard=_approval_proposable),
        _t("propose_not_resolve", {S.IN_PROCESSING}, S.AWAITING_SIGNATURE, {Actor.OFFICIAL},
           reason_required=True, guard=_proposable),
        _t("approve", {S.AWAITING_SIGNATURE}, S.RESULT_READY, {Actor.LEADER},
           guard=_approval_proposed),
        _t("send_back_for_review", {S.AWAITING_SIGNATURE}, S.IN_PROCESSING, {Actor.LEADER},
           reason_required=True),
        # The refusal letter is the leader's, with the reason the official proposed.
        _t("not_resolve", {S.AWAITING_SIGNATURE}, S.NOT_RESOLVED, {Actor.LEADER},
           reason_required=True, guard=refusal_proposed_check),
        _t("return_result", {S.RESULT_READY}, S.RESULT_RETURNED, {Actor.OFFICIAL}),
        _t("withdraw", {S.FINANCIAL_OBLIGATION, S.SUBMITTED, S.RECEIVED, S.IN_PROCESSING,
                        S.AWAITING_SIGNATURE, S.SUPPLEMENT_REQUESTED}, S.WITHDRAWN,
           {Actor.APPLICANT},
           reason_required=True),
    )
}  # fmt: skip

# The National Public Service Portal's ten status codes, for synchronisation.
NATIONAL_STATUS_CODES: dict[str, int] = {
    S.SUBMITTED: 1,
    S.RECEIVED: 2,
    S.REFUSED_AT_RECEPTION: 3,
    S.IN_PROCESSING: 4,
    S.AWAITING_SIGNATURE: 4,  # still in processing for the national portal: its clock runs
    S.SUPPLEMENT_REQUESTED: 5,
    S.FINANCIAL_OBLIGATION: 6,
    S.WITHDRAWN: 7,
    S.PROCESSING_STOPPED: 8,
    S.NOT_RESOLVED: 8,
    S.RESULT_READY: 9,
    S.RESULT_RETURNED: 10,
}


def actor_kind(*, dossier: Dossier, user: User | None) -> str | None:
    """What role this user plays for this dossier, if any."""
    if user is None:
        return Actor.SYSTEM
    if user.pk == dossier.applicant_id:
        return Actor.APPLICANT
    # The dossier's own unit works it; a leader above only reads it (drill-down).
    if acts_for_unit(user=user, agency_id=dossier.agency_id):
        return Actor.OFFICIAL
    return None


def actor_kinds(*, dossier: Dossier, user: User | None) -> frozenset[str]:
    """Every role this user plays for this dossier: the unit's leader is also one
    of its officials. No query."""
    kind = actor_kind(dossier=dossier, user=user)
    if kind is None:
        return frozenset()
    if kind == Actor.OFFICIAL and user is not None and user.role == Role.LEADER:
        return frozenset({Actor.OFFICIAL, Actor.LEADER})
    return frozenset({kind})


def official_check(
    *, dossier: Dossier, by: User, refusal: type[DossierError] = DossierError
) -> None:
    """Raises `refusal` (DossierError unless a caller's flow refuses with its own
    kind, as the counter does with CounterRefused) unless `by` is an official of
    the dossier's unit."""
    if actor_kind(dossier=dossier, user=by) != Actor.OFFICIAL:
        raise refusal(
            _(
                "Chỉ cán bộ của đơn vị tiếp nhận hồ sơ được làm việc này. "
                "Only an official of the receiving unit may do this."
            )
        )


def allowed_actions(*, dossier: Dossier, user: User | None) -> list[str]:
    """The moves this user may make now: what the pages offer."""
    kinds = actor_kinds(dossier=dossier, user=user)
    return [
        t.action
        for t in TRANSITIONS.values()
        if dossier.status in t.sources and kinds & t.actors and not (t.guard and t.guard(dossier))
    ]


def transition_possible_check(*, dossier: Dossier, action: str, by: User | None) -> None:
    """Raises TransitionRefused when `by` may not make this known move, or the
    dossier's status does not allow it now: said before anything else is asked."""
    move = TRANSITIONS[action]
    kinds = actor_kinds(dossier=dossier, user=by)
    if Actor.OFFICIAL in kinds and Actor.LEADER not in kinds and move.actors == {Actor.LEADER}:
        raise TransitionRefused(
            _("Chỉ lãnh đạo đơn vị được ký duyệt hoặc trả lại hồ sơ trình ký. "
              "Only the unit's leader may sign, or send back, a dossier proposed for signature.")
        )  # fmt: skip
    if not kinds & move.actors:
        raise TransitionRefused(
            _("Bạn không được thực hiện thao tác này. You may not take this action.")
        )
    if dossier.status not in move.sources:
        raise TransitionRefused(
            _("Hồ sơ đang ở trạng thái “%(status_vi)s”, không thể thực hiện thao tác này. "
              "The dossier is “%(status_en)s”; this action is not possible now.")
            % choice_in_both_languages(S, dossier.status, "status")
        )  # fmt: skip


def transition(*, dossier: Dossier, action: str, by: User | None, reason: str = "",
               **changes) -> DossierEvent:  # fmt: skip
    """Move the dossier by `action`, setting `changes` on it in the same UPDATE;
    an official who moves a dossier nobody has takes it (dossiers.assignees).
    Raises TransitionRefused (unknown action, wrong status, actor or missing
    reason, a failed guard, or another move that won the race)."""
    move = TRANSITIONS.get(action)
    if move is None:
        raise TransitionRefused(_("Thao tác không hợp lệ. Unknown action."))
    transition_possible_check(dossier=dossier, action=action, by=by)
    if move.reason_required and not reason.strip():
        raise TransitionRefused(_("Cần nêu lý do. A reason is required."))
    if move.guard and (refusal := move.guard(dossier)):
        raise refusal if isinstance(refusal, TransitionRefused) else TransitionRefused(refusal)
    previous = dossier.status
    # The move and its event together or not at all. Inside the caller's
    # transaction that needs no savepoint: a refusal is raised outside this
    # block, so a caller that catches it may go on with its transaction.
    with transaction.atomic(savepoint=False):
        updated = Dossier.objects.filter(pk=dossier.pk, status=previous).update(
            status=move.target, updated_at=timezone.now(), **changes
        )
        if updated == 1:
            event = DossierEvent.objects.create(
                dossier_id=dossier.pk, action=action, from_status=previous,
                to_status=move.target, actor=by, reason=reason.strip(),
            )  # fmt: skip
            if by is not None and actor_kind(dossier=dossier, user=by) == Actor.OFFICIAL:
                mover_takes(dossier=dossier, by=by)
    if updated != 1:
        raise TransitionRefused(
            _("Hồ sơ vừa được người khác cập nhật; hãy tải lại trang. "
              "The dossier was just changed by someone else; reload the page.")
        )  # fmt: skip
    dossier.status = move.target
    for name, value in changes.items():
        setattr(dossier, name, value)
    event.dossier = dossier
    return event


# Moves whose note passes between the unit's official and its leader: what the
# applicant reads, here and on the national portal, is what happened, not the
# unit's internal exchange (a refusal proposed is explained once signed).
INTERNAL_NOTE_ACTIONS = frozenset({"propose_approval", "propose_not_resolve",
                                   "send_back_for_review"})  # fmt: skip


def national_status_step(*, dossier: Dossier, event: DossierEvent) -> dict | None:
    """One move in the national portal's vocabulary; None for a status it has no code for."""
    national = NATIONAL_STATUS_CODES.get(event.to_status)
    if national is None:
        return None
    note = "" if event.action in INTERNAL_NOTE_ACTIONS else event.reason
    return {"code": dossier.code, "status": national, "at": event.at.isoformat(),
            "note": note}  # fmt: skip


def status_history_national(*, dossier: Dossier) -> list[dict]:
    """The dossier's history in the national portal's vocabulary."""
    steps = (national_status_step(dossier=dossier, event=event) for event in dossier.events.all())
    return [step for step in steps if step is not None]
