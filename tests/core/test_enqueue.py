"""A broker outage never turns a committed request into an error: the work
is stored first and its sweeper takes it up."""

import datetime

import pytest
from django.core import mail

from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.notifications.tasks import notifications_email_pending_task
from tests.accounts.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr("celery.app.task.Task.apply_async", refuse)


def test_a_notice_whose_task_cannot_be_sent_is_e_mailed_by_the_sweeper(
    broker_down, django_capture_on_commit_callbacks, monkeypatch
):
    user = CitizenFactory(email="an@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=user, title="Đã nộp hồ sơ", body="…")
    assert mail.outbox == [] and Notification.objects.get().email_due

    five_minutes_ago = notification.created_at - datetime.timedelta(minutes=5)
    Notification.objects.filter(pk=notification.pk).update(created_at=five_minutes_ago)
    assert notifications_email_pending_task() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Đã nộp hồ sơ"
    assert notifications_email_pending_task() == 0  # sent once


def test_filing_a_complaint_succeeds_with_the_broker_down(client, citizen, hong_bang_ward,
                                                          broker_down):  # fmt: skip
    from complaints.models import Complaint

    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    response = client.post("/complaints/new/", {
        "province": "31", "category": "other", "unit": hong_bang_ward.pk,
        "description": "Chờ quá lâu.",
    })  # fmt: skip
    assert response.status_code == 302
    assert Complaint.objects.get().routing_due  # the sweeper routes it
