"""A notification is e-mailed in the portal's one layout: a greeting by name,
the message, an absolute link, a footer naming the portal, why the person
receives it, that replies are not read and where to get help; plain text with
an HTML alternative, Vietnamese first. Sent once, whatever the mail server or
the broker does."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import translation

from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.notifications.tasks import notification_email_task, notifications_email_pending_task
from tests.accounts.factories import CitizenFactory

pytestmark = pytest.mark.django_db

DOSSIER_PATH = "/dossiers/31-261125-0001/"


def _in_order(text: str, *parts: str) -> None:
    """Each part is in the text, after the one before it."""
    position = 0
    for part in parts:
        assert part in text[position:], (part, text)
        position = text.index(part, position) + len(part)


def _notify(user, **fields) -> Notification:
    fields = {"title": "Đã nộp hồ sơ. Dossier submitted.", "body": "Chi tiết. Details.",
              "url": DOSSIER_PATH, **fields}  # fmt: skip
    return notify(user=user, **fields)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_notification_is_e_mailed_as_text_and_html_in_the_portal_layout(
    django_capture_on_commit_callbacks, settings, language
):
    settings.PORTAL_BASE_URL = "https://motcuaso.haiphong.gov.vn"
    citizen = CitizenFactory(email="an@example.vn", full_name="Nguyễn Văn An")
    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        _notify(citizen)

    (message,) = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    assert message.to == ["an@example.vn"] and message.subject == "Đã nộp hồ sơ. Dossier submitted."
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    (html, mimetype), = message.alternatives  # fmt: skip
    assert mimetype == "text/html"
    link = f"https://motcuaso.haiphong.gov.vn{DOSSIER_PATH}"
    help_page = "https://motcuaso.haiphong.gov.vn/complaints/new/"
    for part in (message.body, html):
        _in_order(part, "Kính gửi Ông/Bà Nguyễn Văn An,", "Dear Nguyễn Văn An,",
                  "Đã nộp hồ sơ. Dossier submitted.", "Chi tiết. Details.", link,
                  "Cổng Một cửa số", "tài khoản của Ông/Bà trên Cổng Một cửa số",
                  "không trả lời thư này", help_page,
                  "the address of your account", "does not read replies", help_page)  # fmt: skip
    assert f'href="{link}"' in html and "Xem chi tiết" in html and "View details" in html
    assert '<html lang="vi">' in html and 'lang="en"' in html


def test_someone_without_a_name_is_greeted_sir_or_madam_never_by_their_id_number(
    django_capture_on_commit_callbacks,
):
    citizen = CitizenFactory(email="an@example.vn", full_name="")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(citizen)

    (message,) = mail.outbox
    _in_order(message.body, "Kính gửi Ông/Bà,", "Dear Sir or Madam,")
    assert citizen.username not in message.body + message.alternatives[0][0]


def test_what_people_typed_is_escaped_in_the_html_and_kept_in_the_text(
    django_capture_on_commit_callbacks,
):
    citizen = CitizenFactory(email="an@example.vn", full_name='An <img src=x onerror="alert(1)">')
    with django_capture_on_commit_callbacks(execute=True):
        _notify(citizen, title="<b>Hồ sơ</b> & kết quả",
                body='Cán bộ hỏi: <script>alert("x")</script>')  # fmt: skip

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html and "&lt;b&gt;Hồ sơ" in html
    assert "&amp; kết quả" in html
    assert (
        '<script>alert("x")</script>' in message.body and "<b>Hồ sơ</b> & kết quả" in message.body
    )


def test_the_footer_names_the_hotline_when_the_portal_has_one(
    django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_HOTLINE = "1900 1234"
    citizen = CitizenFactory(email="an@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(citizen)

    _in_order(mail.outbox[0].body, "Đường dây nóng: 1900 1234", "Hotline: 1900 1234")


def test_a_notice_without_a_page_has_no_button():
    citizen = CitizenFactory(email="an@example.vn")
    notification = _notify(citizen, url="")

    notification_email_task.apply(args=[notification.pk])

    (message,) = mail.outbox
    assert "View details" not in message.body and "View details" not in message.alternatives[0][0]


def test_a_notification_task_delivered_twice_sends_one_e_mail():
    citizen = CitizenFactory(email="an@example.vn")
    notification = _notify(citizen)  # outside a transaction callback: its task is not run

    notification_email_task.apply(args=[notification.pk])
    notification_email_task.apply(args=[notification.pk])

    assert len(mail.outbox) == 1
    assert not Notification.objects.get().email_due


def test_a_notification_the_mail_server_failed_is_retried_and_sent_once(
    django_capture_on_commit_callbacks, mail_server, retrying_worker
):
    mail_server.failures_left = 2
    citizen = CitizenFactory(email="an@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(citizen)

    assert mail_server.attempts == 3 and len(mail.outbox) == 1
    assert not Notification.objects.get().email_due
    notification_email_task.apply(args=[Notification.objects.get().pk])  # delivered again
    assert len(mail.outbox) == 1


def test_a_notification_the_mail_server_kept_failing_is_sent_once_by_the_sweeper(
    django_capture_on_commit_callbacks, mail_server, retrying_worker
):
    mail_server.failures_left = 6  # the first try and its five retries
    citizen = CitizenFactory(email="an@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(citizen)
    assert mail_server.attempts == 6 and mail.outbox == []
    assert Notification.objects.get().email_due

    Notification.objects.update(created_at=notification.created_at - datetime.timedelta(minutes=5))
    assert notifications_email_pending_task() == 1
    assert notifications_email_pending_task() == 0
    notification_email_task.apply(args=[notification.pk])  # a late delivery of its task
    assert len(mail.outbox) == 1


def test_the_sweeper_stops_at_a_mail_server_that_is_down_and_leaves_the_e_mails_due(
    mail_server,
):
    citizen = CitizenFactory(email="an@example.vn")
    first, _ = _notify(citizen), _notify(citizen)
    Notification.objects.update(created_at=first.created_at - datetime.timedelta(minutes=5))
    mail_server.failures_left = 1

    assert notifications_email_pending_task() == 0
    assert mail_server.attempts == 1 and Notification.objects.filter(email_due=True).count() == 2
    assert notifications_email_pending_task() == 2
    assert len(mail.outbox) == 2


def test_an_address_the_mail_server_refuses_for_good_is_not_tried_again(
    django_capture_on_commit_callbacks, mail_server
):
    mail_server.refused_for_good = True
    citizen = CitizenFactory(email="khong-ton-tai@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(citizen)

    assert mail_server.attempts == 1 and mail.outbox == []
    notification.refresh_from_db()
    assert not notification.email_due
