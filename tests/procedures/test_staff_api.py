"""The staff API of replacement lists: the same services as the pages, with
bilingual 400/403/409 errors, in the OpenAPI schema."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from procedures import publication
from procedures.models import ReplacementList, ReplacementListStatus
from tests.procedures.publication_steps import approved_list, published_list, submitted_list

pytestmark = pytest.mark.django_db

S = ReplacementListStatus
LISTS = "/api/procedures/staff/lists/"


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def test_the_workflow_through_the_api(api, catalog, center_staff, leader, hong_bang_ward):
    staff, boss = api(center_staff), api(leader)

    created = staff.post(LISTS, {"agency": hong_bang_ward.code}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["version"] == 1
    replacement = catalog.replacements.stay_identity.pk
    added = staff.post(f"{LISTS}{pk}/entries/", {"replacement": replacement}, format="json")
    assert added.status_code == 201 and added.json()["component_code"] == "giay-to-nhan-than"
    removed = staff.delete(f"{LISTS}{pk}/entries/{added.json()['id']}/")
    assert removed.status_code == 204
    assert staff.post(f"{LISTS}{pk}/submit/").json()["status"] == "submitted"

    detail = boss.get(f"{LISTS}{pk}/").json()
    assert detail["allowed_actions"] == ["approve", "return"]
    assert [event["action"] for event in detail["events"]] == [
        "draft_started", "entry_added", "entry_removed", "submit",
    ]  # fmt: skip
    assert len(detail["entries"]) == 3
    assert boss.post(f"{LISTS}{pk}/approve/").json()["status"] == "approved"
    today = timezone.localdate().isoformat()
    published = staff.post(f"{LISTS}{pk}/publish/", {"effective_date": today}, format="json")
    assert published.status_code == 200
    assert (published.json()["status"], published.json()["effective_date"]) == ("published", today)

    listed = staff.get(LISTS, {"agency": hong_bang_ward.code}).json()
    assert [(item["version"], item["status"], item["entry_count"]) for item in listed] == [
        (1, "published", 3)
    ]


def test_publishing_supersedes_and_the_diff_says_what_changed(
    api, catalog, center_staff, leader, hong_bang_ward
):
    first = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    catalog.replacements.birth_marriage.legal_basis = "Nghị định 87/2020/NĐ-CP"
    catalog.replacements.birth_marriage.save()
    second = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    publication.replacement_list_entry_add(
        replacement_list=second, replacement=catalog.replacements.stay_identity, by=center_staff
    )
    publication.replacement_list_entry_remove(
        replacement_list=second, entry=second.entries.get(component_code="so-ho-khau"),
        by=center_staff,
    )  # fmt: skip
    client = api(center_staff)

    diff = client.get(f"{LISTS}{second.pk}/diff/").json()

    assert (diff["against"], diff["against_version"], diff["unchanged"]) == (first.pk, 1, 1)
    assert [entry["component_code"] for entry in diff["added"]] == ["giay-to-nhan-than"]
    assert [entry["component_code"] for entry in diff["removed"]] == ["so-ho-khau"]
    [change] = diff["changed"]
    assert change["fields"] == ["legal_basis"]
    assert (change["old"]["legal_basis"], change["new"]["legal_basis"]) == (
        "Nghị quyết 66.7/2025/NQ-CP", "Nghị định 87/2020/NĐ-CP",
    )  # fmt: skip

    publication.replacement_list_submit(replacement_list=second, by=center_staff)
    publication.replacement_list_approve(replacement_list=second, by=leader)
    client.post(f"{LISTS}{second.pk}/publish/",
                {"effective_date": timezone.localdate().isoformat()}, format="json")  # fmt: skip
    statuses = dict(ReplacementList.objects.values_list("version", "status"))
    assert statuses == {1: S.SUPERSEDED, 2: S.PUBLISHED}
    # A published version is compared with the one published before it.
    assert client.get(f"{LISTS}{second.pk}/diff/").json()["against"] == first.pk


def test_publishing_without_approval_is_a_409(api, catalog, center_staff, hong_bang_ward):
    submitted = submitted_list(agency=hong_bang_ward, staff=center_staff)

    response = api(center_staff).post(
        f"{LISTS}{submitted.pk}/publish/",
        {"effective_date": timezone.localdate().isoformat()}, format="json",
    )  # fmt: skip

    assert response.status_code == 409
    assert response.json()["code"] == "wrong_list_status"
    assert "The list is" in response.json()["detail"] and "Danh mục" in response.json()["detail"]


def test_approving_your_own_draft_is_a_403(api, catalog, ward_leader, hong_bang_ward):
    submitted = submitted_list(agency=hong_bang_ward, staff=ward_leader)

    response = api(ward_leader).post(f"{LISTS}{submitted.pk}/approve/")

    assert response.status_code == 403
    assert response.json()["code"] == "own_draft_approval"
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_bad_input_is_a_400(api, catalog, center_staff, leader, hong_bang_ward):
    approved = approved_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    client = api(leader)

    past = client.post(f"{LISTS}{approved.pk}/publish/", {"effective_date": yesterday},
                       format="json")  # fmt: skip
    no_reason = client.post(f"{LISTS}{approved.pk}/return/", {"reason": ""}, format="json")
    other_level = api(center_staff).post(LISTS, {"agency": center_staff.agency.code}, format="json")

    assert (past.status_code, past.json()["code"]) == (400, "publication_invalid")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    assert other_level.status_code == 404  # the service center keeps no list
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


def test_a_second_draft_is_a_409(api, catalog, center_staff, hong_bang_ward):
    publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)

    response = api(center_staff).post(LISTS, {"agency": hong_bang_ward.code}, format="json")

    assert (response.status_code, response.json()["code"]) == (409, "open_list_exists")


def test_officials_citizens_and_other_provinces_are_refused(
    api, catalog, center_staff, commune_official, citizen, ha_noi_staff, hong_bang_ward
):
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)

    for outsider in (commune_official, citizen):
        client = api(outsider)
        refused = client.get(LISTS)
        assert refused.status_code == 403
        assert "Only service-center staff and leaders" in refused.json()["detail"]
        assert client.post(f"{LISTS}{draft.pk}/submit/").status_code == 403
    other = api(ha_noi_staff)
    assert other.get(LISTS).json() == []
    assert other.get(f"{LISTS}{draft.pk}/").status_code == 404
    assert other.post(f"{LISTS}{draft.pk}/submit/").status_code == 404
    assert other.post(LISTS, {"agency": hong_bang_ward.code}, format="json").status_code == 404
    assert APIClient().get(LISTS).status_code == 403
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_the_staff_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").content.decode()

    for path in (
        "/api/procedures/staff/lists/",
        "/api/procedures/staff/lists/{id}/",
        "/api/procedures/staff/lists/{id}/entries/",
        "/api/procedures/staff/lists/{id}/entries/{entry_pk}/",
        "/api/procedures/staff/lists/{id}/submit/",
        "/api/procedures/staff/lists/{id}/return/",
        "/api/procedures/staff/lists/{id}/approve/",
        "/api/procedures/staff/lists/{id}/publish/",
        "/api/procedures/staff/lists/{id}/diff/",
    ):
        assert path in schema
