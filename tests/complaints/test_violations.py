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
    # Named in the form, not the address: refused on the page as one that does not exist.
    assert client.post(reverse("complaint-workspace:violations"),
                       {"violation": violation.pk, "action": "x"}).status_code == 400  # fmt: skip
    _login(client, OfficialFactory(agency=hong_bang_ward))
    assert client.get(reverse("complaint-workspace:violations")).status_code == 403
    _login(client, CenterStaffFactory())  # sees the province's, but only leaders act
    response = client.post(reverse("complaint-workspace:violations"),
                           {"violation": violation.pk, "action": "x"})  # fmt: skip
    assert response.status_code == 400


def test_on_a_phone_each_violation_is_a_card_its_values_under_their_column_names(
    client, violation, hai_phong
):
    import re

    _login(client, LeaderFactory(agency=hai_phong))
    page = client.get(reverse("complaint-workspace:violations")).content.decode()

    table = re.search(r'<table class="([^"]*)" data-testid="violations">(.*?)</table>', page, re.S)
    assert "table-stack" in table.group(1)
    assert '<caption class="visually-hidden">' in table.group(2)
    columns = re.findall(r'<th scope="col">(.*?)</th>', table.group(2))
    assert len(columns) == 6
    # Below md each cell names its column, for sight only: screen readers read the headers.
    row = re.search(r'<tr data-testid="violation">(.*?)</tr>', table.group(2), re.S).group(1)
    labels = re.findall(r'<span class="d-block d-md-none[^"]*" aria-hidden="true">(.*?)</span>',
                        row)  # fmt: skip
    assert labels == columns
    assert 'name="action"' in row  # the leader records the action taken from the card


def test_staff_who_do_not_act_are_told_a_leader_records_the_action(client, violation, hai_phong):
    _login(client, CenterStaffFactory(agency__parent=hai_phong))
    page = client.get(reverse("complaint-workspace:violations")).content.decode()
    assert "Lãnh đạo ghi nhận biện pháp xử lý" in page and 'name="action"' not in page

    _login(client, LeaderFactory(agency=hai_phong))
    page = client.get(reverse("complaint-workspace:violations")).content.decode()
    assert "Lãnh đạo ghi nhận biện pháp xử lý" not in page and 'name="action"' in page


def test_an_action_already_recorded_is_not_overwritten(client, violation, hai_phong):
    first, second = LeaderFactory(agency=hai_phong), LeaderFactory(agency=hai_phong)
    _login(client, first)
    client.post(reverse("complaint-workspace:violations"),
                {"violation": violation.pk, "action": "Kiểm điểm cán bộ."})  # fmt: skip
    _login(client, second)

    response = client.post(reverse("complaint-workspace:violations"),
                           {"violation": violation.pk, "action": "Không xử lý."})  # fmt: skip

    assert response.status_code == 400
    assert "đã được ghi nhận; không ghi đè" in response.content.decode()
    violation.refresh_from_db()
    assert violation.action_taken == "Kiểm điểm cán bộ." and violation.acted_by == first
