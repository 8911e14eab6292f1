"""The messages API: a page of one's own, newest first; marking one read,
another's answered as if it did not exist."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.accounts.factories import CitizenFactory

pytestmark = pytest.mark.django_db

LIST = "/api/accounts/notifications/"


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_list_gives_one_s_own_messages_newest_first_a_page_at_a_time():
    citizen, other = CitizenFactory(), CitizenFactory()
    made = [notify(user=citizen, title=f"Thông báo {i}. Notice {i}.", url="/dossiers/")
            for i in range(23)]  # fmt: skip
    notify(user=other, title="Của người khác. Someone else's.")

    first = _client(citizen).get(LIST).json()
    second = _client(citizen).get(LIST, {"page": 2}).json()

    assert first["count"] == 23
    assert [row["id"] for row in first["results"]] == [n.pk for n in reversed(made)][:20]
    assert [row["id"] for row in second["results"]] == [n.pk for n in made[2::-1]]
    assert first["results"][0]["url"] == "/dossiers/" and first["results"][0]["read_at"] is None
    assert not Notification.objects.filter(read_at__isnull=False).exists()  # listing reads none


def test_the_list_narrows_to_the_unread_ones():
    citizen = CitizenFactory()
    read, unread = notify(user=citizen, title="A. A."), notify(user=citizen, title="B. B.")
    client = _client(citizen)
    client.post(f"{LIST}{read.pk}/read/")

    rows = client.get(LIST, {"unread": "true"}).json()["results"]

    assert [row["id"] for row in rows] == [unread.pk]


def test_a_page_past_the_last_is_a_bilingual_404():
    citizen = CitizenFactory()
    notify(user=citizen, title="A. A.")

    response = _client(citizen).get(LIST, {"page": 9})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_marking_read_marks_one_s_own_and_keeps_the_first_time():
    citizen = CitizenFactory()
    note = notify(user=citizen, title="A. A.")
    client = _client(citizen)

    first = client.post(f"{LIST}{note.pk}/read/")
    again = client.post(f"{LIST}{note.pk}/read/")

    assert first.status_code == 200 and first.json()["read_at"] is not None
    assert again.json()["read_at"] == first.json()["read_at"]


def test_another_s_message_is_not_found_and_stays_unread():
    citizen, other = CitizenFactory(), CitizenFactory()
    theirs = notify(user=other, title="Của người khác. Someone else's.")

    response = _client(citizen).post(f"{LIST}{theirs.pk}/read/")

    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found", "detail": "Không có thông báo này. There is no such notification."
    }  # fmt: skip
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_visitor_is_refused():
    assert APIClient().get(LIST).status_code == 403
