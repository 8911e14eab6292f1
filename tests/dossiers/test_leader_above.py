"""A leader watches the units under them and reads the dossier behind a
number; the unit's own officials, and its own leader, work it. The city's
leader opening a ward's dossier is offered no move, and one she sends is
refused with nothing changed; the ward's chairman decides its dossiers."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import handling
from complaints.exceptions import ComplaintInvalid
from complaints.models import ComplaintStatus
from datasources.access import lookup_denial_reason
from dossiers import results, supplement_requests, verification, workspace
from dossiers.deadlines import apology_issue
from dossiers.exceptions import DossierError, TransitionRefused
from dossiers.models import Channel, Dossier, DossierEvent, DossierStatus, SourceRefetch
from dossiers.purposes import dossier_purpose
from dossiers.states import Actor, actor_kind, allowed_actions, transition
from tests.accounts.factories import LeaderFactory
from tests.complaints.factories import ComplaintFactory
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.procedures.factories import DossierComponentFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus


def _dossier(unit, status=S.RECEIVED, due_in=5, **fields) -> Dossier:
    due = timezone.localdate() + datetime.timedelta(days=due_in)
    return DossierFactory(agency=unit, status=status, due_date=due,
                          submitted_at=timezone.now(), **fields)  # fmt: skip


def _untouched(dossier: Dossier, status: str, assigned_to=None) -> None:
    dossier.refresh_from_db()
    assert dossier.status == status and dossier.assigned_to_id == assigned_to
    assert not DossierEvent.objects.filter(dossier=dossier).exists()


@pytest.fixture
def ward_leader(hong_bang_ward):
    return LeaderFactory(full_name="Chủ tịch phường Hồng Bàng", agency=hong_bang_ward)


# The rule, in the services


def test_a_leader_above_the_unit_makes_no_move_on_its_dossier(leader, hong_bang_ward):
    dossier = _dossier(hong_bang_ward)
    assert actor_kind(dossier=dossier, user=leader) is None
    assert allowed_actions(dossier=dossier, user=leader) == []
    with pytest.raises(TransitionRefused, match="không được thực hiện.*may not take"):
        transition(dossier=dossier, action="start_processing", by=leader)
    _untouched(dossier, S.RECEIVED)


def test_the_units_own_leader_decides_its_dossiers(ward_leader, hong_bang_ward):
    dossier = _dossier(hong_bang_ward)
    assert actor_kind(dossier=dossier, user=ward_leader) == Actor.OFFICIAL
    assert "start_processing" in allowed_actions(dossier=dossier, user=ward_leader)
    workspace.dossier_start_processing(dossier=dossier, by=ward_leader)
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING


def test_a_leader_above_neither_assigns_nor_takes(leader, commune_official, hong_bang_ward):
    dossier = _dossier(hong_bang_ward)
    with pytest.raises(workspace.AssignmentRefused):
        workspace.dossier_assign(dossier=dossier, to=commune_official, by=leader)
    with pytest.raises(workspace.AssignmentRefused):
        workspace.dossier_take(dossier=dossier, by=leader)
    _untouched(dossier, S.RECEIVED)


def test_a_leader_above_asks_no_supplement(leader, hong_bang_ward):
    dossier = _dossier(hong_bang_ward, status=S.IN_PROCESSING)
    component = DossierComponentFactory(procedure=dossier.procedure)
    with pytest.raises(DossierError):
        supplement_requests.supplement_request(dossier=dossier, by=leader,
                                               components=[component],
                                               reason="Thiếu giấy tờ")  # fmt: skip
    _untouched(dossier, S.IN_PROCESSING)
    assert not dossier.supplements.exists()


def test_a_leader_above_verifies_and_reads_no_source_for_it(leader, hong_bang_ward):
    dossier = _dossier(hong_bang_ward, status=S.IN_PROCESSING)
    component = DossierComponentFactory(procedure=dossier.procedure)
    part = PrefillSourceFactory(dossier=dossier)
    with pytest.raises(DossierError, match="Chỉ cán bộ của đơn vị"):
        verification.component_verify(dossier=dossier, component_id=component.pk, by=leader)
    with pytest.raises(workspace.RefetchRefused, match="không được thực hiện"):
        workspace.source_refetch(dossier=dossier, source=part.source, by=leader)
    assert not SourceRefetch.objects.exists() and not dossier.verifications.exists()
    # Nor may the portal read a citizen's data on her word for the ward's dossier.
    refusal = lookup_denial_reason(actor=leader, subject=dossier.subject_personal_id,
                                   purpose=dossier_purpose(dossier))  # fmt: skip
    assert refusal and "đơn vị mình" in refusal


def test_a_leader_above_returns_no_result_and_issues_no_apology(leader, hong_bang_ward):
    ready = _dossier(hong_bang_ward, status=S.RESULT_READY)
    with pytest.raises(TransitionRefused):
        results.result_return(dossier=ready, by=leader, how=results.ReturnChannel.ONLINE)
    _untouched(ready, S.RESULT_READY)
    overdue = _dossier(hong_bang_ward, due_in=-3)
    with pytest.raises(DossierError):
        apology_issue(dossier=overdue, by=leader, reason="Quá tải",
                      new_due_date=timezone.localdate() + datetime.timedelta(days=5))  # fmt: skip
    assert not overdue.apologies.exists()


def test_a_complaint_is_handled_by_its_agency_not_by_a_leader_above(
    leader, ward_leader, hong_bang_ward
):
    complaint = ComplaintFactory(unit=hong_bang_ward, responsible_agency=hong_bang_ward,
                                 status=ComplaintStatus.ROUTED, routing_due=False)  # fmt: skip
    # She still reads it: the drill-down behind a dashboard's figure.
    assert handling.complaints_handled_by(user=leader).filter(pk=complaint.pk).exists()
    assert not handling.may_handle(complaint=complaint, user=leader)
    with pytest.raises(ComplaintInvalid, match="không thuộc cơ quan của bạn"):
        handling.complaint_start(complaint=complaint, by=leader)
    with pytest.raises(ComplaintInvalid):
        handling.complaint_assign(complaint=complaint, official=ward_leader, by=leader)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ROUTED and complaint.assigned_to is None
    assert not complaint.events.exists()
    # The ward's own chairman takes it up.
    handling.complaint_start(complaint=complaint, by=ward_leader)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_HANDLING
    with pytest.raises(ComplaintInvalid):
        handling.complaint_conclude(complaint=complaint, by=leader, outcome="substantiated",
                                    response="Đã chấn chỉnh.")  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_HANDLING


# The pages


def test_the_city_leader_reads_a_wards_dossier_and_is_offered_no_move(
    client, leader, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, due_in=-2)
    PrefillSourceFactory(dossier=dossier)
    client.force_login(leader, backend=LOGIN)
    response = client.get(reverse("workspace:dossier", args=[dossier.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["actions"] == []
    assert 'name="action"' not in page  # no Start processing, Receive, Return the result…
    assert reverse("workspace:assign", args=[dossier.pk]) not in page
    assert reverse("workspace:refetch", args=[dossier.pk]) not in page
    assert reverse("workspace:apology", args=[dossier.pk]) not in page
    assert reverse("workspace:verify", args=[dossier.pk]) not in page


def test_the_wards_own_leader_is_offered_the_moves(client, ward_leader, hong_bang_ward):
    dossier = _dossier(hong_bang_ward)
    client.force_login(ward_leader, backend=LOGIN)
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert 'value="start_processing"' in page
    assert reverse("workspace:assign", args=[dossier.pk]) in page


def test_a_forged_move_of_a_leader_above_is_refused_and_changes_nothing(
    client, leader, commune_official, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward)
    client.force_login(leader, backend=LOGIN)
    response = client.post(reverse("workspace:act", args=[dossier.pk]),
                           {"action": "start_processing", "confirmed": "1"})  # fmt: skip
    assert response.status_code == 409
    page = response.content.decode()
    assert "Bạn không được thực hiện thao tác này." in page
    assert "You may not take this action." in page
    response = client.post(reverse("workspace:assign", args=[dossier.pk]),
                           {"to": commune_official.pk})  # fmt: skip
    assert response.status_code == 409
    assert "You may not assign this dossier." in response.content.decode()
    part = PrefillSourceFactory(dossier=dossier)
    response = client.post(reverse("workspace:refetch", args=[dossier.pk]),
                           {"source": part.source})  # fmt: skip
    assert response.status_code == 400
    response = client.post(reverse("workspace:bulk"),
                           {"dossiers": [dossier.pk], "action": "receive"})  # fmt: skip
    assert response.status_code == 302
    _untouched(dossier, S.RECEIVED)
    assert not SourceRefetch.objects.exists()


def test_a_leaders_queue_offers_no_move_on_the_units_below(
    client, leader, hong_bang_ward, le_chan_ward
):
    _dossier(hong_bang_ward, status=S.SUBMITTED)
    _dossier(le_chan_ward, status=S.SUBMITTED)
    client.force_login(leader, backend=LOGIN)
    response = client.get(reverse("workspace:queue"))
    page = response.content.decode()
    assert len(response.context["rows"]) == 2
    assert 'name="dossiers"' not in page and 'id="bulk-action"' not in page


def test_a_leaders_queue_offers_her_own_units_dossiers_only(client, leader, hai_phong,
                                                             hong_bang_ward):  # fmt: skip
    own = _dossier(hai_phong, status=S.SUBMITTED)
    below = _dossier(hong_bang_ward, status=S.SUBMITTED)
    client.force_login(leader, backend=LOGIN)
    page = client.get(reverse("workspace:queue")).content.decode()
    assert 'id="bulk-action"' in page
    assert f'name="dossiers" value="{own.pk}"' in page
    assert f'name="dossiers" value="{below.pk}"' not in page


def test_the_counter_of_a_leader_above_lists_no_draft_of_a_unit_below(
    client, leader, hong_bang_ward
):
    draft = DossierFactory(agency=hong_bang_ward, status=S.DRAFT, channel=Channel.COUNTER)
    client.force_login(leader, backend=LOGIN)
    assert client.get(reverse("workspace:counter-dossier", args=[draft.pk])).status_code == 404
    response = client.post(reverse("workspace:counter-submit", args=[draft.pk]), {})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_a_leader_above_reads_a_complaint_and_is_offered_no_step(client, leader,
                                                                 hong_bang_ward):  # fmt: skip
    complaint = ComplaintFactory(unit=hong_bang_ward, responsible_agency=hong_bang_ward,
                                 status=ComplaintStatus.ROUTED, routing_due=False)  # fmt: skip
    client.force_login(leader, backend=LOGIN)
    url = reverse("complaint-workspace:complaint", kwargs={"code": complaint.code})
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="action"' not in page
    act = reverse("complaint-workspace:act", kwargs={"code": complaint.code})
    response = client.post(act, {"action": "start"})
    assert response.status_code == 400
    assert "This complaint is not routed to your agency." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ROUTED and not complaint.events.exists()


def test_a_leader_above_refunds_no_payment_of_the_units_dossier(
    leader, ward_leader, commune_official, center_staff, hong_bang_ward
):
    from payments.refunds import refund_permitted

    dossier = _dossier(hong_bang_ward, status=S.SUBMITTED, fee_vnd=8000)
    assert not refund_permitted(dossier=dossier, user=leader)
    for user in (commune_official, ward_leader, center_staff):
        assert refund_permitted(dossier=dossier, user=user)
