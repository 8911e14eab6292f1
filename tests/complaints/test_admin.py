"""An operator sees the notices to reporters without an account in the admin,
whether each was e-mailed, is still due or was given up, so that notices a
mail server keeps back are found; nothing can be changed there, and the
reporter's name and address are not shown."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from complaints.models import ComplaintChannel, ReporterNotice
from complaints.notifications import reporter_notice_email_send, reporter_notify
from portal.accounts.models import Role, User
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

URL = "/admin/complaints/reporternotice/"


@pytest.fixture
def admin_client(client):
    """A client logged in to the admin as an administrator, with a password."""
    admin = User.objects.create_superuser("root", password="a-long-admin-password-1")
    admin.role = Role.ADMINISTRATOR
    admin.save()
    assert client.login(username="root", password="a-long-admin-password-1")
    return client


@pytest.fixture
def notices():
    complaint = ComplaintFactory(
        reporter=None, channel=ComplaintChannel.ANONYMOUS,
        reporter_name="Trần Thị Mai", reporter_email="mai@example.vn",
        reporter_phone="0912345678",
    )  # fmt: skip
    make = ReporterNotice.objects.create
    return {
        "due": make(complaint=complaint, title="Chờ gửi. Waiting."),
        "sent": make(
            complaint=complaint, title="Đã gửi. Sent.", email_due=False, sent_at=timezone.now()
        ),  # fmt: skip
        "given_up": make(complaint=complaint, title="Bỏ qua. Given up.", email_due=False),
    }


def _rows(admin_client, query: str = "") -> set[str]:
    response = admin_client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return {
        notice.title for notice in response.context["cl"].result_list
    }  # fmt: skip


def test_the_notices_are_listed_with_their_e_mail_state(
    admin_client, notices, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = admin_client.get(URL)

    assert response.status_code == 200, response
    page = response.content.decode()
    code = notices["due"].complaint.code
    assert page.count(code) >= 3
    for title in ("Chờ gửi. Waiting.", "Đã gửi. Sent.", "Bỏ qua. Given up."):
        assert title in page
    for state in ("chờ gửi", "đã gửi", "đã ngừng gửi"):  # due, sent, given up
        assert f'<td class="field-state">{state}</td>' in page
    assert "Trần Thị Mai" not in page and "mai@example.vn" not in page


@pytest.mark.parametrize(("state", "title"), [
    ("due", "Chờ gửi. Waiting."), ("sent", "Đã gửi. Sent."), ("given_up", "Bỏ qua. Given up."),
])  # fmt: skip
def test_the_notices_can_be_filtered_by_state(admin_client, notices, state, title):
    assert _rows(admin_client, f"state={state}") == {title}


def test_a_notice_reads_without_the_reporter_s_personal_data_and_cannot_be_changed(
    admin_client, notices
):
    notice = notices["due"]
    response = admin_client.get(f"{URL}{notice.pk}/change/")

    page = response.content.decode()
    assert response.status_code == 200 and 'name="_save"' not in page
    assert notice.complaint.code in page and "Chờ gửi. Waiting." in page
    assert "Trần Thị Mai" not in page and "mai@example.vn" not in page
    assert "0912345678" not in page
    assert admin_client.get(f"{URL}add/").status_code == 403
    assert admin_client.post(f"{URL}{notice.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.post(f"{URL}{notice.pk}/change/", {"title": "x"}).status_code == 403
    assert ReporterNotice.objects.get(pk=notice.pk).title == "Chờ gửi. Waiting."


def test_a_notice_the_mail_server_keeps_back_is_listed_as_due_until_sent(admin_client, mail_server):
    complaint = ComplaintFactory(reporter=None, channel=ComplaintChannel.ANONYMOUS,
                                 reporter_email="mai@example.vn")  # fmt: skip
    reporter_notify(complaint=complaint, title="Đã tiếp nhận. Received.", body="")
    notice = ReporterNotice.objects.get()
    mail_server.failures_left = 1
    with pytest.raises(smtplib.SMTPServerDisconnected):
        reporter_notice_email_send(notice_id=notice.pk)

    assert _rows(admin_client, "state=due") == {"Đã tiếp nhận. Received."}
    assert '<td class="field-state">chờ gửi</td>' in admin_client.get(URL).content.decode()

    assert reporter_notice_email_send(notice_id=notice.pk)
    assert len(mail.outbox) == 1
    assert _rows(admin_client, "state=due") == set()
    assert _rows(admin_client, "state=sent") == {"Đã tiếp nhận. Received."}
