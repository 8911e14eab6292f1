"""Reports on a real worker over Redis, as beat sends them: Thursday's run
generates the week's report of a unit with a leader, stores its files and
e-mails them; a second run replaces it."""

import datetime
import time

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from dossiers.models import Channel, DossierStatus
from portal.dashboards.figures import figures_rebuild
from portal.dashboards.reports import last_ended_period
from portal.dashboards.reports_models import Report, ReportKind
from portal.dashboards.reports_tasks import reports_weekly
from tests.accounts.factories import LeaderFactory, ProvinceFactory, WardFactory
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _generated_after(moment, *, count: int, timeout: float = 30.0) -> list[Report]:
    deadline = time.monotonic() + timeout
    while True:
        reports = list(Report.objects.filter(generated_at__gt=moment).select_related("agency"))
        if len(reports) >= count:
            return reports
        assert time.monotonic() < deadline, f"{len(reports)} of {count} reports in {timeout} s"
        time.sleep(0.2)


def test_a_real_worker_generates_the_weekly_reports_and_replaces_them_when_run_again(
    live_worker,
):
    first, last = last_ended_period(ReportKind.WEEKLY, timezone.localdate())
    day = first + datetime.timedelta(days=1)
    ward = WardFactory(code="11311", name="UBND phường Hồng Bàng", parent=ProvinceFactory())
    LeaderFactory(agency=ward, email="lanh.dao@hongbang.example.vn")
    submitted = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    for _ in range(2):
        DossierFactory(agency=ward, channel=Channel.ONLINE, status=DossierStatus.SUBMITTED,
                       submitted_at=submitted)  # fmt: skip
    figures_rebuild(day=day)

    started = timezone.now()
    reports_weekly.delay()
    reports = {r.agency.code: r for r in _generated_after(started, count=2)}
    assert set(reports) == {"31", "11311"}  # the city, and the ward with its leader
    ward_report = reports["11311"]
    assert (ward_report.kind, ward_report.period_start, ward_report.period_end) == (
        ReportKind.WEEKLY, first, last)  # fmt: skip
    assert ward_report.data["rows"][0]["figures"]["dossiers_received"] == 2
    for stored in (ward_report.pdf_file, ward_report.xlsx_file, ward_report.csv_file):
        assert default_storage.exists(stored.name)

    # The worker e-mailed the files (the console backend writes the message to its log).
    deadline = time.monotonic() + 20
    while "bao-cao-tuan-11311" not in live_worker.log.read_text(errors="replace"):
        assert time.monotonic() < deadline, "no e-mail with the report's files"
        time.sleep(0.2)
    assert "lanh.dao@hongbang.example.vn" in live_worker.log.read_text(errors="replace")

    again = timezone.now()
    reports_weekly.delay()
    _generated_after(again, count=2)
    assert Report.objects.count() == 2
    for report in Report.objects.all():
        for stored in (report.pdf_file, report.xlsx_file, report.csv_file):
            default_storage.delete(stored.name)
