"""The user's messages ("Thông báo"): only their own, newest first, 20 a page;
those shown are marked read (yet shown as new that once), and the header
counts the unread ones at the cost of one query, none for a visitor."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.notifications.models import Notification
from portal.notifications.services import notifications_mark_read, notify
from portal.notifications.views import PAGE_SIZE
from tests.accounts.factories import CitizenFactory, OfficialFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
INBOX = "/accounts/messages/"


def _messages(user, count: int, **fields) -> list[Notification]:
    """`count` messages to `user`, the last made the newest."""
    start = timezone.now() - datetime.timedelta(days=1)
    made = [notify(user=user, title=f"Thông báo số {i}. Notice {i}.", **fields)
            for i in range(count)]  # fmt: skip
    for i, note in enumerate(made):  # distinct times: the order is by time
        Notification.objects.filter(pk=note.pk).update(
            created_at=start + datetime.timedelta(minutes=i)
        )
    return made


def _logged_in(client, user):
    client.force_login(user, backend=LOGIN)
    return client


def _shown(html: str) -> list[str]:
    return re.findall(r"<strong>Thông báo số (\d+)\.", html)


def _unread_in_header(html: str) -> str | None:
    found = re.search(r'data-testid="unread-count">(\d+)<', html)
    return found.group(1) if found else None


def test_the_inbox_lists_only_one_s_own_messages_newest_first(client):
    citizen, other = CitizenFactory(), CitizenFactory()
    _messages(citizen, 3, body="Nội dung. Details.", url="/dossiers/")
    notify(user=other, title="Thư của người khác. Someone else's.")

    response = _logged_in(client, citizen).get(INBOX)

    html = response.content.decode()
    assert response.status_code == 200
    assert _shown(html) == ["2", "1", "0"]
    assert "người khác" not in html
    assert html.count('data-testid="notification-link"') == 3
    assert 'href="/dossiers/"' in html
    assert html.count('data-testid="notification-new"') == 3
    assert ">Mới<" in html  # a word, not only a colour


def test_a_message_without_a_page_has_no_link_and_a_foreign_address_is_not_linked(client):
    citizen = CitizenFactory()
    notify(user=citizen, title="Không có trang. No page.")
    notify(user=citizen, title="Địa chỉ lạ. Foreign address.", url="//example.com/x")

    html = _logged_in(client, citizen).get(INBOX).content.decode()

    assert "Không có trang" in html and "Địa chỉ lạ" in html
    assert 'data-testid="notification-link"' not in html
    assert "example.com" not in html


def test_the_inbox_is_paginated_twenty_a_page(client):
    citizen = CitizenFactory()
    _messages(citizen, PAGE_SIZE + 5)
    _logged_in(client, citizen)

    first = client.get(INBOX).content.decode()
    second = client.get(f"{INBOX}?page=2").content.decode()

    assert PAGE_SIZE == 20
    assert _shown(first) == [str(i) for i in range(24, 4, -1)]
    assert _shown(second) == ["4", "3", "2", "1", "0"]
    assert f'href="{INBOX}?page=2"' in first


@pytest.mark.parametrize("page", ["99", "0", "-1", "abc", ""])
def test_a_bad_page_number_gives_a_page_as_the_other_lists_do(client, page):
    """Past the end: the last page; not a number: the first (Paginator.get_page)."""
    citizen = CitizenFactory()
    _messages(citizen, PAGE_SIZE + 5)

    response = _logged_in(client, citizen).get(f"{INBOX}?page={page}")

    assert response.status_code == 200
    expected_last = page in ("99", "0", "-1")
    assert _shown(response.content.decode())[0] == ("4" if expected_last else "24")


def test_viewing_a_page_marks_read_those_shown_and_no_others(client):
    citizen, other = CitizenFactory(), CitizenFactory()
    made = _messages(citizen, PAGE_SIZE + 5)
    theirs = notify(user=other, title="Của người khác. Someone else's.")
    _logged_in(client, citizen)

    first = client.get(INBOX).content.decode()

    shown_ids = {note.pk for note in made[5:]}
    unread = set(Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True))
    assert unread == {note.pk for note in made[:5]} | {theirs.pk}
    assert first.count('data-testid="notification-new"') == PAGE_SIZE  # new on this view
    again = client.get(INBOX).content.decode()
    assert 'data-testid="notification-new"' not in again
    assert Notification.objects.filter(pk__in=shown_ids, read_at__isnull=False).count() == 20


def test_a_message_read_before_keeps_its_first_reading_time():
    citizen = CitizenFactory()
    note = notify(user=citizen, title="Đã đọc. Read.")
    read_at = timezone.now() - datetime.timedelta(days=3)
    Notification.objects.filter(pk=note.pk).update(read_at=read_at)
    fresh = notify(user=citizen, title="Mới. New.")

    marked = notifications_mark_read(user=citizen, notifications=Notification.objects.all())

    assert marked == 1
    note.refresh_from_db()
    fresh.refresh_from_db()
    assert note.read_at == read_at and fresh.read_at is not None


def test_marking_read_never_touches_another_user_s_messages():
    citizen, other = CitizenFactory(), CitizenFactory()
    theirs = notify(user=other, title="Của người khác. Someone else's.")

    assert notifications_mark_read(user=citizen, notifications=[theirs]) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_viewing_the_inbox_marks_read_in_one_update(client):
    citizen = CitizenFactory()
    _messages(citizen, 5)
    _logged_in(client, citizen)

    with CaptureQueriesContext(connection) as queries:
        client.get(INBOX)

    updates = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    notification_updates = [sql for sql in updates if "notifications_notification" in sql]
    assert len(notification_updates) == 1


def test_the_header_counts_the_unread_messages_and_changes_after_viewing(client):
    citizen = CitizenFactory()
    _messages(citizen, PAGE_SIZE + 3)
    _logged_in(client, citizen)

    home = client.get("/accounts/home/").content.decode()
    assert _unread_in_header(home) == str(PAGE_SIZE + 3)
    assert f"({PAGE_SIZE + 3} thông báo chưa đọc)" in home  # for screen readers

    inbox = client.get(INBOX).content.decode()
    assert _unread_in_header(inbox) == "3"  # counted after those shown were marked read
    client.get(f"{INBOX}?page=2")
    home = client.get("/accounts/home/").content.decode()
    assert _unread_in_header(home) is None
    assert "thông báo chưa đọc" not in home
    assert f'href="{INBOX}"' in home  # the header's link stays


def test_the_folded_menu_s_button_shows_the_unread_count_in_sight_and_in_its_name(client):
    citizen = CitizenFactory()
    _messages(citizen, 3)
    _logged_in(client, citizen)

    home = client.get("/accounts/home/").content.decode()
    button = re.search(r'<button class="navbar-toggler"(.*?)</button>', home, re.S).group(1)
    assert 'aria-label="Hiện trình đơn, 3 thông báo chưa đọc"' in button
    assert re.search(r'aria-hidden="true" data-testid="menu-unread-count">3</span>', button)
    english = client.get("/accounts/home/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'aria-label="Show menu, 3 unread notifications"' in english

    Notification.objects.filter(user=citizen).update(read_at=timezone.now())
    home = client.get("/accounts/home/").content.decode()
    button = re.search(r'<button class="navbar-toggler"(.*?)</button>', home, re.S).group(1)
    assert 'aria-label="Hiện trình đơn"' in button and "menu-unread-count" not in button


def test_the_header_count_is_one_query_on_the_unread_index(client):
    citizen = CitizenFactory()
    _messages(citizen, 2)
    _logged_in(client, citizen)

    with CaptureQueriesContext(connection) as queries:
        client.get("/procedures/")

    counts = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1
    assert "COUNT(" in counts[0].upper() and "read_at" in counts[0]


def test_an_anonymous_page_asks_nothing_of_the_messages(client):
    notify(user=CitizenFactory(), title="Thông báo. Notice.")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/procedures/")

    assert response.status_code == 200
    assert 'data-testid="nav-notifications"' not in response.content.decode()
    assert not [q for q in queries if "notifications_notification" in q["sql"]]


def test_the_inbox_sends_a_visitor_to_log_in(client):
    response = client.get(INBOX)

    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={INBOX}")


def test_an_empty_inbox_says_so_in_vietnamese_and_english(client):
    citizen = CitizenFactory()
    _logged_in(client, citizen)

    vietnamese = client.get(INBOX).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(INBOX, headers={"accept-language": "en"}).content.decode()

    assert "Bạn chưa có thông báo nào." in vietnamese
    assert "You have no notifications yet." in english


@pytest.mark.parametrize("make_user", [CitizenFactory, OfficialFactory])
def test_the_home_page_links_to_the_inbox_and_to_each_message_s_page(client, make_user):
    user = make_user()
    notify(user=user, title="Hồ sơ đã nộp. Dossier submitted.", body="Chi tiết. Details.",
           url="/dossiers/")  # fmt: skip

    html = _logged_in(client, user).get("/accounts/home/").content.decode()

    assert 'data-testid="all-notifications"' in html and "Xem tất cả thông báo" in html
    assert 'data-testid="notification-link"' in html and 'href="/dossiers/"' in html
    assert "Chi tiết." in html  # the body, on the staff home too
