"""Weekly and monthly data-sharing reports: their figures against the
hand-counted fixture, their files, who sees them, regeneration, beat, e-mail
and refusals of bad input."""

import csv
import datetime
import importlib
import io
import re

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from datasources.models import CorrectionRequest, CorrectionStatus
from portal.audit.models import AccessLog
from portal.dashboards.figures import figures_rebuild
from portal.dashboards.models import COUNTERS
from portal.dashboards.reports import (
    ReportError,
    last_ended_period,
    report_generate,
    report_period,
    week_of,
)
from portal.dashboards.reports_models import Report, ReportKind
from portal.dashboards.reports_tasks import reports_monthly, reports_weekly
from portal.notifications.models import Notification
from tests.accounts.factories import LeaderFactory, OfficialFactory
from tests.dashboards.factories import DAY, at, clock, dossier, two_wards_history

BACKEND = "portal.accounts.backends.VNeIDSessionBackend"
WEEK = datetime.date(2026, 11, 19)  # the Thursday DAY's reporting week begins on
OCTOBER = datetime.date(2026, 10, 1)
ZERO = dict.fromkeys(COUNTERS, 0)
# The week (19–25/11): DAY's records (tests/dashboards/test_figures.py) and the day before's.
WARD_A = ZERO | {
    "dossiers_received": 5, "dossiers_online": 4, "dossiers_with_replacements": 3,
    "dossiers_paperless": 1, "dossiers_on_time": 1, "dossiers_overdue": 2,
    "dossiers_approved": 2, "results_digitised": 1, "reprovide_refused": 2, "data_gaps": 1,
    "complaints_received": 3, "complaints_substantiated": 1, "violations": 1,
    "complaints_concluded": 2, "complaints_concluded_on_time": 1, "complaints_disclosed": 1,
    "ratings_count": 2, "ratings_satisfied": 1, "payments_paid": 2, "payments_online": 1,
    "dossier_ratings_count": 3, "dossier_ratings_satisfied": 1,
}  # fmt: skip
WARD_B = ZERO | {"dossiers_received": 1, "dossiers_online": 1, "dossiers_on_time": 1,
                 "dossiers_approved": 1, "reprovide_refused": 1, "dossier_ratings_count": 1,
                 "dossier_ratings_satisfied": 1}  # fmt: skip


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def history(hong_bang_ward, le_chan_ward):
    records = two_wards_history(hong_bang_ward, le_chan_ward)
    for day in (DAY - datetime.timedelta(days=1), DAY):
        figures_rebuild(day=day)
    return records


@pytest.fixture
def owner(data_owner):
    return data_owner.agency


def _log(source, outcome, *, day, elapsed=None):
    with clock(at(day)):
        AccessLog.objects.create(subject_personal_id="031090001234", source=source,
                                 outcome=outcome, elapsed_ms=elapsed)  # fmt: skip


def _correction(owner, subject, *, opened, resolved=None, status=CorrectionStatus.OPEN):
    with clock(at(opened)):
        request = CorrectionRequest.objects.create(
            source="population", subject_personal_id=subject, field="full_name",
            owner_agency=owner,
        )  # fmt: skip
    if resolved:
        request.status, request.resolved_at = status, at(resolved)
        request.save(update_fields=["status", "resolved_at"])
    return request


@pytest.fixture
def sharing_history(owner):
    """October 2026 for the population database (BCA.C06), counted by hand below."""
    oct_ = datetime.date(2026, 10, 15)
    for outcome, elapsed in [("ok", 100), ("ok", 200), ("ok", 300), ("not_found", 50),
                             ("failed", 3000), ("cached", 1), ("denied", None)]:  # fmt: skip
        _log("population", outcome, day=oct_, elapsed=elapsed)
    _log("population", "ok", day=datetime.date(2026, 11, 2), elapsed=10)  # November
    _log("vneid_documents", "ok", day=oct_, elapsed=80)
    _log("civil_status", "failed", day=oct_)  # another owner's source
    _correction(owner, "031090000001", opened=datetime.date(2026, 9, 20))
    _correction(owner, "031090000002", opened=datetime.date(2026, 10, 10),
                resolved=datetime.date(2026, 10, 12), status=CorrectionStatus.ACCEPTED)  # fmt: skip
    _correction(owner, "031090000003", opened=datetime.date(2026, 10, 28))
    _correction(owner, "031090000004", opened=datetime.date(2026, 10, 5),
                resolved=datetime.date(2026, 11, 3), status=CorrectionStatus.REJECTED)  # fmt: skip


def _rows(report):
    return {row["code"]: row for row in report.data["rows"]}


def _csv(report):
    content = default_storage.open(report.csv_file.name).read()
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with its byte-order mark
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# --- Periods.


def test_a_reporting_week_runs_from_thursday_to_wednesday():
    assert week_of(DAY) == (WEEK, datetime.date(2026, 11, 25))
    assert week_of(WEEK) == week_of(datetime.date(2026, 11, 25))
    # On Thursday, and any day up to the next Wednesday: the week before.
    for today in (datetime.date(2026, 11, 26), datetime.date(2026, 12, 2)):
        assert last_ended_period(ReportKind.WEEKLY, today) == (WEEK, datetime.date(2026, 11, 25))
    for today in (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)):
        assert last_ended_period(ReportKind.MONTHLY_SHARING, today) == (
            OCTOBER, datetime.date(2026, 10, 31))  # fmt: skip


# --- The weekly report.


def test_the_weekly_report_holds_each_unit_s_figures_index_and_rank_counted_by_hand(
    history, hai_phong, hong_bang_ward, le_chan_ward
):
    report = report_generate(kind=ReportKind.WEEKLY, agency=hai_phong, day=WEEK, send=False)
    assert (report.period_start, report.period_end) == (WEEK, datetime.date(2026, 11, 25))
    rows = _rows(report)
    assert rows["11311"]["figures"] == WARD_A
    assert rows["11383"]["figures"] == WARD_B
    assert rows["31"]["total"] and rows["31"]["figures"] == {
        name: WARD_A[name] + WARD_B[name] for name in COUNTERS
    }
    # Decision 766, by hand: Hồng Bàng 15 + 20×1/3 + 12×4/5 + 10×1/2 + (6×1/3 + 3 + 3)
    # + (11×1/2 + 11×1/3) = 53.43; Lê Chân 18 + 20 + 12 + 10 + 18 + (0 + 11) = 89;
    # the city 15 + 20×2/4 + 12×5/6 + 5 + (6×2/4 + 3 + 3) + (11×1/3 + 11×1/3) = 56.33.
    assert (rows["11311"]["index"]["total"], rows["11311"]["rank"]) == (53.43, 2)
    assert (rows["11383"]["index"]["total"], rows["11383"]["rank"]) == (89.0, 1)
    assert rows["31"]["index"]["total"] == 56.33
    assert rows["11311"]["index"]["groups"]["online_service"] == 9.6
    # Nothing happened the week before.
    assert report.data["previous"] == ZERO

    table = _csv(report)
    assert table[0][:2] == ["Mã đơn vị", "Đơn vị"] and "Hồ sơ tiếp nhận" in table[0][2]
    by_code = {line[0]: line for line in table[1:]}
    assert by_code["11311"][1] == "UBND phường Hồng Bàng"
    assert by_code["11311"][2 : 2 + len(COUNTERS)] == [str(WARD_A[n]) for n in COUNTERS]
    assert by_code["11383"][-3:] == ["89.0", "Tốt", "1"]
    assert by_code["11311"][-2] == "Trung bình"

    sheet = load_workbook(default_storage.open(report.xlsx_file.name)).active
    assert "Báo cáo tuần từ 19/11/2026 đến 25/11/2026" in sheet["A1"].value
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    assert ["11311", "UBND phường Hồng Bàng", *(WARD_A[n] for n in COUNTERS)] == values[1][
        : 2 + len(COUNTERS)
    ]

    pdf = PdfReader(default_storage.open(report.pdf_file.name))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for words in ("BÁO CÁO TUẦN", "UBND phường Hồng Bàng", "Hải Phòng, ngày",
                  "Chỉ số phục vụ theo Quyết định 766/QĐ-TTg", "Trung bình"):  # fmt: skip
        assert words in text
    fonts = {str(font) for page in pdf.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts and pdf.metadata.title.startswith("Báo cáo tuần")


def test_a_ward_s_weekly_report_covers_its_own_tree(history, le_chan_ward):
    report = report_generate(kind=ReportKind.WEEKLY, agency=le_chan_ward, day=DAY, send=False)
    assert [row["code"] for row in report.data["rows"]] == ["11383"]
    assert report.data["rows"][0]["figures"] == WARD_B


# --- The monthly data-sharing report.


def test_the_monthly_sharing_report_counts_lookups_failures_and_corrections_by_hand(
    owner, sharing_history
):
    report = report_generate(
        kind=ReportKind.MONTHLY_SHARING, agency=owner, day=datetime.date(2026, 10, 20), send=False
    )
    assert (report.period_start, report.period_end) == (OCTOBER, datetime.date(2026, 10, 31))
    sources = {source["code"]: source for source in report.data["sources"]}
    # BCA.C06 owns the population database and the VNeID documents, not civil status.
    assert list(sources) == ["population", "vneid_documents"]
    population = sources["population"]
    assert population["lookups"] == 7
    assert population["outcomes"] == {"ok": 3, "cached": 1, "not_found": 1, "denied": 1,
                                      "refused": 0, "failed": 1}  # fmt: skip
    # One failure of the 5 lookups that reached the source (ok, not found, failed).
    assert population["failure_rate"] == 0.2
    # Received in October: 3 (10/10, 28/10, 05/10); answered in October: the
    # one corrected on 12/10; open on 31/10: from 20/09, 28/10 and 05/10 (rejected
    # only in November); aged (opened more than 15 days before the end): 2.
    assert population["corrections"] == {"received": 3, "answered": 1, "accepted": 1,
                                         "rejected": 0, "open": 3, "aged": 2}  # fmt: skip
    assert sources["vneid_documents"]["lookups"] == 1
    assert sources["vneid_documents"]["corrections"]["received"] == 0
    # Nearest rank of the 5 answer times (50, 100, 200, 300, 3000 ms): the 5th;
    # the cached lookup's time is not the source's.
    assert (population["p95_ms"], sources["vneid_documents"]["p95_ms"]) == (3000, 80)

    table = _csv(report)
    assert table[0][:3] == ["Mã nguồn", "Nguồn dữ liệu", "Lượt khai thác"]
    assert table[1][:3] == ["population", "CSDL quốc gia về dân cư", "7"]
    text = PdfReader(default_storage.open(report.pdf_file.name)).pages[0].extract_text()
    assert "BÁO CÁO CHIA SẺ DỮ LIỆU" in text and "CSDL quốc gia về dân cư" in text
    assert "20,0%" in text


def test_a_sharing_report_asked_for_in_english_still_names_its_sources_in_vietnamese(
    owner, sharing_history
):
    # Its files are Vietnamese documents, printed from the snapshot.
    with translation.override("en"):
        report = report_generate(kind=ReportKind.MONTHLY_SHARING, agency=owner, day=OCTOBER,
                                 send=False)  # fmt: skip

    names = {source["code"]: source["name"] for source in report.data["sources"]}
    assert names["population"] == "CSDL quốc gia về dân cư"
    assert _csv(report)[1][:2] == ["population", "CSDL quốc gia về dân cư"]
    text = PdfReader(default_storage.open(report.pdf_file.name)).pages[0].extract_text()
    assert "National Population Database" not in text


def test_the_p95_time_is_the_nearest_rank_and_leaves_out_entries_without_a_time(owner):
    day = datetime.date(2026, 10, 3)
    for elapsed in range(1, 21):  # 1 … 20 ms: the 19th of 20 is the 95th percentile
        _log("population", "ok", day=day, elapsed=elapsed)
    _log("population", "ok", day=day)  # logged before times were recorded
    _log("population", "denied", day=day, elapsed=9999)  # never reached the source
    report = report_generate(kind=ReportKind.MONTHLY_SHARING, agency=owner, day=day, send=False)
    population, vneid = report.data["sources"]
    assert (population["p95_ms"], vneid["p95_ms"]) == (19, None)
    assert population["lookups"] == 22 and population["failure_rate"] == 0.0


# --- Regeneration and idempotence.


def test_generating_again_replaces_the_report_its_snapshot_and_files(
    history, hai_phong, hong_bang_ward
):
    first = report_generate(kind=ReportKind.WEEKLY, agency=hai_phong, day=WEEK, send=False)
    dossier(hong_bang_ward, day=DAY)
    figures_rebuild(day=DAY)
    # Any day of the week selects it.
    again = report_generate(kind=ReportKind.WEEKLY, agency=hai_phong,
                            day=datetime.date(2026, 11, 23), send=False)  # fmt: skip
    assert again.pk == first.pk and Report.objects.count() == 1
    assert _rows(again)["11311"]["figures"]["dossiers_received"] == 6
    assert _csv(again)[1][2] == "7"  # the city's total: 6 + 1
    assert again.generated_at >= first.generated_at


def test_the_replaced_files_are_deleted_once_the_new_ones_are_stored(
    history, hai_phong, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = report_generate(kind=ReportKind.WEEKLY, agency=hai_phong, day=WEEK, send=False)
    old = first.pdf_file.name
    with django_capture_on_commit_callbacks(execute=True):
        again = report_generate(kind=ReportKind.WEEKLY, agency=hai_phong, day=WEEK, send=False)
    assert again.pdf_file.name != old or default_storage.exists(old)
    assert default_storage.exists(again.pdf_file.name)
    if again.pdf_file.name != old:
        assert not default_storage.exists(old)


# --- Beat, notifications and e-mail.


def test_beat_runs_the_weekly_report_on_thursday_morning_and_the_monthly_on_the_first():
    schedule = settings.CELERY_BEAT_SCHEDULE
    weekly = schedule["dashboards-reports-weekly"]
    monthly = schedule["dashboards-reports-monthly"]
    assert weekly["task"] == "dashboards.reports_weekly"
    assert weekly["schedule"] == crontab(minute=0, hour=7, day_of_week="thu")
    assert monthly["task"] == "dashboards.reports_monthly"
    assert monthly["schedule"] == crontab(minute=30, hour=7, day_of_month=1)
    assert settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"


def test_thursday_s_run_reports_the_week_just_ended_to_each_unit_tree_with_leaders(
    history, hai_phong, le_chan_ward, owner, django_capture_on_commit_callbacks
):
    LeaderFactory(agency=le_chan_ward, email="binh@lechan.example.vn")
    LeaderFactory(agency=hai_phong, email="lan@haiphong.example.vn")
    with (
        clock(at(datetime.date(2026, 11, 26), 7)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = reports_weekly()
    assert result == {"period_start": WEEK.isoformat(), "reports": 2}
    assert set(Report.objects.values_list("kind", "agency__code", "period_start")) == {
        (ReportKind.WEEKLY, "31", WEEK), (ReportKind.WEEKLY, "11383", WEEK),
    }  # fmt: skip
    assert sorted(message.to[0] for message in mail.outbox) == [
        "binh@lechan.example.vn", "lan@haiphong.example.vn",
    ]  # fmt: skip


def test_thursday_s_run_delivered_twice_makes_each_report_once_and_sends_it_once(
    history, hai_phong, le_chan_ward, django_capture_on_commit_callbacks
):
    lan = LeaderFactory(agency=hai_phong, email="lan@haiphong.example.vn")
    binh = LeaderFactory(agency=le_chan_ward, email="binh@lechan.example.vn")
    with (
        clock(at(datetime.date(2026, 11, 26), 7)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reports_weekly()
    made = {report.pk: report.generated_at for report in Report.objects.all()}
    with (
        clock(at(datetime.date(2026, 11, 26), 7) + datetime.timedelta(minutes=5)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reports_weekly()  # the same task delivered again (acks_late)

    assert {report.pk: report.generated_at for report in Report.objects.all()} == made
    assert len(made) == 2
    for leader in (lan, binh):
        assert Notification.objects.filter(user=leader).count() == 1
    assert sorted(message.to[0] for message in mail.outbox) == [
        "binh@lechan.example.vn", "lan@haiphong.example.vn",
    ]  # fmt: skip


def test_the_first_of_the_month_reports_each_database_owner_s_sharing(
    owner, sharing_history, django_capture_on_commit_callbacks
):
    with clock(at(datetime.date(2026, 11, 1), 7)), django_capture_on_commit_callbacks(execute=True):
        reports_monthly()
    (report,) = Report.objects.all()
    assert (report.kind, report.agency, report.period_start) == (
        ReportKind.MONTHLY_SHARING, owner, OCTOBER)  # fmt: skip


def test_the_unit_s_leaders_are_notified_and_e_mailed_the_three_files(
    history, hai_phong, le_chan_ward, django_capture_on_commit_callbacks
):
    lan = LeaderFactory(agency=hai_phong, email="lan@haiphong.example.vn")
    no_address = LeaderFactory(agency=hai_phong, email="")
    LeaderFactory(agency=le_chan_ward, email="binh@lechan.example.vn")  # another unit's
    OfficialFactory(agency=hai_phong, email="official@haiphong.example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        report = report_generate(kind=ReportKind.WEEKLY, agency=hai_phong, day=WEEK)
    assert set(Notification.objects.values_list("user", flat=True)) == {lan.pk, no_address.pk}
    (message,) = mail.outbox
    assert message.to == ["lan@haiphong.example.vn"]
    assert "Báo cáo tuần từ 19/11/2026 đến 25/11/2026" in message.subject
    names = [name for name, _content, _type in message.attachments]
    assert names == ["bao-cao-tuan-31-2026-11-19.pdf", "bao-cao-tuan-31-2026-11-19.xlsx",
                     "bao-cao-tuan-31-2026-11-19.csv"]  # fmt: skip
    types = [content_type for _name, _content, content_type in message.attachments]
    assert types[0] == "application/pdf" and types[2].startswith("text/csv")
    assert message.attachments[0][1][:5] == b"%PDF-"
    # Django hands text attachments on as text: the byte-order mark is kept.
    csv_text = message.attachments[2][1]
    assert csv_text.encode() == default_storage.open(report.csv_file.name).read()
    assert csv_text.startswith("\ufeffMã đơn vị")


def test_a_database_owner_s_staff_and_leaders_receive_its_report(
    owner, data_owner, sharing_history, django_capture_on_commit_callbacks
):
    data_owner.email = "minh@c06.example.vn"
    data_owner.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        report_generate(kind=ReportKind.MONTHLY_SHARING, agency=owner, day=OCTOBER)
    assert [message.to for message in mail.outbox] == [["minh@c06.example.vn"]]
    assert mail.outbox[0].attachments[0][0] == "bao-cao-chia-se-du-lieu-BCA.C06-2026-10.pdf"


# --- The page: listing, downloads and their scoping.


@pytest.fixture
def reports(history, hai_phong, le_chan_ward, owner, sharing_history):
    city = report_generate(kind=ReportKind.WEEKLY, agency=hai_phong, day=WEEK, send=False)
    ward = report_generate(kind=ReportKind.WEEKLY, agency=le_chan_ward, day=WEEK, send=False)
    sharing = report_generate(kind=ReportKind.MONTHLY_SHARING, agency=owner, day=OCTOBER,
                              send=False)  # fmt: skip
    return {"city": city, "ward": ward, "sharing": sharing}


def _get(client, user, url):
    client.force_login(user, backend=BACKEND)
    return client.get(url)


def _download(report, fmt="pdf"):
    return reverse("dashboards:report_download", args=[report.pk, fmt])


def test_the_province_leader_lists_and_downloads_the_reports_of_the_province(
    client, leader, reports, django_assert_max_num_queries
):
    client.force_login(leader, backend=BACKEND)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("dashboards:reports"))
    assert response.status_code == 200
    listed = {report.pk for report in response.context["page"]}
    assert listed == {reports["city"].pk, reports["ward"].pk}
    assert "Báo cáo tuần" in response.content.decode()
    for fmt, content_type, start in [("pdf", "application/pdf", b"%PDF-"),
                                     ("xlsx", "application/vnd.openxml", b"PK"),
                                     ("csv", "text/csv", b"\xef\xbb\xbf")]:  # fmt: skip
        download = client.get(_download(reports["city"], fmt))
        assert download.status_code == 200
        assert download["Content-Type"].startswith(content_type)
        assert f"bao-cao-tuan-31-2026-11-19.{fmt}" in download["Content-Disposition"]
        assert b"".join(download.streaming_content).startswith(start)


def test_a_ward_leader_sees_only_the_ward_s_report(client, reports, le_chan_ward):
    binh = LeaderFactory(agency=le_chan_ward)
    response = _get(client, binh, reverse("dashboards:reports"))
    assert [report.pk for report in response.context["page"]] == [reports["ward"].pk]
    assert client.get(_download(reports["ward"])).status_code == 200
    assert client.get(_download(reports["city"])).status_code == 404
    assert client.get(_download(reports["sharing"], "csv")).status_code == 404


def test_database_owner_staff_see_their_sharing_reports_only(client, data_owner, reports):
    response = _get(client, data_owner, reverse("dashboards:reports"))
    assert [report.pk for report in response.context["page"]] == [reports["sharing"].pk]
    assert "Generate again" not in response.content.decode()
    assert "Lập lại" not in response.content.decode()
    assert client.get(_download(reports["sharing"], "xlsx")).status_code == 200
    assert client.get(_download(reports["city"])).status_code == 404


def test_officials_and_citizens_have_no_reports_page(client, reports, commune_official, citizen):
    for user in (commune_official, citizen):
        assert _get(client, user, reverse("dashboards:reports")).status_code == 403
        assert client.get(_download(reports["ward"])).status_code == 404


def test_an_unknown_format_or_report_is_not_found(client, leader, reports):
    assert _get(client, leader, _download(reports["city"], "docx")).status_code == 404
    assert client.get(reverse("dashboards:report_download", args=[999999, "pdf"])).status_code \
        == 404  # fmt: skip


# --- Generating again from the page.


def _regenerate(client, user, **data):
    client.force_login(user, backend=BACKEND)
    return client.post(reverse("dashboards:report_regenerate"), data)


def test_a_leader_generates_a_past_week_s_report_again_from_the_page(
    client, leader, reports, hong_bang_ward, django_capture_on_commit_callbacks
):
    dossier(hong_bang_ward, day=DAY)
    figures_rebuild(day=DAY)
    with django_capture_on_commit_callbacks(execute=True):
        response = _regenerate(client, leader, kind="weekly", unit="31", day="2026-11-24")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Báo cáo của UBND thành phố Hải Phòng từ 19/11/2026 đến 25/11/2026 đang được lập" in page
    assert Report.objects.filter(kind=ReportKind.WEEKLY).count() == 2
    # Ready by then (the worker ran at once here): shown at the top with its files, once.
    asked = page.split('data-testid="reports-requested"', 1)[1].split("</section>", 1)[0]
    assert 'data-ready="yes"' in asked and _download(reports["city"]) in asked
    assert "hx-trigger" not in asked
    assert 'data-testid="reports-requested"' not in client.get(response.url).content.decode()
    reports["city"].refresh_from_db()
    assert _rows(reports["city"])["31"]["figures"]["dossiers_received"] == 7


def test_a_report_made_again_from_the_page_is_made_and_sent_once_if_its_task_runs_twice(
    client, leader, reports, hong_bang_ward, django_capture_on_commit_callbacks
):
    leader.email = "lan@haiphong.example.vn"
    leader.save(update_fields=["email"])
    city = reports["city"]
    dossier(hong_bang_ward, day=DAY)
    figures_rebuild(day=DAY)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        _regenerate(client, leader, kind="weekly", unit="31", day="2026-11-24")

    with django_capture_on_commit_callbacks(execute=True):
        for _delivery in range(2):  # the worker is handed the task twice
            for callback in queued:
                callback()

    city.refresh_from_db()
    assert _rows(city)["31"]["figures"]["dossiers_received"] == 7  # made again, once
    assert Notification.objects.filter(user=leader).count() == 1
    assert [message.to for message in mail.outbox] == [["lan@haiphong.example.vn"]]

    # Asked again later, it is made again.
    with django_capture_on_commit_callbacks(execute=True):
        _regenerate(client, leader, kind="weekly", unit="31", day="2026-11-24")
    assert Notification.objects.filter(user=leader).count() == 2
    assert len(mail.outbox) == 2


def test_a_report_the_worker_has_not_made_yet_is_shown_being_prepared_until_ready(
    client, leader, hai_phong, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _regenerate(client, leader, kind="weekly", unit="31", day="2026-11-24")
    page = client.get(response.url).content.decode()

    asked = page.split('data-testid="reports-requested"', 1)[1].split("</section>", 1)[0]
    assert 'data-ready="no"' in asked and "Đang lập" in asked
    assert "UBND thành phố Hải Phòng · 19/11/2026 – 25/11/2026" in asked
    assert 'hx-trigger="every 3s"' in asked
    part = client.get(reverse("dashboards:reports"), {"part": "requested"}, HTTP_HX_REQUEST="true")
    assert part.status_code == 200 and 'data-ready="no"' in part.content.decode()
    assert "hx-swap-oob" not in part.content.decode()  # the list below is sent once, when ready

    for callback in queued:  # the worker runs the task
        callback()

    part = client.get(reverse("dashboards:reports"), {"part": "requested"}, HTTP_HX_REQUEST="true")
    # Ready: shown with its files, and the page stops asking (htmx's 286).
    assert part.status_code == 286
    assert _download(Report.objects.get(agency=hai_phong)) in part.content.decode()
    # The list of reports under it is replaced too: it holds the report, not "No report yet".
    table = part.content.decode().split('<div id="reports-table" hx-swap-oob="true">', 1)[1]
    assert _download(Report.objects.get(agency=hai_phong)) in table
    assert "Chưa có báo cáo nào" not in table
    assert 'data-testid="reports-requested"' not in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "weekly", "unit": "31", "day": "19/11/2026"}, "Nhập ngày theo dạng"),
        ({"kind": "weekly", "unit": "31", "day": ""},
         # The English part marked as English on the Vietnamese page (WCAG 3.1.2).
         'Cần chọn một ngày trong kỳ báo cáo. <span lang="en">A day of the period is required.'
         "</span>"),
        ({"kind": "yearly", "unit": "31", "day": "2026-11-19"}, "Chọn loại báo cáo"),
        ({"kind": "monthly_sharing", "unit": "11311", "day": "2026-10-01"},
         "báo cáo chia sẻ dữ liệu dành cho cơ quan chủ quản"),
        ({"kind": "weekly", "unit": "31", "day": "2099-01-01"}, "Kỳ báo cáo này chưa bắt đầu"),
        # Before the two-level local government, no unit reported on existed.
        ({"kind": "weekly", "unit": "31", "day": "1900-01-01"},
         "Kỳ báo cáo phải từ ngày 01/07/2025 trở về sau"),
        ({"kind": "weekly", "unit": "31", "day": "2025-06-25"},
         "Kỳ báo cáo phải từ ngày 01/07/2025 trở về sau"),
    ],
)  # fmt: skip
def test_bad_input_on_the_page_is_refused_with_a_bilingual_message(
    client, leader, hong_bang_ward, data, message
):
    response = _regenerate(client, leader, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_a_refused_request_marks_each_refused_choice_and_ties_it_to_its_error(
    client, leader, hong_bang_ward
):
    response = _regenerate(client, leader, kind="yearly", day="2026-11-19")

    assert response.status_code == 400
    page = response.content.decode()
    summary = page.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#id_kind">' in summary and '<a href="#id_unit">' in summary
    assert re.search(r'<div [^>]*data-error-summary[^>]*data-testid="error-summary"', page)
    assert "Báo cáo chưa được lập. Vui lòng sửa:" in summary
    # The portal's one error summary, as on the dossier's start form.
    assert "form_error_summary.html" in [template.name for template in response.templates]
    for field, message in (("kind", "Chọn loại báo cáo."), ("unit", "Chọn đơn vị.")):
        select = re.search(rf'<select[^>]*name="{field}"[^>]*>', page).group(0)
        assert 'aria-invalid="true"' in select
        assert f'aria-describedby="id_{field}_error"' in select
        assert message in page.split(f'id="id_{field}_error">', 1)[1].split("</div>", 1)[0]
    day = re.search(r'<input[^>]*name="day"[^>]*>', page).group(0)
    assert "aria-invalid" not in day and 'value="2026-11-19"' in day


def test_another_unit_or_an_unknown_one_is_not_found_from_the_page(
    client, hong_bang_ward, le_chan_ward
):
    binh = LeaderFactory(agency=le_chan_ward)
    assert _regenerate(client, binh, kind="weekly", unit="11311", day="2026-11-19").status_code \
        == 404  # fmt: skip
    assert _regenerate(client, binh, kind="weekly", unit="00000", day="2026-11-19").status_code \
        == 404  # fmt: skip
    official = OfficialFactory(agency=le_chan_ward)
    assert _regenerate(client, official, kind="weekly", unit="11383",
                       day="2026-11-19").status_code == 403  # fmt: skip
    assert not Report.objects.exists()


# --- The command.


def test_the_command_generates_a_past_week_s_report(history, hai_phong, capsys):
    call_command("report_generate", "--kind", "weekly", "--agency", "31", "--week", "2026-11-19",
                 "--no-email")  # fmt: skip
    (report,) = Report.objects.all()
    assert (report.agency, report.period_start) == (hai_phong, WEEK)
    assert "UBND thành phố Hải Phòng" in capsys.readouterr().out
    call_command("report_generate", "--kind", "weekly", "--agency", "31", "--week", "2026-11-25",
                 "--no-email")  # fmt: skip
    assert Report.objects.count() == 1


def test_the_command_makes_a_monthly_sharing_report(owner, sharing_history):
    call_command("report_generate", "--kind", "monthly", "--agency", "BCA.C06",
                 "--month", "2026-10", "--no-email")  # fmt: skip
    assert Report.objects.get().period_start == OCTOBER


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--kind", "weekly", "--agency", "99", "--week", "2026-11-19"], "No agency with code 99"),
        (["--kind", "weekly", "--agency", "31", "--week", "2026-19-11"], "Not a valid date"),
        (["--kind", "weekly", "--agency", "31", "--week", "next"], "Not a valid date"),
        (["--kind", "weekly", "--agency", "31"], "needs --week"),
        (["--kind", "monthly", "--agency", "BCA.C06", "--month", "2026-13"], "Not a valid date"),
        (["--kind", "monthly", "--agency", "31", "--month", "2026-10"], "database-owner"),
        (["--kind", "weekly", "--agency", "31", "--week", "2099-01-01"], "has not begun"),
        (["--kind", "weekly", "--agency", "31", "--week", "1900-01-01"], "on or after 01/07/2025"),
        (["--kind", "monthly", "--agency", "BCA.C06", "--month", "2025-06"],
         "two-level local government began"),
    ],
)  # fmt: skip
def test_the_command_refuses_bad_input_clearly(hai_phong, owner, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("report_generate", *arguments, "--no-email")
    assert not Report.objects.exists()


def test_the_first_period_reported_on_is_the_one_the_two_level_government_began_in(
    hai_phong, owner
):
    """The week of 1 July 2025 (from Thursday 26 June) is the first; the one before is not."""
    assert report_period(kind=ReportKind.WEEKLY, agency=hai_phong,
                         day=datetime.date(2025, 7, 1)) == (datetime.date(2025, 6, 26),
                                                            datetime.date(2025, 7, 2))  # fmt: skip
    with pytest.raises(ReportError, match="must end on or after 01/07/2025"):
        report_period(kind=ReportKind.WEEKLY, agency=hai_phong, day=datetime.date(2025, 6, 25))
    with pytest.raises(ReportError, match="must end on or after 01/07/2025"):
        report_generate(kind=ReportKind.MONTHLY_SHARING, agency=owner,
                        day=datetime.date(1900, 1, 1))  # fmt: skip
    assert not Report.objects.exists()


def test_the_page_s_day_picker_offers_only_days_reports_can_cover(client, leader):
    client.force_login(leader, backend=BACKEND)
    page = client.get(reverse("dashboards:reports")).content.decode()

    day = re.search(r'<input[^>]*name="day"[^>]*>', page).group(0)
    assert f'min="2025-07-01" max="{timezone.localdate().isoformat()}"' in day


def test_a_report_of_a_kind_that_does_not_fit_the_agency_is_refused(owner, hai_phong):
    with pytest.raises(ReportError, match="A weekly report is of an administrative unit"):
        report_generate(kind=ReportKind.WEEKLY, agency=owner, day=WEEK)
    with pytest.raises(ReportError):
        report_generate(kind=ReportKind.MONTHLY_SHARING, agency=hai_phong, day=OCTOBER)
    assert not Report.objects.exists()


def test_a_report_stored_for_a_period_before_the_first_is_removed_with_its_files(hai_phong):
    """As the migration removes the weekly report once made for 28/12/1899–03/01/1900."""
    from django.apps import apps

    module = importlib.import_module(
        "portal.dashboards.migrations.0006_reports_before_two_level_government"
    )
    kept = report_generate(kind=ReportKind.WEEKLY, agency=hai_phong, day=WEEK, send=False)
    wrong = Report.objects.create(
        kind=ReportKind.WEEKLY, agency=hai_phong, period_start=datetime.date(1899, 12, 28),
        period_end=datetime.date(1900, 1, 3), generated_at=kept.generated_at,
    )  # fmt: skip
    wrong.pdf_file.save("wrong.pdf", io.BytesIO(b"%PDF"), save=True)
    name = wrong.pdf_file.name

    module.remove_reports_before_two_level_government(apps, None)

    assert list(Report.objects.all()) == [kept]
    assert not default_storage.exists(name) and default_storage.exists(kept.pdf_file.name)
