"""Who works a dossier: the official who receives or moves a dossier nobody has
takes it; an assignment already made stands; the unit's leaders sign and are
never assigned, through the page, the service or the agency API."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dossiers.api_access.clients import agency_client_create
from dossiers.exceptions import DossierError
from dossiers.models import Dossier, DossierStatus
from dossiers.signing import dossier_propose_approval
from dossiers.workspace import (
    LeaderNotAssignable,
    dossier_assign,
    dossier_receive,
    dossier_start_processing,
    dossier_take,
    dossiers_bulk,
)
from tests.accounts.factories import OfficialFactory
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus


def _dossier(unit, status=S.SUBMITTED, **fields) -> Dossier:
    due = timezone.localdate() + datetime.timedelta(days=5)
    return DossierFactory(agency=unit, status=status, due_date=due,
                          submitted_at=timezone.now(), **fields)  # fmt: skip


@pytest.fixture
def colleague(hong_bang_ward):
    return OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Mai")


@pytest.fixture
def official_client(client, commune_official):
    client.force_login(commune_official, backend=LOGIN)
    return client


@pytest.fixture
def api(hong_bang_ward, settings):
    """The unit's one-stop system, through the agency API."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client, secret = agency_client_create(agency=hong_bang_ward, name="Một cửa Hồng Bàng")
    api = APIClient()
    token = base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
    api.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    return api


def _act(client, dossier, action):
    return client.post(reverse("workspace:act", args=[dossier.pk]),
                       {"action": action, "reason": "", "confirmed": "1"})  # fmt: skip


def _assigned_to(dossier):
    return Dossier.objects.values_list("assigned_to", flat=True).get(pk=dossier.pk)


# The official who receives or moves a dossier nobody has takes it


def test_receiving_a_dossier_nobody_has_assigns_it_to_the_official(
    commune_official, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward)
    dossier_receive(dossier=dossier, by=commune_official)
    assert dossier.assigned_to == commune_official
    assert _assigned_to(dossier) == commune_official.pk


def test_a_later_move_on_a_dossier_nobody_has_assigns_it_to_the_official(
    commune_official, ward_leader, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, status=S.RECEIVED)
    dossier_start_processing(dossier=dossier, by=commune_official)
    dossier_propose_approval(dossier=dossier, by=commune_official)
    assert _assigned_to(dossier) == commune_official.pk


def test_a_move_never_takes_the_dossier_from_its_assigned_official(
    commune_official, colleague, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, assigned_to=colleague)
    dossier_receive(dossier=dossier, by=commune_official)
    assert _assigned_to(dossier) == colleague.pk


def test_an_assignment_made_meanwhile_stands_over_a_move_on_a_stale_copy(
    commune_official, colleague, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward)  # read while nobody had it
    Dossier.objects.filter(pk=dossier.pk).update(assigned_to=colleague)
    dossier_receive(dossier=dossier, by=commune_official)
    assert _assigned_to(dossier) == colleague.pk


def test_a_leader_who_moves_a_dossier_is_not_assigned_it(ward_leader, hong_bang_ward):
    dossier = _dossier(hong_bang_ward)
    dossier_receive(dossier=dossier, by=ward_leader)
    assert _assigned_to(dossier) is None


def test_a_move_through_the_agency_api_assigns_nobody(api, hong_bang_ward):
    """The agency system's account is no official to give the dossier to."""
    dossier = _dossier(hong_bang_ward)
    response = api.post(f"/api/agency/dossiers/{dossier.pk}/receive/", {}, format="json")
    assert response.status_code == 200, response.content
    assert _assigned_to(dossier) is None


def test_the_official_who_worked_the_dossier_sees_it_as_theirs(
    official_client, commune_official, ward_leader, hong_bang_ward
):
    """As in the demo: Hoa receives the dossier, processes it and proposes it for
    signature; the page names her and "mine" lists it."""
    dossier = _dossier(hong_bang_ward)
    for action in ("receive", "start_processing", "propose_approval"):
        assert _act(official_client, dossier, action).status_code == 302, action

    page = official_client.get(reverse("workspace:dossier", args=[dossier.pk]))
    mine = official_client.get(reverse("workspace:queue"), {"mine": "on"})

    assert 'data-testid="assigned-to">Lê Thị Hoa<' in page.content.decode()
    assert [row.pk for row, _ in mine.context["rows"]] == [dossier.pk]


# Leaders sign; they are not assigned


def test_leaders_are_not_among_the_assignees_offered(
    official_client, colleague, ward_leader, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward)
    page = official_client.get(reverse("workspace:dossier", args=[dossier.pk]))
    offered = list(page.context["assign_form"].fields["to"].queryset)
    assert colleague in offered and ward_leader not in offered


def test_assigning_to_a_leader_is_refused_by_the_service(
    commune_official, ward_leader, colleague, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, assigned_to=colleague)
    with pytest.raises(LeaderNotAssignable, match="Lãnh đạo ký duyệt hồ sơ.*Leaders sign"):
        dossier_assign(dossier=dossier, to=ward_leader, by=commune_official)
    with pytest.raises(DossierError):
        dossier_take(dossier=_dossier(hong_bang_ward), by=ward_leader)
    assert _assigned_to(dossier) == colleague.pk


def test_assigning_to_a_leader_on_the_page_is_a_400_saying_why(
    official_client, ward_leader, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward)
    response = official_client.post(reverse("workspace:assign", args=[dossier.pk]),
                                    {"to": ward_leader.pk})  # fmt: skip
    assert response.status_code == 400
    assert "Lãnh đạo ký duyệt hồ sơ" in response.content.decode()
    assert _assigned_to(dossier) is None


def test_assigning_to_a_leader_through_the_agency_api_is_a_400(api, ward_leader, hong_bang_ward):
    dossier = _dossier(hong_bang_ward)
    response = api.post(f"/api/agency/dossiers/{dossier.pk}/assign/",
                        {"official": ward_leader.username}, format="json")  # fmt: skip
    assert response.status_code == 400
    assert response.json()["code"] == "leader_not_assignable"
    assert "Lãnh đạo" in response.json()["detail"]
    assert _assigned_to(dossier) is None


# The queue's bulk "Assign to me" is the officials' only


@pytest.fixture
def leader_client(client, ward_leader):
    client.force_login(ward_leader, backend=LOGIN)
    return client


def test_a_leader_taking_dossiers_in_bulk_is_refused_before_any(ward_leader, hong_bang_ward):
    dossiers = [_dossier(hong_bang_ward), _dossier(hong_bang_ward)]
    with pytest.raises(LeaderNotAssignable, match="Lãnh đạo ký duyệt hồ sơ.*Leaders sign"):
        dossiers_bulk(dossiers=dossiers, action="assign_to_me", by=ward_leader)
    assert [_assigned_to(dossier) for dossier in dossiers] == [None, None]


def test_the_queue_offers_assign_to_me_to_officials_only(
    client, ward_leader, commune_official, hong_bang_ward
):
    _dossier(hong_bang_ward)
    client.force_login(ward_leader, backend=LOGIN)
    leader_page = client.get(reverse("workspace:queue")).content.decode()
    assert 'name="action"' in leader_page and 'value="receive"' in leader_page
    assert 'value="assign_to_me"' not in leader_page

    client.force_login(commune_official, backend=LOGIN)
    assert 'value="assign_to_me"' in client.get(reverse("workspace:queue")).content.decode()


def test_a_leader_posting_assign_to_me_gets_a_400_saying_why_nothing_changed(
    leader_client, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward)
    response = leader_client.post(
        reverse("workspace:bulk"),
        {"action": "assign_to_me", "dossiers": [dossier.pk], "query": "status=submitted"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Lãnh đạo ký duyệt hồ sơ, không nhận hồ sơ để xử lý" in text
    assert "dossier(s) done" not in text and 'data-testid="queue-table"' in text
    assert _assigned_to(dossier) is None


def test_a_leader_still_receives_dossiers_in_bulk(leader_client, hong_bang_ward):
    dossier = _dossier(hong_bang_ward)
    response = leader_client.post(reverse("workspace:bulk"),
                                  {"action": "receive", "dossiers": [dossier.pk]})  # fmt: skip
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == S.RECEIVED
    assert _assigned_to(dossier) is None
