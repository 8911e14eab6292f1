"""A report's files are e-mailed to each recipient in the portal's layout,
saying why they receive it: stored first, retried while the mail server
fails, sent by the sweeper when the task was lost, and sent once however many
times its task is delivered."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from portal.dashboards.reports import report_generate
from portal.dashboards.reports_models import ReportEmail, ReportKind
from portal.dashboards.reports_tasks import (
    report_email_send_task,
    report_email_task,
    report_emails_pending_task,
)
from portal.notifications.models import Notification
from tests.accounts.factories import LeaderFactory

pytestmark = pytest.mark.django_db

WEEK = datetime.date(2026, 11, 19)
FILES = ["bao-cao-tuan-31-2026-11-19.pdf", "bao-cao-tuan-31-2026-11-19.xlsx",
         "bao-cao-tuan-31-2026-11-19.csv"]  # fmt: skip


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lan(hai_phong):
    return LeaderFactory(agency=hai_phong, full_name="Vũ Thị Lan", email="lan@haiphong.example.vn")


@pytest.fixture
def hung(hai_phong):
    return LeaderFactory(agency=hai_phong, full_name="Phạm Văn Hùng",
                         email="hung@haiphong.example.vn")  # fmt: skip


def _weekly(hai_phong, *, send: bool = True):
    return report_generate(kind=ReportKind.WEEKLY, agency=hai_phong, day=WEEK, send=send)


def _age(minutes: int = 5) -> None:
    for email in ReportEmail.objects.all():
        earlier = email.created_at - datetime.timedelta(minutes=minutes)
        ReportEmail.objects.filter(pk=email.pk).update(created_at=earlier)


def _names(message) -> list[str]:
    return [name for name, _content, _type in message.attachments]


def test_a_leader_is_e_mailed_the_report_in_the_portal_layout_with_its_files(
    hai_phong, lan, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "https://motcuaso.haiphong.gov.vn"
    with django_capture_on_commit_callbacks(execute=True):
        report = _weekly(hai_phong)

    (message,) = mail.outbox
    assert message.to == ["lan@haiphong.example.vn"]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert _names(message) == FILES
    assert message.attachments[0][1][:5] == b"%PDF-"
    link = f"https://motcuaso.haiphong.gov.vn/dashboards/reports/#report-{report.pk}"
    for part in (message.body, html):
        assert part.index("Kính gửi Ông/Bà Vũ Thị Lan,") < part.index("Dear Vũ Thị Lan,")
        assert link in part
        assert f"vì là lãnh đạo của {hai_phong.name}" in part
        assert f"because you are a leader of {hai_phong.name}" in part
        assert "does not read replies" in part
    email = ReportEmail.objects.get()
    assert not email.email_due and email.sent_at is not None
    # The message on the page is not e-mailed a second time.
    assert not Notification.objects.filter(email_due=True).exists()


def test_a_database_owner_s_staff_are_told_they_receive_it_as_its_staff(
    data_owner, django_capture_on_commit_callbacks
):
    data_owner.email = "minh@c06.example.vn"
    data_owner.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        report_generate(kind=ReportKind.MONTHLY_SHARING, agency=data_owner.agency,
                        day=datetime.date(2026, 10, 1))  # fmt: skip

    (message,) = mail.outbox
    owner = data_owner.agency.name
    assert f"tài khoản của Ông/Bà thuộc {owner}" in message.body
    assert f"your account belongs to {owner}" in message.body
    assert _names(message)[0].endswith(".pdf")


def test_a_report_e_mail_that_failed_once_is_sent_by_the_retry_once_to_each_leader(
    hai_phong, lan, hung, django_capture_on_commit_callbacks, mail_server, retrying_worker
):
    mail_server.failures_left = 1  # the first leader's first try
    with django_capture_on_commit_callbacks(execute=True):
        _weekly(hai_phong)

    assert mail_server.attempts == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "hung@haiphong.example.vn", "lan@haiphong.example.vn"]  # fmt: skip
    assert all(_names(message) == FILES for message in mail.outbox)
    _age()
    assert report_emails_pending_task() == 0
    for email in ReportEmail.objects.all():  # each task delivered again
        report_email_send_task.apply(args=[email.pk])
    assert len(mail.outbox) == 2


def test_a_report_e_mail_task_delivered_twice_sends_one_e_mail(hai_phong, lan):
    _weekly(hai_phong)  # outside a transaction callback: its task is not run
    email = ReportEmail.objects.get()

    report_email_send_task.apply(args=[email.pk])
    report_email_send_task.apply(args=[email.pk])

    assert len(mail.outbox) == 1


def test_a_report_e_mail_whose_task_was_lost_is_sent_by_the_sweeper_once(
    hai_phong, lan, django_capture_on_commit_callbacks, mail_server, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    with monkeypatch.context() as patch:
        patch.setattr("celery.app.task.Task.apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            _weekly(hai_phong)
    assert mail.outbox == [] and ReportEmail.objects.get().email_due

    assert report_emails_pending_task() == 0  # not yet: its task may still come
    _age()
    mail_server.failures_left = 1
    assert report_emails_pending_task() == 0  # the mail server is down
    assert ReportEmail.objects.get().email_due
    assert report_emails_pending_task() == 1
    assert report_emails_pending_task() == 0
    report_email_send_task.apply(args=[ReportEmail.objects.get().pk])  # the lost task, late
    assert len(mail.outbox) == 1 and _names(mail.outbox[0]) == FILES


def test_a_report_e_mail_to_an_address_refused_for_good_is_given_up(hai_phong, lan, mail_server):
    _weekly(hai_phong)
    email = ReportEmail.objects.get()
    mail_server.refused_for_good = True

    assert report_email_send_task.apply(args=[email.pk]).get() is False

    email.refresh_from_db()
    assert not email.email_due and email.sent_at is None


def test_report_e_mails_not_sent_within_two_days_are_given_up(hai_phong, lan):
    _weekly(hai_phong)
    _age(minutes=3 * 24 * 60)

    assert report_emails_pending_task() == 0
    assert mail.outbox == [] and not ReportEmail.objects.get().email_due


def test_a_report_e_mail_queued_before_they_were_stored_is_still_sent(hai_phong, lan, hung):
    report = _weekly(hai_phong, send=False)

    assert report_email_task.apply(args=[report.pk]).get() == 2

    assert len(mail.outbox) == 2 and all(message.alternatives for message in mail.outbox)
    assert not ReportEmail.objects.filter(email_due=True).exists()
