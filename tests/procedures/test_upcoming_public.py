"""A version published for a later date, read by the public ahead of its day:
the list page says what it will add and remove, apart from the list in force;
the JSON document carries it under "upcoming", the CSV file stays the list in
force and the upcoming version has a file of its own; the poster names it."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from procedures import publication
from tests.procedures.publication_steps import approved_list, published_list

pytestmark = pytest.mark.django_db

LISTS = "/procedures/replacement-lists/"
TAKES_OVER = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def scheduled(catalog, center_staff, leader, hong_bang_ward):
    """Version 1 in force; version 2, without the household paper and with the
    identity papers of the residence procedure, published to take over in 30 days."""
    first = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    publication.replacement_list_entry_remove(
        replacement_list=draft, entry=draft.entries.get(component_code="so-ho-khau"),
        by=center_staff,
    )  # fmt: skip
    publication.replacement_list_entry_add(
        replacement_list=draft, replacement=catalog.replacements.stay_identity, by=center_staff
    )
    publication.replacement_list_submit(replacement_list=draft, by=center_staff)
    publication.replacement_list_approve(replacement_list=draft, by=leader)
    second = publication.replacement_list_publish(
        replacement_list=draft, by=center_staff, effective_date=TAKES_OVER
    )
    return first, second


def _html(response) -> str:
    return response.content.decode()


def _between(html: str, start: str, end: str = "</section>") -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_the_list_page_shows_what_the_upcoming_version_adds_and_removes(
    client, scheduled, hong_bang_ward
):
    response = client.get(f"{LISTS}{hong_bang_ward.code}/")

    html = _html(response)
    assert response.status_code == 200
    in_force = html.split('data-testid="upcoming-changes"')[0]
    upcoming = _between(html, 'data-testid="upcoming-changes"')
    # Today's list is unchanged: the household paper is still replaced, the
    # identity papers not yet.
    assert "Giấy tờ chứng minh quan hệ hộ gia đình" in in_force
    assert "Giấy tờ chứng minh nhân thân" not in in_force
    assert "Sắp có hiệu lực" in upcoming and TAKES_OVER.strftime("%d/%m/%Y") in upcoming
    added = _between(upcoming, 'data-testid="upcoming-added"', "</table>")
    removed = _between(upcoming, 'data-testid="upcoming-removed"', "</table>")
    assert "Sẽ thêm" in upcoming and "Sẽ bỏ" in upcoming
    assert "Giấy tờ chứng minh nhân thân" in added and "1.004194" in added
    assert "Giấy tờ chứng minh quan hệ hộ gia đình" in removed
    assert "Giấy xác nhận thông tin về cư trú" not in upcoming  # kept as it is
    assert 'href="#upcoming-changes"' in html
    assert f'href="{LISTS}{hong_bang_ward.code}/upcoming.csv"' in html


def test_a_list_with_nothing_upcoming_shows_no_changes(
    client, catalog, center_staff, leader, hong_bang_ward
):
    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    html = _html(client.get(f"{LISTS}{hong_bang_ward.code}/"))

    assert 'data-testid="upcoming-changes"' not in html
    assert client.get(f"{LISTS}{hong_bang_ward.code}/upcoming.csv").status_code == 404


def test_once_the_date_comes_the_new_version_is_the_list_and_nothing_is_upcoming(
    client, scheduled, hong_bang_ward, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TAKES_OVER)

    html = _html(client.get(f"{LISTS}{hong_bang_ward.code}/"))
    data = client.get(f"{LISTS}{hong_bang_ward.code}/data.json").json()

    assert 'data-testid="upcoming-changes"' not in html
    assert "Giấy tờ chứng minh nhân thân" in html
    assert data["version"] == 2 and data["upcoming"] is None


def test_the_list_page_with_an_upcoming_version_reads_a_bounded_number_of_times(
    client, scheduled, hong_bang_ward, django_assert_max_num_queries
):
    url = f"{LISTS}{hong_bang_ward.code}/"
    # Drawn: the list, its entries, the upcoming version and both versions' entries.
    with django_assert_max_num_queries(5):
        assert "Giấy tờ chứng minh nhân thân" in _html(client.get(url))
    with django_assert_max_num_queries(1):  # the list; both parts come from the cache
        assert "Giấy tờ chứng minh nhân thân" in _html(client.get(url))


def test_the_json_document_adds_the_upcoming_version_and_keeps_its_keys(
    client, scheduled, hong_bang_ward, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get(f"{LISTS}{hong_bang_ward.code}/data.json")

    data = response.json()
    assert list(data) == [
        "agency", "version", "title", "effective_date", "published_at", "columns", "entries",
        "upcoming",
    ]  # fmt: skip
    assert data["version"] == 1
    assert "so-ho-khau" in [entry["component_code"] for entry in data["entries"]]
    upcoming = data["upcoming"]
    assert upcoming["version"] == 2 and upcoming["effective_date"] == TAKES_OVER.isoformat()
    codes = [entry["component_code"] for entry in upcoming["entries"]]
    assert "giay-to-nhan-than" in codes and "so-ho-khau" not in codes
    assert {entry["list_version"] for entry in upcoming["entries"]} == {2}
    assert list(upcoming["entries"][0]) == data["columns"]


def test_a_list_with_nothing_upcoming_has_a_null_upcoming_in_its_json(
    client, catalog, center_staff, leader, hong_bang_ward
):
    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    data = client.get(f"{LISTS}{hong_bang_ward.code}/data.json").json()

    assert data["upcoming"] is None and data["version"] == 1


def _csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_stays_the_list_in_force_and_the_upcoming_one_has_its_own_file(
    client, scheduled, hong_bang_ward
):
    in_force = client.get(f"{LISTS}{hong_bang_ward.code}/data.csv")
    upcoming = client.get(f"{LISTS}{hong_bang_ward.code}/upcoming.csv")

    assert upcoming.status_code == 200
    assert 'filename="danh-muc-thay-the-' in upcoming["Content-Disposition"]
    assert upcoming["Content-Disposition"].endswith('-v2.csv"')
    now_rows, next_rows = _csv_rows(in_force), _csv_rows(upcoming)
    assert {row["list_version"] for row in now_rows} == {"1"}
    assert "so-ho-khau" in [row["component_code"] for row in now_rows]
    assert {row["list_version"] for row in next_rows} == {"2"}
    assert {row["list_effective_date"] for row in next_rows} == {TAKES_OVER.isoformat()}
    next_codes = [row["component_code"] for row in next_rows]
    assert "giay-to-nhan-than" in next_codes and "so-ho-khau" not in next_codes
    assert list(next_rows[0]) == list(now_rows[0])  # the same columns


def test_a_first_version_yet_to_come_is_the_list_itself_not_an_upcoming_one(
    client, catalog, center_staff, leader, hong_bang_ward
):
    approved = approved_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    publication.replacement_list_publish(
        replacement_list=approved, by=center_staff, effective_date=TAKES_OVER
    )

    data = client.get(f"{LISTS}{hong_bang_ward.code}/data.json").json()

    assert data["version"] == 1 and data["upcoming"] is None
    assert client.get(f"{LISTS}{hong_bang_ward.code}/upcoming.csv").status_code == 404
    assert 'data-testid="upcoming-changes"' not in _html(
        client.get(f"{LISTS}{hong_bang_ward.code}/")
    )


def test_the_poster_names_the_upcoming_version(client, scheduled, hong_bang_ward):
    html = _html(client.get(f"{LISTS}{hong_bang_ward.code}/poster/"))

    note = _between(html, 'data-testid="poster-upcoming">', "</p>")
    assert "2" in note and TAKES_OVER.strftime("%d/%m/%Y") in note
