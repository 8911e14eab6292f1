"""An e-mail is sent once when its task is delivered twice at the same time
(a redelivery while the first worker is still talking to the mail server, or
the sweeper meanwhile): the second finds the notice's row locked and leaves it."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection

from complaints.models import ComplaintChannel, ReporterNotice
from complaints.notifications import reporter_notice_email_send
from portal.dashboards.reports import report_generate
from portal.dashboards.reports_models import ReportEmail, ReportKind
from portal.dashboards.reports_notices import report_email_send
from portal.notifications.models import Notification
from portal.notifications.services import notification_email_send
from tests.accounts.factories import CitizenFactory, LeaderFactory
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_mail_server(monkeypatch):
    send_messages = EmailBackend.send_messages

    def send(backend, messages):
        time.sleep(0.5)
        return send_messages(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send)


def _at_once(send, pk: int) -> list[bool]:
    results: list[bool] = []

    def deliver() -> None:
        try:
            results.append(send(pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_a_reporter_notice_delivered_twice_at_once_is_e_mailed_once(slow_mail_server):
    complaint = ComplaintFactory(reporter=None, channel=ComplaintChannel.ANONYMOUS,
                                 reporter_email="mai@example.vn")  # fmt: skip
    # Stored as reporter_notify stores it, without handing its task to the broker.
    notice = ReporterNotice.objects.create(complaint=complaint, title="Đã tiếp nhận. Received.")

    results = _at_once(lambda pk: reporter_notice_email_send(notice_id=pk), notice.pk)

    assert sorted(results) == [False, True] and len(mail.outbox) == 1


def test_a_notification_delivered_twice_at_once_is_e_mailed_once(slow_mail_server):
    notification = Notification.objects.create(user=CitizenFactory(email="an@example.vn"),
                                               title="Đã nộp. Sent.", email_due=True)  # fmt: skip

    results = _at_once(lambda pk: notification_email_send(notification_id=pk), notification.pk)

    assert sorted(results) == [False, True] and len(mail.outbox) == 1


def test_a_report_e_mail_delivered_twice_at_once_is_e_mailed_once(slow_mail_server, tmp_path,
                                                                  settings):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    leader = LeaderFactory(email="lan@haiphong.example.vn")
    report = report_generate(kind=ReportKind.WEEKLY, agency=leader.agency,
                             day=datetime.date(2026, 11, 19), send=False)  # fmt: skip
    # Stored as report_notify stores it, without handing its task to the broker.
    email = ReportEmail.objects.create(report=report, user=leader)

    results = _at_once(lambda pk: report_email_send(report_email_id=pk), email.pk)

    assert sorted(results) == [False, True] and len(mail.outbox) == 1
    assert len(mail.outbox[0].attachments) == 3
