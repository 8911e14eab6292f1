"""The dossier lifecycle's transitions table, move by move: every action from
every status it allows, by the actor it names; refused from every other
status, by every other actor, without its reason, when its guard says no, or
when another move won; what the pages offer; and the mapping onto the
National Public Service Portal's ten status codes with its export."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from dossiers.exceptions import NoSigningLeader, TransitionRefused
from dossiers.models import Channel, Dossier, DossierEvent, DossierStatus
from dossiers.states import (
    NATIONAL_STATUS_CODES,
    TRANSITIONS,
    Actor,
    actor_kind,
    actor_kinds,
    allowed_actions,
    status_history_national,
    transition,
)
from payments.models import PaymentStatus
from tests.accounts.factories import CitizenFactory, LeaderFactory, OfficialFactory
from tests.dossiers.factories import DossierFactory
from tests.payments.factories import PaymentFactory

pytestmark = pytest.mark.django_db

S = DossierStatus
MOVES = [
    (action, status) for action, move in TRANSITIONS.items() for status in sorted(move.sources)
]
NOT_FROM = [
    (action, status)
    for action, move in TRANSITIONS.items()
    for status in S.values
    if status not in move.sources
]
REASON = "Lý do ghi trong hồ sơ"
_numbers = itertools.count(1)


def _dossier(unit, status, action: str = "", **fields) -> Dossier:
    """A dossier in `status` on which `action`'s guard is satisfied."""
    counter = action.startswith("counter_")
    submitted = status != S.DRAFT
    values = {
        "code": f"11311-261125-{next(_numbers):04d}" if submitted else None,
        "submitted_at": timezone.now() if submitted else None,
        "due_date": timezone.localdate() + datetime.timedelta(days=10),
        "channel": Channel.COUNTER if counter else Channel.ONLINE,
        "counter_consent_at": timezone.now() if counter else None,
        # The leader signs a refusal only of a dossier proposed for refusal.
        "proposed_outcome": "not_resolve" if action == "not_resolve" else "",
        **fields,
    }
    dossier = DossierFactory(agency=unit, status=status, **values)
    if status == S.SUPPLEMENT_REQUESTED:
        # The answer's guards read where the request found the dossier.
        before = action in ("resubmit_for_reception", "refuse_at_reception")
        _asked(dossier, S.SUBMITTED if before else S.IN_PROCESSING)
    return dossier


def _asked(dossier: Dossier, from_status: str) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier, action="request_supplement", from_status=from_status,
        to_status=S.SUPPLEMENT_REQUESTED, reason=REASON,
    )  # fmt: skip


def _by(move_actors, dossier, official, leader):
    if Actor.APPLICANT in move_actors:
        return dossier.applicant
    if Actor.OFFICIAL in move_actors:
        return official
    if Actor.LEADER in move_actors:
        return leader  # the unit's own: the signature step
    return None  # the portal itself


def _unchanged(dossier: Dossier, status: str) -> None:
    """Same status, and no event but the supplement request it was set up with."""
    dossier.refresh_from_db()
    assert dossier.status == status
    assert (
        not DossierEvent.objects.filter(dossier=dossier)
        .exclude(action="request_supplement")
        .exists()
    )


@pytest.mark.parametrize(("action", "status"), MOVES)
def test_each_move_from_each_status_it_allows(
    commune_official, ward_leader, hong_bang_ward, action, status
):
    move = TRANSITIONS[action]
    dossier = _dossier(hong_bang_ward, status, action)
    by = _by(move.actors, dossier, commune_official, ward_leader)
    reason = REASON if move.reason_required else ""

    assert action in allowed_actions(dossier=dossier, user=by)
    event = transition(dossier=dossier, action=action, by=by, reason=reason)

    assert dossier.status == move.target
    dossier.refresh_from_db()
    assert dossier.status == move.target
    assert (event.action, event.from_status, event.to_status, event.actor, event.reason) == (
        action, status, move.target, by, reason
    )  # fmt: skip


@pytest.mark.parametrize(("action", "status"), NOT_FROM)
def test_each_move_is_refused_from_every_other_status(
    commune_official, ward_leader, hong_bang_ward, action, status
):
    move = TRANSITIONS[action]
    dossier = _dossier(hong_bang_ward, status, action)
    by = _by(move.actors, dossier, commune_official, ward_leader)

    assert action not in allowed_actions(dossier=dossier, user=by)
    with pytest.raises(TransitionRefused, match="không thể thực hiện thao tác này"):
        transition(dossier=dossier, action=action, by=by, reason=REASON)
    _unchanged(dossier, status)


@pytest.fixture
def actors(commune_official, other_commune_official, leader, center_staff):
    """Every kind of user, by what they are to a Hồng Bàng dossier."""
    return {
        "applicant": None,  # filled per dossier
        "official of the unit": commune_official,
        "leader above the unit": leader,
        "leader of the unit": LeaderFactory(agency=commune_official.agency),
        "official of another unit": other_commune_official,
        "service-center staff": center_staff,
        "another citizen": CitizenFactory(),
        "the portal itself": None,
    }


@pytest.mark.parametrize(("action", "status"), MOVES)
def test_each_move_is_refused_to_every_other_actor(actors, hong_bang_ward, action, status):
    move = TRANSITIONS[action]
    for who, user in actors.items():
        dossier = _dossier(hong_bang_ward, status, action)
        user = dossier.applicant if who == "applicant" else user
        if actor_kinds(dossier=dossier, user=user) & move.actors:
            continue
        # An official of the unit asked to sign is told only its leader signs.
        with pytest.raises(TransitionRefused, match="không được thực hiện|Chỉ lãnh đạo đơn vị"):
            transition(dossier=dossier, action=action, by=user, reason=REASON)
        _unchanged(dossier, status)


def test_who_is_who_for_a_dossier(actors, hong_bang_ward):
    dossier = _dossier(hong_bang_ward, S.SUBMITTED)
    kinds = {who: actor_kind(dossier=dossier, user=user) for who, user in actors.items()}
    kinds["applicant"] = actor_kind(dossier=dossier, user=dossier.applicant)
    assert kinds == {
        "applicant": Actor.APPLICANT,
        "official of the unit": Actor.OFFICIAL,
        "leader above the unit": None,  # she reads it (drill-down), the unit works it
        "leader of the unit": Actor.OFFICIAL,  # the ward's chairman works its dossiers
        "official of another unit": None,
        "service-center staff": None,
        "another citizen": None,
        "the portal itself": Actor.SYSTEM,
    }
    # and, of them all, signs its results: the signature step's moves are its leader's.
    signers = [who for who, user in actors.items()
               if Actor.LEADER in actor_kinds(dossier=dossier, user=user)]  # fmt: skip
    assert signers == ["leader of the unit"]


def test_an_official_applying_for_herself_does_not_decide_her_own_dossier(
    commune_official, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, S.SUBMITTED, applicant=commune_official)
    assert actor_kind(dossier=dossier, user=commune_official) == Actor.APPLICANT
    with pytest.raises(TransitionRefused):
        transition(dossier=dossier, action="receive", by=commune_official)
    _unchanged(dossier, S.SUBMITTED)


@pytest.mark.parametrize(
    ("action", "status"),
    [(action, sorted(move.sources)[0]) for action, move in TRANSITIONS.items()
     if move.reason_required],
)  # fmt: skip
def test_a_move_that_needs_a_reason_is_refused_without_one(
    commune_official, ward_leader, hong_bang_ward, action, status
):
    move = TRANSITIONS[action]
    dossier = _dossier(hong_bang_ward, status, action)
    by = _by(move.actors, dossier, commune_official, ward_leader)
    for blank in ("", "   \n"):
        with pytest.raises(TransitionRefused, match="Cần nêu lý do"):
            transition(dossier=dossier, action=action, by=by, reason=blank)
    _unchanged(dossier, status)


def test_every_move_that_ends_a_dossier_against_the_applicant_needs_a_reason():
    # Decree 61/2018: a refusal, a stop or a withdrawal is always explained.
    needs_reason = {action for action, move in TRANSITIONS.items() if move.reason_required}
    # A leader's sending back is explained to the official who proposed the dossier;
    # a refusal, to the leader who signs it, then with that reason to the applicant.
    assert needs_reason == {
        "refuse_at_reception", "request_supplement", "stop_processing", "not_resolve", "withdraw",
        "send_back_for_review", "propose_not_resolve",
    }  # fmt: skip


def test_an_unknown_action_is_refused(commune_official, hong_bang_ward):
    dossier = _dossier(hong_bang_ward, S.SUBMITTED)
    with pytest.raises(TransitionRefused, match="Unknown action"):
        transition(dossier=dossier, action="publish", by=commune_official)
    _unchanged(dossier, S.SUBMITTED)


def test_the_move_that_lost_the_race_is_refused(commune_official, ward_leader, hong_bang_ward):
    dossier = _dossier(hong_bang_ward, S.IN_PROCESSING)
    stale = Dossier.objects.get(pk=dossier.pk)
    transition(dossier=dossier, action="propose_approval", by=commune_official)
    with pytest.raises(TransitionRefused, match="vừa được người khác cập nhật"):
        transition(dossier=stale, action="propose_not_resolve", by=commune_official,
                   reason=REASON)  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_SIGNATURE
    assert list(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True)) == [
        "propose_approval"
    ]


@pytest.mark.parametrize("action", ["propose_approval", "propose_not_resolve"])
def test_no_proposal_for_signature_in_a_unit_without_a_leader_to_sign(
    commune_official, hong_bang_ward, le_chan_ward, action
):
    """A leader of another unit, or one deactivated, signs nothing here."""
    LeaderFactory(agency=le_chan_ward)
    LeaderFactory(agency=hong_bang_ward, is_active=False)
    dossier = _dossier(hong_bang_ward, S.IN_PROCESSING)
    assert action not in allowed_actions(dossier=dossier, user=commune_official)
    with pytest.raises(NoSigningLeader, match="No leader of the unit can sign"):
        transition(dossier=dossier, action=action, by=commune_official, reason=REASON)
    _unchanged(dossier, S.IN_PROCESSING)

    LeaderFactory(agency=hong_bang_ward)
    assert action in allowed_actions(dossier=dossier, user=commune_official)


@pytest.mark.parametrize(
    ("proposed", "signed", "refusal"),
    [("not_resolve", "approve", "proposed for refusal, not for approval"),
     ("approve", "not_resolve", "proposed for approval, not for refusal"),
     ("", "not_resolve", "proposed for approval, not for refusal")],  # proposed before refusals
)  # fmt: skip
def test_the_leader_signs_only_the_outcome_proposed(ward_leader, hong_bang_ward, proposed, signed,
                                                    refusal):  # fmt: skip
    dossier = _dossier(hong_bang_ward, S.AWAITING_SIGNATURE, proposed_outcome=proposed)
    assert signed not in allowed_actions(dossier=dossier, user=ward_leader)
    with pytest.raises(TransitionRefused, match=refusal):
        transition(dossier=dossier, action=signed, by=ward_leader, reason=REASON)
    _unchanged(dossier, S.AWAITING_SIGNATURE)


def test_a_move_sets_its_changes_in_the_same_update(citizen, hong_bang_ward):
    dossier = _dossier(hong_bang_ward, S.DRAFT, applicant=citizen)
    due = timezone.localdate() + datetime.timedelta(days=7)
    transition(dossier=dossier, action="submit", by=citizen, code="11311-261125-0100",
               due_date=due)  # fmt: skip
    dossier.refresh_from_db()
    assert (dossier.status, dossier.code, dossier.due_date) == (S.SUBMITTED, "11311-261125-0100",
                                                                due)  # fmt: skip


# The guards


def test_fee_paid_waits_for_payments_covering_the_fee(hong_bang_ward):
    dossier = _dossier(hong_bang_ward, S.FINANCIAL_OBLIGATION, fee_vnd=20000)
    PaymentFactory(dossier=dossier, status=PaymentStatus.FAILED)
    PaymentFactory(dossier=dossier, status=PaymentStatus.PAID, amount_vnd=10000)
    assert "fee_paid" not in allowed_actions(dossier=dossier, user=None)
    with pytest.raises(TransitionRefused, match="chưa được nộp phí"):
        transition(dossier=dossier, action="fee_paid", by=None)
    _unchanged(dossier, S.FINANCIAL_OBLIGATION)

    PaymentFactory(dossier=dossier, status=PaymentStatus.PAID, amount_vnd=10000)
    transition(dossier=dossier, action="fee_paid", by=None)
    assert dossier.status == S.SUBMITTED


@pytest.mark.parametrize("action", ["counter_submit", "counter_request_fee"])
@pytest.mark.parametrize(("channel", "consent"), [(Channel.ONLINE, True), (Channel.COUNTER, False)])
def test_counter_moves_need_a_counter_dossier_with_consent(
    commune_official, hong_bang_ward, action, channel, consent
):
    dossier = _dossier(hong_bang_ward, S.DRAFT, channel=channel,
                       counter_consent_at=timezone.now() if consent else None)  # fmt: skip
    assert action not in allowed_actions(dossier=dossier, user=commune_official)
    with pytest.raises(TransitionRefused, match="tiếp nhận tại quầy"):
        transition(dossier=dossier, action=action, by=commune_official)
    _unchanged(dossier, S.DRAFT)


@pytest.mark.parametrize(
    "action",
    sorted(a for a, move in TRANSITIONS.items()
           if move.guard is not None and move.guard.__name__ == "_apology_given_if_overdue"),
)  # fmt: skip
def test_an_overdue_dossier_needs_an_apology_before_each_forward_move(
    commune_official, ward_leader, hong_bang_ward, action
):
    move = TRANSITIONS[action]
    status = sorted(move.sources)[0]
    dossier = _dossier(hong_bang_ward, status, action)
    Dossier.objects.filter(pk=dossier.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    dossier.refresh_from_db()
    by = _by(move.actors, dossier, commune_official, ward_leader)
    assert action not in allowed_actions(dossier=dossier, user=by)
    with pytest.raises(TransitionRefused, match="quá hạn"):
        transition(dossier=dossier, action=action, by=by,
                   reason=REASON if move.reason_required else "")  # fmt: skip
    _unchanged(dossier, status)


def test_the_guards_are_where_the_law_puts_them():
    guards = {action: move.guard.__name__ for action, move in TRANSITIONS.items() if move.guard}
    assert guards == {
        # A draft taken at the desk is the official's to submit, never the applicant's online.
        "submit": "_taken_online",
        "request_fee": "_taken_online",
        "counter_submit": "_at_the_counter",
        "counter_request_fee": "_at_the_counter",
        "fee_paid": "_fee_settled_or_free",
        "receive": "_apology_given_if_overdue",
        "start_processing": "_apology_given_if_overdue",
        "request_supplement": "_apology_given_if_overdue",
        # Proposed for signature only with a leader of the unit there to sign it; an
        # approval only of a result no verified source value contradicts as asked.
        "propose_approval": "_approval_proposable",
        "propose_not_resolve": "_proposable",
        # The leader signs what was proposed, and an overdue dossier needs its apology.
        "approve": "_approval_proposed",
        "not_resolve": "refusal_proposed_check",
        "resubmit": "_asked_after_reception",
        "resubmit_for_reception": "_asked_before_reception",
        "refuse_at_reception": "_never_received",
        "stop_processing": "_received",
    }


# A supplement asked for before reception is completed, then received (Decree 61/2018, art. 15).


@pytest.mark.parametrize(
    ("asked_from", "answer", "target"),
    [(S.SUBMITTED, "resubmit_for_reception", S.SUBMITTED),
     (S.RECEIVED, "resubmit", S.IN_PROCESSING), (S.IN_PROCESSING, "resubmit", S.IN_PROCESSING),
     (None, "resubmit", S.IN_PROCESSING)],  # a request from before its event was recorded
)  # fmt: skip
def test_the_answer_goes_back_where_the_request_found_the_dossier(
    hong_bang_ward, asked_from, answer, target
):
    dossier = DossierFactory(agency=hong_bang_ward, status=S.SUPPLEMENT_REQUESTED,
                             code="11311-261125-0300", submitted_at=timezone.now())  # fmt: skip
    if asked_from:
        _asked(dossier, asked_from)
    other = ({"resubmit", "resubmit_for_reception"} - {answer}).pop()
    applicant = dossier.applicant

    assert answer in allowed_actions(dossier=dossier, user=applicant)
    assert other not in allowed_actions(dossier=dossier, user=applicant)
    with pytest.raises(TransitionRefused, match="tiếp nhận"):
        transition(dossier=dossier, action=other, by=applicant)
    _unchanged(dossier, S.SUPPLEMENT_REQUESTED)

    event = transition(dossier=dossier, action=answer, by=applicant)
    assert (event.from_status, event.to_status, dossier.status) == (
        S.SUPPLEMENT_REQUESTED, target, target
    )  # fmt: skip


@pytest.mark.parametrize(
    ("asked_from", "lawful", "unlawful"),
    [(S.SUBMITTED, "refuse_at_reception", "stop_processing"),
     (S.IN_PROCESSING, "stop_processing", "refuse_at_reception")],
)  # fmt: skip
def test_a_dossier_never_completed_is_refused_at_reception_or_stopped_as_it_was_received(
    commune_official, hong_bang_ward, asked_from, lawful, unlawful
):
    dossier = DossierFactory(agency=hong_bang_ward, status=S.SUPPLEMENT_REQUESTED,
                             code="11311-261125-0301", submitted_at=timezone.now())  # fmt: skip
    _asked(dossier, asked_from)

    offered = allowed_actions(dossier=dossier, user=commune_official)
    assert lawful in offered and unlawful not in offered
    with pytest.raises(TransitionRefused, match="tiếp nhận"):
        transition(dossier=dossier, action=unlawful, by=commune_official, reason=REASON)
    _unchanged(dossier, S.SUPPLEMENT_REQUESTED)

    event = transition(dossier=dossier, action=lawful, by=commune_official, reason=REASON)
    assert event.to_status == TRANSITIONS[lawful].target


def test_the_answer_follows_the_last_request_of_the_dossier(hong_bang_ward):
    dossier = _dossier(hong_bang_ward, S.SUPPLEMENT_REQUESTED, "resubmit_for_reception")
    _asked(dossier, S.IN_PROCESSING)
    assert "resubmit" in allowed_actions(dossier=dossier, user=dossier.applicant)
    assert "resubmit_for_reception" not in allowed_actions(dossier=dossier, user=dossier.applicant)


# What the pages offer


@pytest.mark.parametrize("status", S.values)
def test_allowed_actions_are_the_table_for_each_actor(
    commune_official, ward_leader, hong_bang_ward, status
):
    dossier = _dossier(hong_bang_ward, status, fee_vnd=0)
    expected = {
        Actor.OFFICIAL: commune_official,
        Actor.APPLICANT: dossier.applicant,
        Actor.SYSTEM: None,
    }
    for kind, user in expected.items():
        offered = set(allowed_actions(dossier=dossier, user=user))
        # Not a counter move on an online dossier; a supplement asked for in processing.
        before_reception = {"resubmit_for_reception", "refuse_at_reception"}
        lawful = {a for a, move in TRANSITIONS.items()
                  if status in move.sources and kind in move.actors
                  and not a.startswith("counter_")
                  and not (status == S.SUPPLEMENT_REQUESTED and a in before_reception)}  # fmt: skip
        assert offered == lawful, (kind, status)
    assert allowed_actions(dossier=dossier, user=OfficialFactory()) == []


# The national portal's status codes


def test_every_status_but_the_draft_maps_onto_a_national_code():
    assert set(NATIONAL_STATUS_CODES) == set(S.values) - {S.DRAFT}
    assert set(NATIONAL_STATUS_CODES.values()) == set(range(1, 11))
    assert {status: NATIONAL_STATUS_CODES[status] for status in NATIONAL_STATUS_CODES} == {
        S.SUBMITTED: 1, S.RECEIVED: 2, S.REFUSED_AT_RECEPTION: 3, S.IN_PROCESSING: 4,
        S.AWAITING_SIGNATURE: 4,  # processing, for the national portal, until the leader signs
        S.SUPPLEMENT_REQUESTED: 5, S.FINANCIAL_OBLIGATION: 6, S.WITHDRAWN: 7,
        S.PROCESSING_STOPPED: 8, S.NOT_RESOLVED: 8, S.RESULT_READY: 9, S.RESULT_RETURNED: 10,
    }  # fmt: skip


def test_every_target_of_a_move_can_be_synchronised():
    assert {move.target for move in TRANSITIONS.values()} <= set(NATIONAL_STATUS_CODES)


def test_the_national_export_follows_the_events_in_order(citizen, commune_official, ward_leader,
                                                         hong_bang_ward):  # fmt: skip
    dossier = _dossier(hong_bang_ward, S.DRAFT, applicant=citizen, fee_vnd=0)
    dossier.code = "11311-261125-0200"
    steps = [("submit", citizen, ""), ("receive", commune_official, ""),
             ("start_processing", commune_official, ""),
             ("request_supplement", commune_official, "Thiếu hợp đồng thuê nhà"),
             ("resubmit", citizen, ""), ("propose_approval", commune_official, ""),
             ("approve", ward_leader, ""), ("return_result", commune_official, "")]  # fmt: skip
    for action, by, reason in steps:
        transition(dossier=dossier, action=action, by=by, reason=reason, code=dossier.code)

    history = status_history_national(dossier=dossier)

    assert [entry["status"] for entry in history] == [1, 2, 4, 5, 4, 4, 9, 10]
    assert {entry["code"] for entry in history} == {"11311-261125-0200"}
    assert history[3]["note"] == "Thiếu hợp đồng thuê nhà"
    times = [datetime.datetime.fromisoformat(entry["at"]) for entry in history]
    assert times == sorted(times) and all(t.tzinfo is not None for t in times)


def test_the_national_export_of_a_dossier_completed_before_reception(citizen, commune_official,
                                                                    hong_bang_ward):  # fmt: skip
    dossier = _dossier(hong_bang_ward, S.DRAFT, applicant=citizen, fee_vnd=0)
    steps = [("submit", citizen, ""),
             ("request_supplement", commune_official, "Thiếu hợp đồng thuê nhà"),
             ("resubmit_for_reception", citizen, ""), ("receive", commune_official, ""),
             ("start_processing", commune_official, "")]  # fmt: skip
    for action, by, reason in steps:
        transition(dossier=dossier, action=action, by=by, reason=reason, code="11311-261125-0202")

    assert [entry["status"] for entry in status_history_national(dossier=dossier)] == [
        1, 5, 1, 2, 4
    ]  # fmt: skip


def test_the_national_export_of_a_fee_dossier_and_a_withdrawal(citizen, hong_bang_ward):
    dossier = _dossier(hong_bang_ward, S.DRAFT, applicant=citizen, fee_vnd=15000)
    transition(dossier=dossier, action="request_fee", by=citizen, code="11311-261125-0201")
    PaymentFactory(dossier=dossier, status=PaymentStatus.PAID)
    transition(dossier=dossier, action="fee_paid", by=None)
    transition(dossier=dossier, action="withdraw", by=citizen, reason="Không còn nhu cầu")

    assert [entry["status"] for entry in status_history_national(dossier=dossier)] == [6, 1, 7]


def test_every_move_is_named_on_the_control_sheet():
    from dossiers.slips import STEPS

    assert set(STEPS) == set(TRANSITIONS)


def test_every_move_is_told_to_the_applicant_in_plain_words():
    from dossiers.history import EVENT_WORDS

    assert set(EVENT_WORDS) == set(TRANSITIONS)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_refusal_names_the_status_in_the_language_of_each_half(
    commune_official, hong_bang_ward, language
):
    from django.utils.translation import override

    dossier = _dossier(hong_bang_ward, S.IN_PROCESSING)

    with override(language), pytest.raises(TransitionRefused) as refused:
        transition(dossier=dossier, action="receive", by=commune_official)

    assert str(refused.value.args[0]) == (
        "Hồ sơ đang ở trạng thái “Đang xử lý”, không thể thực hiện thao tác này. "
        "The dossier is “In processing”; this action is not possible now."
    )
