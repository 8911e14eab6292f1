"""Reports on a real worker over Redis, as beat sends them: Thursday's run
generates the week's report of a unit with a leader, stores its files and
e-mails them; the same run delivered again leaves them as they are, and two
runs at once make one report, notified and e-mailed once."""

import datetime
import threading
import time

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from dossiers.models import Channel, DossierStatus
from portal.dashboards.figures import figures_rebuild
from portal.dashboards.reports import last_ended_period, report_generate_once
from portal.dashboards.reports_models import Report, ReportEmail, ReportKind
from portal.dashboards.reports_tasks import reports_weekly
from portal.notifications.models import Notification
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


def _task_lines(log, name: str) -> int:
    """The worker's log lines about tasks `name`: two for each (received, then ended)."""
    return log.read_text(errors="replace").count(f"Task {name}[")


def _tasks_done(log, name: str, *, since: int, count: int, timeout: float = 30.0) -> None:
    """Wait until the worker's log says `count` more tasks `name` have ended."""
    deadline = time.monotonic() + timeout
    while _task_lines(log, name) < since + 2 * count:
        assert time.monotonic() < deadline, f"{name}: fewer than {count} done in {timeout} s"
        time.sleep(0.2)


def test_a_real_worker_generates_the_weekly_reports_and_leaves_them_when_run_again(
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

    made = {r.pk: r.generated_at for r in Report.objects.all()}
    e_mails = live_worker.log.read_text(errors="replace").count("To: lanh.dao@hongbang")
    assert e_mails == 1
    generations = _task_lines(live_worker.log, "dashboards.report_generate")
    reports_weekly.delay()  # delivered again
    _tasks_done(live_worker.log, "dashboards.report_generate", since=generations, count=2)
    assert {r.pk: r.generated_at for r in Report.objects.all()} == made
    time.sleep(1)  # an e-mail it would have sent
    assert live_worker.log.read_text(errors="replace").count("To: lanh.dao@hongbang") == e_mails
    for report in Report.objects.all():
        for stored in (report.pdf_file, report.xlsx_file, report.csv_file):
            default_storage.delete(stored.name)


def test_two_runs_at_once_make_one_report_notified_and_e_mailed_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    first, _last = last_ended_period(ReportKind.WEEKLY, timezone.localdate())
    ward = WardFactory(code="11311", name="UBND phường Hồng Bàng", parent=ProvinceFactory())
    leaders = [LeaderFactory(agency=ward, email=f"lanh.dao{n}@hongbang.example.vn")
               for n in range(2)]  # fmt: skip
    start = threading.Barrier(2)
    made: list[Report | None] = []

    def deliver() -> None:
        try:
            start.wait()
            made.append(report_generate_once(kind=ReportKind.WEEKLY, agency=ward, day=first))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(made) == 2 and sum(report is not None for report in made) == 1
    (report,) = Report.objects.all()
    for leader in leaders:
        assert Notification.objects.filter(user=leader).count() == 1
        assert ReportEmail.objects.filter(report=report, user=leader).count() == 1
