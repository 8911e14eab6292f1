"""The household record names its head (họ tên, số định danh chủ hộ), as its
members list does, from whichever member the record is read."""

import pytest

from datasources import registry
from datasources.gateway import records

AN, THU, KHANG = "031090001234", "031192004321", "031218000321"


@pytest.mark.django_db
def test_every_member_of_the_demo_household_names_the_same_head():
    for member in (AN, THU, KHANG):
        data = records.record("population", member)["data"]

        assert data["household_head_full_name"] == "Nguyễn Văn An"
        assert data["household_head_personal_id"] == AN


@pytest.mark.django_db
def test_the_head_is_the_one_the_members_list_names():
    for n in range(50):
        data = records.record("population", f"0310900{n:05d}")["data"]
        head = next(m for m in data["household_members"] if m["relation"] == "chủ hộ")

        assert data["household_head_full_name"] == head["full_name"]
        assert data["household_head_personal_id"] == head["personal_id"]


def test_the_population_source_lists_the_head_so_a_form_may_bind_it():
    population = registry.source("population")

    assert population.field("household_head_full_name").label_vi == "Họ, chữ đệm và tên chủ hộ"
    assert population.field("household_head_personal_id").label_en == (
        "Household head's personal ID number"
    )
