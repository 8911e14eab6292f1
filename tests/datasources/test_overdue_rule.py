"""One rule for an overdue correction request (CORRECTION_AGED_DAYS, 15 days
by default): the owner's queue, the per-source counts, the leader's dashboard
and its records, and the monthly sharing report count the same requests, and
the pages say the threshold."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from datasources.models import CorrectionRequest
from datasources.selectors import corrections_open_by_source
from portal.dashboards.reports import sharing_data
from tests.datasources.factories import CorrectionFlagFactory, CorrectionRequestFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


@pytest.fixture
def requests_by_age(data_owner, commune_official):
    """Open requests flagged by a ward's official, opened 2, 10 and 16 days ago."""
    made = {}
    for days in (2, 10, 16):
        request = CorrectionRequestFactory(owner_agency=data_owner.agency, field=f"f{days}")
        CorrectionFlagFactory(request=request, flagged_by=commune_official)
        opened = timezone.now() - timedelta(days=days, minutes=5)
        CorrectionRequest.objects.filter(pk=request.pk).update(opened_at=opened)
        made[days] = request
    return made


def _overdue_everywhere(client, data_owner, leader, hong_bang_ward) -> dict[str, set[int]]:
    """The requests each page, count and report calls overdue (by pk where it
    lists them, by number where it only counts them)."""
    client.force_login(data_owner, backend=LOGIN)
    queue = client.get("/data/corrections/").context["open_requests"]
    overdue_filter = client.get("/data/corrections/", {"overdue": "on"}).context["open_requests"]
    today = timezone.localdate()
    report = sharing_data(owner=data_owner.agency, first=today, last=today)
    client.force_login(leader, backend=LOGIN)
    period = {"period": "custom", "from": today.isoformat(), "to": today.isoformat()}
    dashboard = client.get(reverse("dashboards:dashboard"), {"unit": hong_bang_ward.code} | period)
    records = client.get(
        reverse("breakdowns:records", args=["corrections_aged"]),
        {"unit": hong_bang_ward.code, "key": "population"} | period,
    )  # fmt: skip
    (by_source,) = corrections_open_by_source()
    (on_dashboard,) = dashboard.context["breakdowns"]["corrections"]
    (in_report,) = [s for s in report["sources"] if s["code"] == "population"]
    return {
        "queue mark": {c.pk for c in queue if c.overdue},
        "queue filter": {c.pk for c in overdue_filter},
        "dashboard records": {r.pk for r in records.context["page"]},
        "counts": {by_source["aged"], on_dashboard["aged"], in_report["corrections"]["aged"]},
    }


@pytest.mark.parametrize(("days", "overdue_ages"), [(15, {16}), (7, {10, 16})])
def test_every_page_and_report_counts_the_same_requests_overdue(
    client, settings, data_owner, leader, hong_bang_ward, requests_by_age, days, overdue_ages
):
    settings.CORRECTION_AGED_DAYS = days
    overdue = {requests_by_age[age].pk for age in overdue_ages}

    found = _overdue_everywhere(client, data_owner, leader, hong_bang_ward)

    assert found == {"queue mark": overdue, "queue filter": overdue,
                     "dashboard records": overdue, "counts": {len(overdue)}}  # fmt: skip


def test_a_request_open_ten_days_is_not_yet_overdue_by_default(
    client, data_owner, leader, hong_bang_ward, requests_by_age
):
    found = _overdue_everywhere(client, data_owner, leader, hong_bang_ward)

    assert requests_by_age[10].pk not in found["queue mark"] | found["dashboard records"]
    assert found["counts"] == {1}


def test_the_pages_say_the_threshold(client, data_owner, leader, hong_bang_ward, requests_by_age):
    client.force_login(data_owner, backend=LOGIN)
    queue = client.get("/data/corrections/").content.decode()
    assert "Mở quá 15 ngày" in queue and "Mở quá 15 ngày, yêu cầu bị quá hạn xử lý" in queue

    client.force_login(leader, backend=LOGIN)
    today = timezone.localdate().isoformat()
    period = {"unit": hong_bang_ward.code, "period": "custom", "from": today, "to": today}
    dashboard = client.get(reverse("dashboards:dashboard"), period).content.decode()
    assert "quá 15 ngày" in dashboard
    records = client.get(
        reverse("breakdowns:records", args=["corrections_aged"]), period | {"key": "population"}
    ).content.decode()
    assert "Yêu cầu điều chỉnh mở quá 15 ngày" in records
