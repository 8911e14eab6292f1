"""Leaders see the violations of their units and record the action taken."""

import pytest
from django.urls import reverse

from complaints.models import Violation
from tests.accounts.factories import CenterStaffFactory, LeaderFactory, OfficialFactory, WardFactory
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user, backend="portal.accounts.backends.VNeIDSessionBackend")


@pytest.fixture
def violation(hong_bang_ward):
    complaint = ComplaintFactory(unit=hong_bang_ward)
    return Violation.objects.create(complaint=complaint, category=complaint.category,
                                    unit=hong_bang_ward)  # fmt: skip


def test_a_leader_above_the_unit_records_the_action_taken(client, violation, hai_phong):
    leader = LeaderFactory(agency=hai_phong)
    _login(client, leader)
    page = client.get(reverse("complaint-workspace:violations"))
    assert violation.complaint.code in page.content.decode()
    client.post(reverse("complaint-workspace:violations"),
                {"violation": violation.pk, "action": "Kiểm điểm, nhắc nhở cán bộ."})  # fmt: skip
    violation.refresh_from_db()
    assert violation.action_taken == "Kiểm điểm, nhắc nhở cán bộ." and violation.acted_by == leader


def test_an_empty_action_is_refused(client, violation, hai_phong):
    _login(client, LeaderFactory(agency=hai_phong))
    response = client.post(reverse("complaint-workspace:violations"),
                           {"violation": violation.pk, "action": " "})  # fmt: skip
    assert response.status_code == 400
    violation.refresh_from_db()
    assert violation.action_taken == ""


def test_other_units_leaders_and_officials_cannot(client, violation, hong_bang_ward):
    _login(client, LeaderFactory(agency=WardFactory()))
    assert violation.complaint.code not in client.get(
        reverse("complaint-workspace:violations")).content.decode()  # fmt: skip
    assert client.post(reverse("complaint-workspace:violations"),
                       {"violation": violation.pk, "action": "x"}).status_code == 404  # fmt: skip
    _login(client, OfficialFactory(agency=hong_bang_ward))
    assert client.get(reverse("complaint-workspace:violations")).status_code == 403
    _login(client, CenterStaffFactory())  # sees the province's, but only leaders act
    response = client.post(reverse("complaint-workspace:violations"),
                           {"violation": violation.pk, "action": "x"})  # fmt: skip
    assert response.status_code == 400
