"""A unit with no leader to sign: a proposal for signature is refused, saying who
to contact, nothing changed (service, page, agency API), and the page says so
before the official tries; a dossier already awaiting signature when its
unit's last leader leaves is reported to the service centre (or, without one,
to the administrators, whose dossier list shows it) and to the official who
proposed it, once; the unit's next leader is asked to sign it."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dossiers.api_access.clients import agency_client_create
from dossiers.exceptions import NoSigningLeader
from dossiers.models import Dossier, DossierEvent, DossierStatus
from dossiers.signer_gaps import signer_gaps_run
from dossiers.signing import (
    dossier_propose_approval,
    dossier_propose_not_resolve,
    dossier_send_back,
    signer_missing_action,
)
from portal.accounts.models import Role
from portal.notifications.models import Notification
from tests.accounts.factories import LeaderFactory, UserFactory
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus
REFUSAL = "Chỗ ở hợp pháp không thuộc địa bàn phường"


@pytest.fixture
def dossier(citizen, hong_bang_ward):
    return DossierFactory(
        agency=hong_bang_ward, applicant=citizen, status=S.IN_PROCESSING,
        code="11311-261207-0031", submitted_at=timezone.now(),
        due_date=timezone.localdate() + datetime.timedelta(days=5),
    )  # fmt: skip


@pytest.fixture
def gone_leader(hong_bang_ward, le_chan_ward):
    """The unit's leaders who can no longer sign: one deactivated, one moved away."""
    LeaderFactory(agency=hong_bang_ward, is_active=False)
    return LeaderFactory(agency=le_chan_ward)


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=LOGIN)
    return client


def _unchanged(dossier) -> None:
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING and dossier.proposed_outcome == ""
    assert not DossierEvent.objects.filter(dossier=dossier).exists()
    assert not Notification.objects.exists()


# The service


@pytest.mark.parametrize("propose", ["approval", "refusal"])
def test_a_proposal_in_a_unit_with_no_leader_to_sign_is_refused_saying_who_to_contact(
    dossier, commune_official, gone_leader, propose
):
    with pytest.raises(NoSigningLeader) as refused:
        if propose == "approval":
            dossier_propose_approval(dossier=dossier, by=commune_official)
        else:
            dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REFUSAL)
    assert "Đơn vị chưa có lãnh đạo nào có thể ký hồ sơ" in refused.value.message
    assert "Trung tâm Phục vụ hành chính công" in refused.value.message
    assert "public administration service centre" in refused.value.message
    _unchanged(dossier)


def test_a_leader_of_the_unit_proposes_and_signs_with_no_other_leader(dossier, ward_leader):
    dossier_propose_approval(dossier=dossier, by=ward_leader)
    assert Dossier.objects.get(pk=dossier.pk).status == S.AWAITING_SIGNATURE


# The page


def test_the_page_says_up_front_why_the_official_cannot_propose(
    dossier, commune_official, gone_leader
):
    page = _client(commune_official).get(reverse("workspace:dossier", args=[dossier.pk]))
    text = page.content.decode()
    note = text.split('data-testid="proposal-blocked"')[1].split("</div>")[0]
    assert "Đơn vị chưa có lãnh đạo nào có thể ký hồ sơ" in note
    assert "Trung tâm Phục vụ hành chính công" in note
    buttons = text.split('data-testid="proposal-buttons-blocked"')[1].split("</p>")[0]
    assert buttons.count("disabled") == 2 and 'aria-describedby="proposal-blocked"' in buttons
    # Nothing that would post a proposal; the other moves are still offered.
    assert 'value="propose_approval"' not in text and 'value="propose_not_resolve"' not in text
    assert 'value="stop_processing"' in text


def test_the_page_offers_the_proposals_once_the_unit_has_a_leader(
    dossier, commune_official, ward_leader
):
    text = (
        _client(commune_official)
        .get(reverse("workspace:dossier", args=[dossier.pk]))
        .content.decode()
    )
    assert 'data-testid="proposal-blocked"' not in text
    assert 'value="propose_approval"' in text and 'value="propose_not_resolve"' in text


@pytest.mark.parametrize(("action", "reason"),
                         [("propose_approval", ""), ("propose_not_resolve", REFUSAL)])  # fmt: skip
def test_a_proposal_posted_anyway_is_a_409_on_the_page_saying_why(
    dossier, commune_official, gone_leader, action, reason
):
    response = _client(commune_official).post(
        reverse("workspace:act", args=[dossier.pk]),
        {"action": action, "reason": reason, "confirmed": "1"},
    )
    assert response.status_code == 409
    assert "Đơn vị chưa có lãnh đạo nào có thể ký hồ sơ" in response.content.decode()
    _unchanged(dossier)


# The agency API


@pytest.fixture
def api(hong_bang_ward, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client, secret = agency_client_create(agency=hong_bang_ward, name="Một cửa Hồng Bàng")
    api = APIClient()
    token = base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
    api.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    return api


@pytest.mark.parametrize(
    ("endpoint", "body"),
    [("propose-approval", {}), ("propose-not-resolve", {"reason": REFUSAL}),
     ("refuse", {"reasons": [REFUSAL]})],
)  # fmt: skip
def test_the_agency_api_refuses_a_proposal_with_no_signing_leader_409(
    api, dossier, gone_leader, endpoint, body
):
    response = api.post(f"/api/agency/dossiers/{dossier.pk}/{endpoint}/", body, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "no_signing_leader"
    assert "No leader of the unit can sign" in response.json()["detail"]
    _unchanged(dossier)


def test_the_agency_api_says_why_the_proposals_are_not_open(api, dossier, gone_leader):
    shown = api.get(f"/api/agency/dossiers/{dossier.pk}/").json()
    assert shown["proposal_blocked"]["code"] == "no_signing_leader"
    assert "Trung tâm Phục vụ hành chính công" in shown["proposal_blocked"]["detail"]
    assert not {"propose_approval", "propose_not_resolve"} & set(shown["allowed_actions"])

    LeaderFactory(agency=dossier.agency)
    shown = api.get(f"/api/agency/dossiers/{dossier.pk}/").json()
    assert shown["proposal_blocked"] is None
    assert {"propose_approval", "propose_not_resolve"} <= set(shown["allowed_actions"])


# A dossier already awaiting signature when the unit's last leader leaves


@pytest.fixture
def waiting(dossier, commune_official, ward_leader):
    """Proposed while the unit had its chairman, who is deactivated since."""
    dossier_propose_approval(dossier=dossier, by=commune_official)
    ward_leader.is_active = False
    ward_leader.save(update_fields=["is_active"])
    Notification.objects.all().delete()  # the chairman's own request, no longer of use
    return dossier


def _told(action: str) -> dict[str, str]:
    return {
        n.user.username: n.title
        for n in Notification.objects.filter(action=action).select_related("user")
    }


def test_the_service_centre_and_the_official_are_told_once(waiting, commune_official, center_staff):
    assert signer_gaps_run().reported == 1
    told = _told(signer_missing_action(waiting))
    assert set(told) == {center_staff.username, commune_official.username}
    assert "không còn lãnh đạo ký duyệt" in told[center_staff.username]
    assert "no leader of UBND phường Hồng Bàng can give" in told[center_staff.username]
    assert "cannot be signed yet" in told[commune_official.username]

    assert signer_gaps_run().reported == 0  # once, however often it runs
    assert Notification.objects.count() == 2


def test_without_a_service_centre_the_administrators_are_told_with_their_list(
    waiting, commune_official, client
):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    signer_gaps_run()
    report = Notification.objects.get(user=admin)
    assert report.url == "/admin/dossiers/dossier/?signer=missing"
    official = Notification.objects.get(user=commune_official)
    assert "Quản trị viên hệ thống đã được thông báo" in official.body

    client.force_login(admin)
    listed = client.get(report.url)
    assert listed.status_code == 200
    assert [d.pk for d in listed.context["cl"].result_list] == [waiting.pk]


def test_the_administrators_list_leaves_out_dossiers_a_leader_can_sign(
    dossier, commune_official, ward_leader, client
):
    dossier_propose_approval(dossier=dossier, by=commune_official)
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    listed = client.get("/admin/dossiers/dossier/?signer=missing")
    assert listed.status_code == 200 and list(listed.context["cl"].result_list) == []


def test_the_units_new_leader_is_asked_to_sign_and_the_report_settled(
    waiting, commune_official, center_staff, hong_bang_ward
):
    signer_gaps_run()
    new_leader = LeaderFactory(agency=hong_bang_ward, position="Chủ tịch")

    outcome = signer_gaps_run()

    assert (outcome.reported, outcome.resumed) == (0, 1)
    asked = Notification.objects.get(user=new_leader)
    assert asked.action == f"dossier.sign:{waiting.pk}" and "chờ lãnh đạo ký duyệt" in asked.title
    assert not Notification.objects.filter(
        action=signer_missing_action(waiting), done_at__isnull=True
    ).exists()
    assert signer_gaps_run().resumed == 0  # asked once


def test_a_dossier_sent_back_settles_its_report(
    waiting, commune_official, center_staff, hong_bang_ward
):
    signer_gaps_run()
    dossier_send_back(
        dossier=waiting, by=LeaderFactory(agency=hong_bang_ward), reason="Xem lại hồ sơ"
    )
    assert not Notification.objects.filter(
        action=signer_missing_action(waiting), done_at__isnull=True
    ).exists()


def test_the_report_runs_hourly():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE["dossiers-signer-gaps"]
    assert schedule == {"task": "dossiers.signer_gaps_run", "schedule": 3600.0}
