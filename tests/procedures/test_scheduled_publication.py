"""A version published for a later date: the version it replaces stays in force,
for the public and for what the portal derives from it, until that date; then
the new one takes over, with nothing to run on the day. Its date is bounded:
not before the previous version's, at most a year ahead."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from portal.dashboards import breakdowns
from procedures import publication
from procedures.models import ReplacementList, ReplacementListStatus
from procedures.selectors import (
    replacement_list_force,
    replacement_list_published_by_code,
    replacement_lists_in_force,
)
from tests.procedures.publication_steps import approved_list, published_list

pytestmark = pytest.mark.django_db

S = ReplacementListStatus
BACKEND = "portal.accounts.backends.VNeIDSessionBackend"
TODAY = timezone.localdate()
TAKES_OVER = TODAY + datetime.timedelta(days=30)


def _next_version_approved(*, agency, staff, leader, without: str) -> ReplacementList:
    """The next version, one component fewer than the one published, approved."""
    draft = publication.replacement_list_draft_start(agency=agency, by=staff)
    publication.replacement_list_entry_remove(
        replacement_list=draft, entry=draft.entries.get(component_code=without), by=staff
    )
    publication.replacement_list_submit(replacement_list=draft, by=staff)
    return publication.replacement_list_approve(replacement_list=draft, by=leader)


@pytest.fixture
def scheduled(catalog, center_staff, leader, hong_bang_ward):
    """Version 1 in force today; version 2, without the household paper of the
    residence procedure (its only entry), published to take over in 30 days."""
    first = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    second = _next_version_approved(
        agency=hong_bang_ward, staff=center_staff, leader=leader, without="so-ho-khau"
    )
    second = publication.replacement_list_publish(
        replacement_list=second, by=center_staff, effective_date=TAKES_OVER
    )
    first.refresh_from_db()
    return first, second


@pytest.fixture
def on_day(monkeypatch):
    """The local date the portal reads, moved to `day` (the clock's time of day stays)."""
    real = timezone.localdate

    def move(day: datetime.date):
        monkeypatch.setattr(
            timezone, "localdate", lambda value=None, timezone=None: day if value is None
            else real(value, timezone),
        )  # fmt: skip

    return move


# --- The service and the reads


def test_a_version_for_a_later_date_leaves_the_one_in_force_until_then(scheduled):
    first, second = scheduled

    assert (first.status, second.status) == (S.SUPERSEDED, S.PUBLISHED)
    # Marked replaced as of the new version's first day, not as of publication.
    assert timezone.localtime(first.superseded_at) == timezone.make_aware(
        datetime.datetime.combine(TAKES_OVER, datetime.time.min)
    )
    assert list(replacement_lists_in_force(today=TODAY)) == [first]
    assert replacement_list_force(replacement_list=first, today=TODAY) == "in_force"
    assert replacement_list_force(replacement_list=second, today=TODAY) == "upcoming"
    public = replacement_list_published_by_code(agency_code=first.agency.code, today=TODAY)
    assert public == first
    assert (public.upcoming_version, public.upcoming_date) == (2, TAKES_OVER)


def test_the_new_version_takes_over_on_its_date_with_nothing_run(scheduled):
    first, second = scheduled
    eve = TAKES_OVER - datetime.timedelta(days=1)

    assert list(replacement_lists_in_force(today=eve)) == [first]
    assert list(replacement_lists_in_force(today=TAKES_OVER)) == [second]
    assert replacement_list_force(replacement_list=first, today=TAKES_OVER) == "ended"
    public = replacement_list_published_by_code(agency_code=first.agency.code, today=TAKES_OVER)
    assert public == second and public.upcoming_version is None


def test_the_dashboards_count_the_version_in_force(scheduled, on_day, hong_bang_ward):
    # Version 1 replaces components of two procedures, version 2 of one only.
    assert breakdowns.procedures_replaced(unit=hong_bang_ward)["replaced"] == 2

    on_day(TAKES_OVER)

    assert breakdowns.procedures_replaced(unit=hong_bang_ward)["replaced"] == 1


def test_a_first_version_for_a_later_date_is_public_as_upcoming(
    catalog, center_staff, leader, hong_bang_ward
):
    approved = approved_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    publication.replacement_list_publish(
        replacement_list=approved, by=center_staff, effective_date=TAKES_OVER
    )

    assert not replacement_lists_in_force(today=TODAY).exists()
    public = replacement_list_published_by_code(agency_code=hong_bang_ward.code, today=TODAY)
    assert public == approved and public.effective_date == TAKES_OVER


@pytest.mark.parametrize(
    "effective_date",
    [datetime.date(9999, 12, 31), publication.latest_effective_date(today=TODAY)
     + datetime.timedelta(days=1)],
)  # fmt: skip
def test_a_date_more_than_a_year_ahead_is_refused_and_nothing_changes(
    catalog, center_staff, leader, hong_bang_ward, effective_date
):
    first = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    second = _next_version_approved(
        agency=hong_bang_ward, staff=center_staff, leader=leader, without="xac-nhan-cu-tru"
    )

    with pytest.raises(publication.PublicationInvalid, match="at most one year from today"):
        publication.replacement_list_publish(
            replacement_list=second, by=center_staff, effective_date=effective_date
        )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.superseded_at) == (S.PUBLISHED, None)
    assert (second.status, second.effective_date) == (S.APPROVED, None)


def test_a_date_a_year_ahead_is_accepted(catalog, center_staff, leader, hong_bang_ward):
    approved = approved_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    last = publication.latest_effective_date(today=TODAY)

    published = publication.replacement_list_publish(
        replacement_list=approved, by=center_staff, effective_date=last
    )

    assert published.effective_date == last
    assert publication.latest_effective_date(today=datetime.date(2028, 2, 29)) == datetime.date(
        2029, 2, 28
    )


def test_a_date_before_the_previous_versions_is_refused(
    scheduled, center_staff, leader, hong_bang_ward
):
    first, second = scheduled
    third = _next_version_approved(
        agency=hong_bang_ward, staff=center_staff, leader=leader, without="giay-ket-hon"
    )

    with pytest.raises(publication.PublicationInvalid, match="when version 2 takes effect"):
        publication.replacement_list_publish(
            replacement_list=third, by=center_staff,
            effective_date=TAKES_OVER - datetime.timedelta(days=1),
        )  # fmt: skip

    third.refresh_from_db()
    second.refresh_from_db()
    assert (third.status, second.status) == (S.APPROVED, S.PUBLISHED)
    # On the same day it is accepted: version 2 then never applies.
    publication.replacement_list_publish(
        replacement_list=third, by=center_staff, effective_date=TAKES_OVER
    )
    assert list(replacement_lists_in_force(today=TAKES_OVER)) == [third]
    assert list(replacement_lists_in_force(today=TODAY)) == [first]


def test_a_version_left_scheduled_for_year_9999_does_not_block_the_next(
    catalog, center_staff, leader, hong_bang_ward
):
    """Published before the bound existed: the next version may take over from
    today, and the stranded one never applies."""
    first = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    stranded = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    far = datetime.date(9999, 12, 31)
    ReplacementList.objects.filter(pk=stranded.pk).update(effective_date=far)
    third = approved_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    publication.replacement_list_publish(
        replacement_list=third, by=center_staff, effective_date=TODAY
    )

    assert list(replacement_lists_in_force(today=TODAY)) == [third]
    assert list(replacement_lists_in_force(today=far)) == [third]
    first.refresh_from_db()
    assert first.status == S.SUPERSEDED


# --- Pages and APIs


@pytest.fixture
def as_user(client, settings):
    def login(user):
        client.force_login(user, backend=BACKEND)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


def test_the_staff_page_refuses_a_date_in_year_9999_with_a_400(
    as_user, catalog, center_staff, leader, hong_bang_ward
):
    first = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    second = _next_version_approved(
        agency=hong_bang_ward, staff=center_staff, leader=leader, without="xac-nhan-cu-tru"
    )

    response = as_user(center_staff).post(
        f"/staff/catalog/lists/{second.pk}/publish/", {"effective_date": "9999-12-31"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "tối đa một năm kể từ hôm nay" in html and "at most one year from today" in html
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.PUBLISHED, S.APPROVED)


def test_the_staff_page_publishes_for_a_later_date_and_says_so(
    as_user, catalog, center_staff, leader, hong_bang_ward
):
    first = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    second = _next_version_approved(
        agency=hong_bang_ward, staff=center_staff, leader=leader, without="xac-nhan-cu-tru"
    )
    client = as_user(center_staff)

    response = client.post(
        f"/staff/catalog/lists/{second.pk}/publish/",
        {"effective_date": TAKES_OVER.isoformat()}, follow=True,
    )  # fmt: skip

    html = response.content.decode()
    assert "the previous version applies until then" in html
    assert 'data-testid="list-force">Upcoming' in html
    first_page = client.get(f"/staff/catalog/lists/{first.pk}/").content.decode()
    assert 'data-testid="list-force">In force' in first_page
    assert "stays in force until the next one takes over on" in first_page
    index = client.get("/staff/catalog/").content.decode()
    assert 'data-testid="list-upcoming"' in index


def test_the_staff_api_refuses_a_date_in_year_9999_with_a_400(
    catalog, center_staff, leader, hong_bang_ward
):
    first = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    second = _next_version_approved(
        agency=hong_bang_ward, staff=center_staff, leader=leader, without="xac-nhan-cu-tru"
    )
    api = APIClient()
    api.force_authenticate(center_staff)

    response = api.post(
        f"/api/procedures/staff/lists/{second.pk}/publish/", {"effective_date": "9999-12-31"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json()["code"] == "publication_invalid"
    assert "at most one year from today" in response.json()["detail"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.PUBLISHED, S.APPROVED)


def test_the_public_page_shows_the_version_in_force_and_the_next_as_upcoming(
    client, scheduled, on_day, hong_bang_ward
):
    page = f"/procedures/replacement-lists/{hong_bang_ward.code}/"

    html = client.get(page).content.decode()

    assert "Giấy tờ chứng minh quan hệ hộ gia đình" in html  # version 1's entries
    facts = html.split('data-testid="list-facts"')[1].split("</p>")[0]
    assert "Phiên bản 1" in facts and "9999" not in facts
    upcoming = html.split('data-testid="list-next-version"')[1].split("</div>")[0]
    assert "Phiên bản 2" in upcoming
    assert f"có hiệu lực từ {TAKES_OVER:%d/%m/%Y}" in upcoming.lower()
    index = client.get("/procedures/replacement-lists/").content.decode()
    assert f"có hiệu lực từ {TAKES_OVER:%d/%m/%Y}" in index.lower()

    on_day(TAKES_OVER)
    html = client.get(page).content.decode()

    assert "Giấy tờ chứng minh quan hệ hộ gia đình" not in html
    assert "Phiên bản 2" in html.split('data-testid="list-facts"')[1].split("</p>")[0]
    assert 'data-testid="list-next-version"' not in html


def test_the_public_api_reads_the_version_in_force_and_names_the_next(
    scheduled, on_day, hong_bang_ward
):
    api = APIClient()
    index = api.get("/api/procedures/replacement-lists/").json()["results"]
    detail = api.get(f"/api/procedures/replacement-lists/{hong_bang_ward.code}/").json()

    assert [(row["version"], row["upcoming_version"]) for row in index] == [(1, 2)]
    assert detail["upcoming_effective_date"] == TAKES_OVER.isoformat()
    assert len(detail["entries"]) == 3

    on_day(TAKES_OVER)
    detail = api.get(f"/api/procedures/replacement-lists/{hong_bang_ward.code}/").json()

    assert (detail["version"], detail["upcoming_version"], len(detail["entries"])) == (2, None, 2)
