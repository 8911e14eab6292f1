"""The read-only public API: procedures found as on the catalog page, a
procedure's components with the data replacing them, sectors, published lists."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from procedures.indexing import search_documents_refresh
from procedures.models import Procedure
from tests.procedures.factories import published_list_with_entries
from tests.procedures.publication_steps import published_list, submitted_list

pytestmark = pytest.mark.django_db

API = "/api/procedures/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def searchable(catalog):
    search_documents_refresh(procedures=Procedure.objects.all())
    return catalog


def test_procedures_are_searched_without_logging_in(api, searchable):
    response = api.get(API, {"q": "dang ky khai sihn"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [birth] = body["results"]
    assert birth == {
        "code": "1.001193", "name": "Đăng ký khai sinh",
        "sector": {"code": "ho-tich", "name": "Hộ tịch"}, "level": "commune",
        "processing_days": 3, "online_level": "full",
    }  # fmt: skip


def test_procedures_are_filtered_and_paginated(api, searchable):
    first = api.get(API, {"level": "commune", "page_size": 1}).json()
    second = api.get(API, {"level": "commune", "page_size": 1, "page": 2}).json()

    assert first["count"] == 2 and first["next"] and first["previous"] is None
    assert [p["code"] for p in first["results"] + second["results"]] == ["1.001193", "1.004194"]


def test_an_unknown_filter_is_a_400_naming_it(api, searchable):
    response = api.get(API, {"sector": "nope", "level": "district"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) == {"sector", "level"}


def test_a_procedure_comes_with_its_components_and_what_replaces_them(api, catalog):
    response = api.get(f"{API}1.004194/")

    assert response.status_code == 200
    components = {c["code"]: c for c in response.json()["components"]}
    household = components["so-ho-khau"]
    assert household["replaced"] is True
    [replacement] = household["replacements"]
    assert replacement["document_type"] == "household_membership"
    assert replacement["source"] == "population"
    assert replacement["source_name"] == "CSDL quốc gia về dân cư"
    assert replacement["field_names"] == ["Số hộ"] and replacement["in_force"] is True
    # Adopted for a later date: not replaced yet.
    identity = components["giay-to-nhan-than"]
    assert identity["replaced"] is False
    assert identity["replacements"][0]["in_force"] is False
    assert (
        identity["replacements"][0]["effective_date"]
        == (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    )


def test_a_procedure_gives_its_fee_at_the_desk_and_online(api, catalog):
    catalog_stay = Procedure.objects.get(code="1.004194")
    catalog_stay.fee_vnd, catalog_stay.fee_online_vnd = 20_000, 10_000
    catalog_stay.save(update_fields=["fee_vnd", "fee_online_vnd"])

    body = api.get(f"{API}1.004194/").json()
    same = api.get(f"{API}1.001193/").json()

    assert (body["fee_vnd"], body["online_fee_vnd"]) == (20_000, 10_000)
    assert same["online_fee_vnd"] == same["fee_vnd"]  # no online rate: the same fee


def test_a_procedure_gives_the_ways_its_result_can_be_received(api, catalog):
    Procedure.objects.filter(code="1.004194").update(result_deliveries=["post", "online"])

    body = api.get(f"{API}1.004194/").json()
    every = api.get(f"{API}1.001193/").json()

    assert body["result_deliveries"] == ["online", "post"]  # in the order of the choices
    assert every["result_deliveries"] == ["online", "counter", "post"]


def test_an_unknown_procedure_is_a_404(api, catalog):
    response = api.get(f"{API}9.999999/")

    assert response.status_code == 404
    assert "There is no such procedure" in response.json()["detail"]


def test_sectors_count_their_active_procedures(api, catalog):
    catalog.licence.active = False
    catalog.licence.save()

    sectors = {s["code"]: s for s in api.get(f"{API}sectors/").json()}

    assert sectors["ho-tich"]["procedure_count"] == 1
    assert sectors["cu-tru"]["procedure_count"] == 1  # the licence is retired


def test_only_published_lists_are_listed_and_read(
    api, catalog, center_staff, leader, hong_bang_ward, le_chan_ward
):
    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    submitted_list(agency=le_chan_ward, staff=center_staff)

    index = api.get(f"{API}replacement-lists/").json()
    detail = api.get(f"{API}replacement-lists/{hong_bang_ward.code}/")

    assert [item["agency"]["code"] for item in index["results"]] == ["11311"]
    assert index["results"][0]["entry_count"] == 3
    assert detail.status_code == 200
    body = detail.json()
    assert body["version"] == 1 and body["agency"]["name"] == "UBND phường Hồng Bàng"
    assert {entry["component_code"] for entry in body["entries"]} == {
        "xac-nhan-cu-tru", "giay-ket-hon", "so-ho-khau",
    }  # fmt: skip
    assert api.get(f"{API}replacement-lists/{le_chan_ward.code}/").status_code == 404


def test_a_published_list_reads_twice_whatever_its_size(
    api, hong_bang_ward, django_assert_max_num_queries
):
    published_list_with_entries(agency=hong_bang_ward, entries=40)

    with django_assert_max_num_queries(2):
        response = api.get(f"{API}replacement-lists/{hong_bang_ward.code}/")

    assert len(response.json()["entries"]) == 40


def test_the_procedure_list_reads_a_bounded_number_of_times(
    api, searchable, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        assert api.get(API, {"q": "dang ky", "sector": "ho-tich"}).status_code == 200
    with django_assert_max_num_queries(3):
        assert api.get(f"{API}1.001193/").status_code == 200


def test_the_public_endpoints_are_in_the_schema(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()

    for path in ("/api/procedures/", "/api/procedures/{code}/", "/api/procedures/sectors/",
                 "/api/procedures/replacement-lists/",
                 "/api/procedures/replacement-lists/{agency_code}/"):  # fmt: skip
        assert "get" in schema["paths"][path], path
