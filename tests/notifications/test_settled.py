"""A message asking its reader to act (approve a list…) is settled for every
one it was sent to once the action is done: marked done, and read (a reading
time kept); the inbox says it is done, and so does the API."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from portal.notifications.models import Notification
from portal.notifications.services import notifications_settle, notify
from tests.accounts.factories import LeaderFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
ASKED = "replacement_list.approve:7"


def test_settling_an_action_marks_every_copy_done_and_read_and_nothing_else(hai_phong):
    first, second = LeaderFactory(agency=hai_phong), LeaderFactory(agency=hai_phong)
    asked = [notify(user=user, title="Chờ phê duyệt. Awaiting approval.", action=ASKED)
             for user in (first, second)]  # fmt: skip
    read_earlier = timezone.now() - datetime.timedelta(hours=2)
    Notification.objects.filter(pk=asked[1].pk).update(read_at=read_earlier)
    other = notify(user=first, title="Chờ phê duyệt. Awaiting approval.", action="x.approve:8")
    plain = notify(user=first, title="Đã công bố. Published.")

    assert notifications_settle(action=ASKED) == 2
    assert notifications_settle(action=ASKED) == 0  # once
    assert notifications_settle(action="") == 0

    one, two = (Notification.objects.get(pk=note.pk) for note in asked)
    assert one.done_at is not None and one.read_at == one.done_at
    assert two.done_at is not None and two.read_at == read_earlier
    for untouched in (other, plain):
        untouched.refresh_from_db()
        assert (untouched.done_at, untouched.read_at) == (None, None)


def test_the_inbox_and_the_api_say_a_request_is_done(client, leader):
    note = notify(user=leader, title="Chờ phê duyệt. Awaiting approval.", action=ASKED)
    waiting = notify(user=leader, title="Chờ phê duyệt. Awaiting approval.", action="x:8")
    notifications_settle(action=ASKED)
    api = APIClient()
    api.force_authenticate(leader)

    rows = {row["id"]: row for row in api.get("/api/accounts/notifications/").json()["results"]}
    unread = api.get("/api/accounts/notifications/", {"unread": "true"}).json()["results"]
    client.force_login(leader, backend=LOGIN)
    page = client.get("/accounts/messages/").content.decode()

    assert rows[note.pk]["done_at"] is not None and rows[note.pk]["read_at"] is not None
    assert rows[waiting.pk]["done_at"] is None
    assert [row["id"] for row in unread] == [waiting.pk]
    assert page.count('data-testid="notification-done">Đã xử lý<') == 1
