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
