"""Purpose-bound lookups: bad requests and forbidden ones are refused before any
source is read, and the refusal itself is logged."""

import pytest

from datasources.exceptions import LookupDenied, LookupRefused
from datasources.services import lookup
from dossiers.purposes import dossier_purpose
from portal.audit.models import AccessLog, AccessOutcome, ComplianceEvent
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(citizen, hong_bang_ward):
    return DossierFactory(applicant=citizen, agency=hong_bang_ward)


def _only_log() -> AccessLog:
    entries = list(AccessLog.objects.all())
    assert len(entries) == 1
    return entries[0]


@pytest.mark.parametrize(
    ("source", "subject", "fields"),
    [
        ("horoscope", "031090001234", ["full_name"]),
        ("population", "031090001234", ["blood_type"]),
        ("population", "31090001234", ["full_name"]),
        ("population", "031090001234", []),
    ],
)
def test_bad_requests_are_refused_and_logged(citizen, dossier, source, subject, fields):
    with pytest.raises(LookupRefused) as error:
        lookup(
            source=source,
            subject=subject,
            fields=fields,
            actor=citizen,
            purpose=dossier_purpose(dossier),
        )

    entry = _only_log()
    assert entry.outcome == AccessOutcome.REFUSED
    assert entry.detail == error.value.message
    assert entry.actor == citizen


def test_a_lookup_without_purpose_is_refused_and_logged(citizen):
    with pytest.raises(LookupRefused, match="mục đích"):
        lookup(
            source="population",
            subject=citizen.personal_id,
            fields=["full_name"],
            actor=citizen,
            purpose=None,
        )

    assert _only_log().outcome == AccessOutcome.REFUSED


def test_an_official_cannot_look_up_for_another_units_dossier(dossier, other_commune_official):
    with pytest.raises(LookupDenied, match="đơn vị mình"):
        lookup(
            source="population",
            subject=dossier.subject_personal_id,
            fields=["full_name"],
            actor=other_commune_official,
            purpose=dossier_purpose(dossier),
        )

    entry = _only_log()
    assert entry.outcome == AccessOutcome.DENIED
    assert entry.actor_agency == other_commune_official.agency
    event = ComplianceEvent.objects.get()
    assert event.kind == "lookup_denied" and event.reference == f"dossier:{dossier.pk}"


def test_a_citizen_cannot_use_someone_elses_dossier(dossier):
    from tests.accounts.factories import CitizenFactory

    stranger = CitizenFactory()
    with pytest.raises(LookupDenied):
        lookup(
            source="population",
            subject=dossier.subject_personal_id,
            fields=["full_name"],
            actor=stranger,
            purpose=dossier_purpose(dossier),
        )

    assert _only_log().outcome == AccessOutcome.DENIED


def test_nobody_reads_a_person_who_is_not_a_subject_of_the_case(dossier, commune_official):
    with pytest.raises(LookupDenied, match="chủ thể"):
        lookup(
            source="population",
            subject="001185004567",
            fields=["full_name"],
            actor=commune_official,
            purpose=dossier_purpose(dossier),
        )

    assert _only_log().subject_personal_id == "001185004567"
