"""What each mock database answers for a person: the synthetic or demo
record, with the owner's corrections applied on top."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from datasources.gateway.demo_records import (
    DEMO_BUSINESSES,
    DEMO_DEATHS,
    DEMO_DOCUMENTS,
    DEMO_LAND,
    demo_person,
)
from datasources.gateway.models import RecordCorrection
from datasources.gateway.synthetic import registers
from datasources.gateway.synthetic.people import Person, synthetic_person

RECORD_PREFIXES = {
    "population": "DC",
    "civil_status": "HT",
    "vneid_documents": "GT",
    "business_registration": "DN",
    "insurance": "BH",
    "land": "DD",
}
_BUILDERS: dict[str, Callable[[Person], dict | None]] = {
    "population": registers.population,
    "civil_status": registers.civil_status,
    "vneid_documents": registers.vneid_documents,
    "business_registration": registers.business_registration,
    "insurance": registers.insurance,
    "land": registers.land,
}


def served_sources() -> tuple[str, ...]:
    return tuple(_BUILDERS)


def person(personal_id: str) -> Person:
    return demo_person(personal_id) or synthetic_person(personal_id)


def _demo_overrides(source: str, personal_id: str, data: dict) -> dict:
    if source == "vneid_documents" and personal_id in DEMO_DOCUMENTS:
        data = {**data, **DEMO_DOCUMENTS[personal_id]}
    if source == "business_registration" and personal_id in DEMO_BUSINESSES:
        data = {"businesses": DEMO_BUSINESSES[personal_id]}
    if source == "civil_status" and personal_id in DEMO_DEATHS:
        data = {**data, "death_registration": dict(DEMO_DEATHS[personal_id])}
    if source == "land" and personal_id in DEMO_LAND:
        data = {"land_use_certificates": DEMO_LAND[personal_id]}
    return data


def record(source: str, personal_id: str) -> dict | None:
    """{record_id, updated_at, data} or None when the database holds nothing
    (nobody is born after today, whatever the ID's layout says).
    Raises KeyError for a source the gateway does not serve."""
    builder = _BUILDERS[source]
    subject = person(personal_id)
    if subject.date_of_birth > timezone.localdate():
        return None
    data = builder(subject)
    if data is None:
        return None
    data = _demo_overrides(source, personal_id, data)
    updated_at = f"{subject.address_updated_at.isoformat()}T08:00:00+07:00"
    for correction in RecordCorrection.objects.filter(source=source, subject=personal_id):
        data[correction.field] = correction.value
        updated_at = correction.corrected_at.isoformat()
    return {
        "record_id": f"{RECORD_PREFIXES[source]}-{personal_id}",
        "updated_at": updated_at,
        "data": data,
    }
