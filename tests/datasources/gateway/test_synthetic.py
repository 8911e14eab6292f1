"""Synthetic national records: deterministic, Vietnamese, on the real units,
with a realistic share of defects, and the named demo set exact."""

from collections import Counter
from datetime import date

import pytest

from datasources.gateway import records
from datasources.gateway.synthetic import places
from datasources.gateway.synthetic.people import synthetic_person


def _sample_id(i: int) -> str:
    """A plausible ID: any province code, born 1930-1999 or 2000-2025."""
    century = i % 4
    year = 30 + (i * 13) % 70 if century < 2 else (i * 13) % 26
    return f"0{(i * 7) % 96:02d}{century}{year:02d}{i:06d}"


SAMPLE = [_sample_id(i) for i in range(5000)]


def test_the_same_id_gives_the_same_person_every_time():
    synthetic_person.cache_clear()
    first = synthetic_person("079203012345")
    synthetic_person.cache_clear()

    assert synthetic_person("079203012345") == first
    assert synthetic_person("079203012346") != first


@pytest.mark.parametrize(
    ("personal_id", "sex", "year"),
    [
        ("001090001234", "male", 1990),
        ("001185004567", "female", 1985),
        ("031218000321", "male", 2018),
        ("079305001111", "female", 2005),
    ],
)
def test_sex_and_birth_year_follow_the_id_layout(personal_id, sex, year):
    person = synthetic_person(personal_id)

    assert (person.sex, person.date_of_birth.year) == (sex, year)


def test_names_are_vietnamese_and_addresses_on_real_units():
    for personal_id in SAMPLE[:300]:
        person = synthetic_person(personal_id)
        assert len(person.full_name.split()) == 3
        assert person.ward_code in places.ward_names()
        assert places.ward_names()[person.ward_code][0] in person.address


def test_defects_have_realistic_shares():
    shares = Counter(defect for pid in SAMPLE for defect in synthetic_person(pid).defects)

    assert 0.015 <= shares["outdated_address"] / len(SAMPLE) <= 0.045
    assert 0.002 <= shares["spelling_variant"] / len(SAMPLE) <= 0.018
    assert 0.01 <= shares["missing_civil_status"] / len(SAMPLE) <= 0.03


@pytest.mark.django_db
def test_defects_show_in_the_records():
    missing = next(p for p in SAMPLE if "missing_civil_status" in synthetic_person(p).defects)
    variant = next(
        p
        for p in SAMPLE
        if "spelling_variant" in synthetic_person(p).defects
        and "missing_civil_status" not in synthetic_person(p).defects
    )
    outdated = next(p for p in SAMPLE if "outdated_address" in synthetic_person(p).defects)

    assert records.record("civil_status", missing) is None
    registered = records.record("civil_status", variant)["data"]["birth_registration"]
    assert registered["full_name"] != synthetic_person(variant).full_name
    population = records.record("population", outdated)["data"]
    assert population["temporary_address"] and population["address_updated_at"] < "2019-01-01"


@pytest.mark.django_db
def test_the_demo_family_is_exact():
    an = records.record("population", "031090001234")["data"]
    khang = records.record("civil_status", "031218000321")["data"]

    assert an["full_name"] == "Nguyễn Văn An" and an["date_of_birth"] == "1990-03-14"
    assert an["permanent_ward_code"] == 11311 and "Hồng Bàng" in an["permanent_address"]
    assert {m["full_name"]: m["relation"] for m in an["household_members"]} == {
        "Nguyễn Văn An": "chủ hộ",
        "Phạm Thị Thu": "vợ",
        "Nguyễn Minh Khang": "con",
    }
    assert khang["birth_registration"]["father_name"] == "Nguyễn Văn An"
    documents = records.record("vneid_documents", "031090001234")["data"]
    assert documents["driving_licence"]["class"] == "B2"
    assert records.record("land", "031090001234")["data"]["land_use_certificates"]
    business = records.record("business_registration", "001185004567")["data"]["businesses"]
    assert business[0]["name"] == "Công ty TNHH Thương mại Bình An"
    assert records.record("population", "001185004567")["data"]["date_of_birth"] == str(
        date(1985, 7, 2)
    )


def test_marital_status_takes_every_value_and_shapes_the_household():
    people = [synthetic_person(pid) for pid in SAMPLE[:2000]]
    statuses = Counter(person.marital_status for person in people)

    assert set(statuses) == {"single", "married", "divorced", "widowed"}
    for person in people:
        in_household = len(person.household) == 2
        assert in_household == (person.marital_status == "married")
        assert (person.spouse is not None) == (person.marital_status != "single")
        assert person.marital_status == "single" or person.age >= 22


@pytest.mark.django_db
def test_a_divorce_keeps_the_marriage_on_record():
    divorced = next(p for p in SAMPLE if synthetic_person(p).marital_status == "divorced"
                    and not synthetic_person(p).defects)  # fmt: skip
    data = records.record("civil_status", divorced)["data"]

    assert data["marital_status"] == "divorced"
    assert (
        data["marriage_registration"]["spouse_personal_id"] == synthetic_person(divorced).spouse[0]
    )
    population = records.record("population", divorced)["data"]
    assert [m["relation"] for m in population["household_members"]] == ["chủ hộ"]


@pytest.mark.django_db
def test_an_outdated_residence_shows_against_the_other_registers():
    moved = next(
        p
        for p in SAMPLE
        if "outdated_address" in synthetic_person(p).defects and synthetic_person(p).age >= 25
    )
    population = records.record("population", moved)["data"]
    card = records.record("vneid_documents", moved)["data"]["health_insurance"]
    (certificate,) = records.record("land", moved)["data"]["land_use_certificates"]

    assert population["permanent_address"] != population["temporary_address"]
    assert card["address"] == population["temporary_address"] == certificate["address"]
    assert certificate["ward_code"] in places.ward_names()
    assert certificate["issued_on"] > population["address_updated_at"]


@pytest.mark.django_db
def test_records_point_at_real_wards():
    for personal_id in SAMPLE[:200]:
        data = records.record("population", personal_id)["data"]
        assert data["permanent_ward_code"] in places.ward_names()
        for certificate in records.record("land", personal_id)["data"]["land_use_certificates"]:
            assert certificate["ward_code"] in places.ward_names()


@pytest.mark.django_db
def test_nobody_is_born_after_today():
    assert records.record("population", "001299001234") is None  # born 2099
    assert records.record("population", "001225001234") is not None  # born 2025


@pytest.mark.django_db
def test_the_demo_household_is_the_same_from_every_member():
    households = {
        pid: records.record("population", pid)["data"]
        for pid in ("031090001234", "031192004321", "031218000321")
    }

    assert len({data["household_id"] for data in households.values()}) == 1
    assert {data["household_relation"] for data in households.values()} == {"chủ hộ", "vợ", "con"}
    wife = records.record("civil_status", "031192004321")["data"]
    assert wife["marriage_registration"]["spouse_personal_id"] == "031090001234"
    assert records.record("vneid_documents", "031090001234")["data"]["vehicle_registrations"]
