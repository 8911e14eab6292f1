import pytest

from datasources import registry
from datasources.exceptions import UnknownField, UnknownSource
from portal.accounts.agencies import DATABASE_OWNERS


def test_every_source_has_an_owner_among_the_database_owner_agencies():
    owners = {code for code, _name in DATABASE_OWNERS}

    for source in registry.all_sources():
        assert source.owner_agency_code in owners
        assert source.fields and source.freshness.total_seconds() > 0


def test_labels_follow_the_active_language():
    from django.utils import translation

    field = registry.source("population").field("full_name")
    with translation.override("vi"):
        assert field.label == "Họ, chữ đệm và tên"
    with translation.override("en"):
        assert field.label == "Full name"


def test_a_source_is_named_in_the_page_language_or_in_vietnamese_when_asked():
    from django.utils import translation

    with translation.override("en"):
        assert registry.source_name("population") == "National Population Database"
        assert registry.source_name("population", vietnamese=True) == "CSDL quốc gia về dân cư"
    with translation.override("vi"):
        assert registry.source_name("population") == "CSDL quốc gia về dân cư"
    # A source the registry no longer knows keeps its code, where a record still names it.
    assert registry.source_name("retired_source", vietnamese=True) == "retired_source"


def test_unknown_source_and_field_are_refused_in_both_languages():
    with pytest.raises(UnknownSource) as error:
        registry.source("horoscope")
    assert "Không có nguồn" in error.value.message and "Unknown data source" in error.value.message

    with pytest.raises(UnknownField):
        registry.source("population").checked_fields(["full_name", "blood_type"])


def test_adapters_are_loaded_from_settings(settings):
    settings.DATASOURCE_ADAPTERS = {"land": "tests.datasources.test_registry.NullAdapter"}

    assert isinstance(registry.adapter_for("land"), NullAdapter)
    assert type(registry.adapter_for("population")).__name__ == "GatewayAdapter"


class NullAdapter:
    def __init__(self, source):
        self.source = source


@pytest.mark.django_db
def test_every_part_of_a_served_record_is_named_in_both_languages():
    """A record's lists and objects (a household's members, a land parcel)
    are shown part by part: each part has a name, never its key."""
    from datasources.demo_people import DEMO_PEOPLE
    from datasources.gateway.records import record, served_sources

    keys: set[str] = set()

    def parts_of(value) -> None:
        if isinstance(value, dict):
            keys.update(value)
            for inner in value.values():
                parts_of(inner)
        elif isinstance(value, list):
            for inner in value:
                parts_of(inner)

    people = [person.personal_id for person in DEMO_PEOPLE] + [
        f"0319000{n:05d}" for n in range(200)
    ]
    for personal_id in people:
        for source in served_sources():
            found = record(source, personal_id)
            for value in (found or {}).get("data", {}).values():
                if isinstance(value, (dict, list)):
                    parts_of(value)

    assert keys and sorted(keys - set(registry.PART_LABELS)) == []
