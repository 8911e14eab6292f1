"""What is late right now: open dossiers past their due date (their clock
running) and complaints past their handling deadline, per unit's subtree."""

import datetime

import pytest
from django.urls import reverse

from dossiers.models import DossierStatus
from portal.dashboards.live import live_figures
from tests.accounts.factories import LeaderFactory
from tests.dashboards.factories import DAY, complaint, dossier
from tests.dashboards.test_page import BACKEND

BEFORE = DAY - datetime.timedelta(days=1)


@pytest.fixture
def late(hong_bang_ward, le_chan_ward):
    records = {
        "open": dossier(hong_bang_ward, status=DossierStatus.IN_PROCESSING, due_date=BEFORE),
        # The applicant holds it to complete it: the unit's clock is stopped.
        "waiting": dossier(hong_bang_ward, status=DossierStatus.SUPPLEMENT_REQUESTED,
                           due_date=BEFORE),
        "not_yet": dossier(le_chan_ward, status=DossierStatus.RECEIVED,
                           due_date=DAY + datetime.timedelta(days=5)),
        "complaint": complaint(le_chan_ward, due_date=BEFORE),
    }  # fmt: skip
    return records


def test_open_items_past_their_deadline_are_counted_per_subtree(
    late, hai_phong, hong_bang_ward, le_chan_ward
):
    now = live_figures(units=[hai_phong, hong_bang_ward, le_chan_ward], today=DAY)
    assert now[hong_bang_ward.pk] == {"dossiers_open_overdue": 1, "complaints_open_overdue": 0}
    assert now[le_chan_ward.pk] == {"dossiers_open_overdue": 0, "complaints_open_overdue": 1}
    assert now[hai_phong.pk] == {"dossiers_open_overdue": 1, "complaints_open_overdue": 1}
    # On the due date itself nothing is late yet.
    assert live_figures(units=[hai_phong], today=BEFORE)[hai_phong.pk] == {
        "dossiers_open_overdue": 0, "complaints_open_overdue": 0,
    }  # fmt: skip


def test_the_dashboard_opens_what_is_late_now_within_the_leader_s_units(
    client, late, leader, hong_bang_ward, le_chan_ward
):
    client.force_login(leader, backend=BACKEND)
    url = reverse("dashboards:records", args=["dossiers_open_overdue"])
    response = client.get(url, {"unit": hong_bang_ward.code})
    assert response.status_code == 200
    assert [d.pk for d in response.context["page"]] == [late["open"].pk]
    page = client.get(reverse("dashboards:dashboard")).content.decode()
    assert "Hồ sơ đang quá hạn" in page

    client.force_login(LeaderFactory(agency=le_chan_ward), backend=BACKEND)
    assert client.get(url, {"unit": hong_bang_ward.code}).status_code == 404
