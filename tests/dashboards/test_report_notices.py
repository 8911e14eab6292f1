"""A report's recipients are told, on their page and by e-mail, in both
languages, Vietnamese first ("Vietnamese. English."), like the portal's other
notices, whichever language the request that made it was in; the report's
own name (that of its files) is the Vietnamese half."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from portal.dashboards.reports import report_generate, report_title
from portal.dashboards.reports_models import ReportKind
from portal.notifications.models import Notification
from tests.accounts.factories import LeaderFactory

pytestmark = pytest.mark.django_db

WEEK = datetime.date(2026, 11, 19)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _vietnamese_then_english(text: str, vietnamese: str, english: str) -> None:
    assert vietnamese in text and english in text, text
    assert text.index(vietnamese) < text.index(english), text


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_weekly_report_s_notice_and_e_mail_are_vietnamese_then_english(
    hai_phong, language, django_capture_on_commit_callbacks
):
    lan = LeaderFactory(agency=hai_phong, full_name="Vũ Thị Lan", email="lan@haiphong.example.vn")
    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        report = report_generate(kind=ReportKind.WEEKLY, agency=hai_phong, day=WEEK)

    told = Notification.objects.get(user=lan)
    assert told.title.startswith(f"{report_title(report)}. ")
    english = f"Weekly report from 19/11/2026 to 25/11/2026 – {hai_phong.name}."
    _vietnamese_then_english(told.title, "Báo cáo tuần từ 19/11/2026 đến 25/11/2026", english)
    _vietnamese_then_english(told.body, "Báo cáo đã được lập", "The report is ready")
    (message,) = mail.outbox
    assert message.subject == told.title
    for part in (message.body, message.alternatives[0][0]):
        _vietnamese_then_english(part, "Kính gửi Ông/Bà Vũ Thị Lan,", "Dear Vũ Thị Lan,")
        _vietnamese_then_english(part, "Các tệp PDF, XLSX và CSV được đính kèm",
                                 "Its PDF, XLSX and CSV files are attached")  # fmt: skip
        _vietnamese_then_english(part, "vì là lãnh đạo của", "because you are a leader of")


def test_the_monthly_sharing_report_s_notice_is_vietnamese_then_english(data_owner):
    with translation.override("en"):
        report = report_generate(kind=ReportKind.MONTHLY_SHARING, agency=data_owner.agency,
                                 day=datetime.date(2026, 10, 1))  # fmt: skip

    told = Notification.objects.get(user=data_owner)
    assert told.title.startswith(f"{report_title(report)}. ")
    english = f"Data-sharing report for 10/2026 – {data_owner.agency.name}."
    _vietnamese_then_english(told.title, "Báo cáo chia sẻ dữ liệu tháng 10/2026", english)
