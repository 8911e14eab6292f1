"""A reporter without an account is e-mailed each notice in the portal's
layout, at the address they left: stored first, retried while the mail server
fails, sent by the sweeper when its task was lost, and sent once however many
times its task is delivered."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from complaints.models import ComplaintChannel, ReporterNotice
from complaints.notifications import reporter_notify
from complaints.services import tracking_path
from complaints.tasks import (
    reporter_email_task,
    reporter_notice_email_task,
    reporter_notices_email_pending_task,
)
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

TITLE = "Đã tiếp nhận phản ánh. Complaint received."


@pytest.fixture
def complaint():
    return ComplaintFactory(
        reporter=None, channel=ComplaintChannel.ANONYMOUS,
        reporter_name="Trần Thị Mai", reporter_email="mai@example.vn",
    )  # fmt: skip


def _notify(complaint, body: str = "Phản ánh đã được tiếp nhận. It was received.") -> None:
    reporter_notify(complaint=complaint, title=TITLE, body=body)


def _age_notices() -> None:
    ReporterNotice.objects.update(
        created_at=ReporterNotice.objects.get().created_at - datetime.timedelta(minutes=5)
    )


def test_the_reporter_is_e_mailed_in_the_portal_layout(
    complaint, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "https://motcuaso.haiphong.gov.vn"
    with django_capture_on_commit_callbacks(execute=True):
        _notify(complaint, body="Cán bộ hỏi: <b>ngày nào</b>? & giờ?")

    (message,) = mail.outbox
    assert message.to == ["mai@example.vn"] and message.subject == TITLE
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    link = f"https://motcuaso.haiphong.gov.vn{tracking_path(complaint)}"
    for part in (message.body, html):
        assert part.index("Kính gửi Ông/Bà Trần Thị Mai,") < part.index("Dear Trần Thị Mai,")
        assert f"khi gửi phản ánh, kiến nghị {complaint.code}." in part
        assert f"when you sent complaint {complaint.code}." in part
        assert "Cổng Một cửa số" in part and "does not read replies" in part
    assert link in message.body and "Cán bộ hỏi: <b>ngày nào</b>? & giờ?" in message.body
    assert f'href="{link.replace("&", "&amp;")}"' in html
    assert "&lt;b&gt;ngày nào&lt;/b&gt;? &amp; giờ?" in html and "<b>ngày" not in html
    notice = ReporterNotice.objects.get()
    assert not notice.email_due and notice.sent_at is not None


def test_a_reporter_e_mail_that_failed_once_is_sent_by_the_retry_exactly_once(
    complaint, django_capture_on_commit_callbacks, mail_server, retrying_worker
):
    mail_server.failures_left = 1
    with django_capture_on_commit_callbacks(execute=True):
        _notify(complaint)

    assert mail_server.attempts == 2 and len(mail.outbox) == 1
    _age_notices()
    assert reporter_notices_email_pending_task() == 0
    reporter_notice_email_task.apply(args=[ReporterNotice.objects.get().pk])  # delivered again
    assert len(mail.outbox) == 1


def test_a_reporter_e_mail_that_failed_once_is_sent_by_the_sweeper_exactly_once(
    complaint, django_capture_on_commit_callbacks, mail_server, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    with monkeypatch.context() as patch:
        patch.setattr("celery.app.task.Task.apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            _notify(complaint)
    assert mail.outbox == [] and ReporterNotice.objects.get().email_due

    assert reporter_notices_email_pending_task() == 0  # not yet: its task may still come
    _age_notices()
    mail_server.failures_left = 1
    assert reporter_notices_email_pending_task() == 0  # the mail server is down
    assert ReporterNotice.objects.get().email_due
    assert reporter_notices_email_pending_task() == 1
    assert reporter_notices_email_pending_task() == 0
    reporter_notice_email_task.apply(args=[ReporterNotice.objects.get().pk])  # the lost task, late
    assert len(mail.outbox) == 1 and mail_server.attempts == 2


def test_a_reporter_notice_task_delivered_twice_sends_one_e_mail(complaint):
    _notify(complaint)  # outside a transaction callback: its task is not run
    notice = ReporterNotice.objects.get()

    reporter_notice_email_task.apply(args=[notice.pk])
    reporter_notice_email_task.apply(args=[notice.pk])

    assert len(mail.outbox) == 1


def test_notices_not_sent_within_two_days_are_given_up(complaint):
    _notify(complaint)
    ReporterNotice.objects.update(created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))

    assert reporter_notices_email_pending_task() == 0
    assert mail.outbox == [] and not ReporterNotice.objects.get().email_due


def test_a_reporter_with_an_account_gets_a_notification_not_a_reporter_notice(
    django_capture_on_commit_callbacks,
):
    complaint = ComplaintFactory(reporter__email="an@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(complaint)

    assert not ReporterNotice.objects.exists()
    assert len(mail.outbox) == 1 and "your account" in mail.outbox[0].body


def test_a_notice_queued_before_notices_were_stored_is_still_sent(complaint):
    reporter_email_task.apply(args=[complaint.pk, TITLE, "Chi tiết. Details."])

    (message,) = mail.outbox
    assert message.subject == TITLE and message.alternatives
    assert not ReporterNotice.objects.get().email_due
