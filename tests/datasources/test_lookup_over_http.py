"""Lookups through the mock gateway over real HTTP: every path logged, the
cache respected, an outage reported within its timeout, the breaker opening
and recovering."""

import pytest

from datasources.breaker import BreakerState, CircuitBreaker
from datasources.fetching import FetchStatus
from datasources.gateway.services import behaviour_set
from datasources.services import lookup
from dossiers.purposes import dossier_purpose
from portal.audit.models import AccessLog, AccessOutcome
from tests.dossiers.factories import DossierFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dossier(citizen, hong_bang_ward):
    return DossierFactory(applicant=citizen, agency=hong_bang_ward)


def _lookup(dossier, actor, source="population", fields=("full_name", "permanent_address")):
    return lookup(
        source=source,
        subject=dossier.subject_personal_id,
        fields=fields,
        actor=actor,
        purpose=dossier_purpose(dossier),
    )


def _outcomes() -> list[str]:
    return list(AccessLog.objects.order_by("id").values_list("outcome", flat=True))


def test_an_official_reads_for_a_dossier_of_their_unit(gateway_live, dossier, commune_official):
    result = _lookup(dossier, commune_official)

    assert result.status == FetchStatus.OK
    assert result.values == {
        "full_name": "Nguyễn Văn An",
        "permanent_address": "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng",
    }
    assert result.record_id == "DC-031090001234" and result.fetched_at is not None
    entry = AccessLog.objects.get()
    assert (entry.outcome, entry.actor, entry.purpose_id) == (
        "ok",
        commune_official,
        str(dossier.pk),
    )
    assert entry.fields == ["full_name", "permanent_address"]


def test_a_second_read_comes_from_the_cache_and_is_logged_as_such(gateway_live, dossier, citizen):
    _lookup(dossier, citizen)
    behaviour_set(source="population", latency_ms=0, failure_rate=1)  # the cache must answer

    again = _lookup(dossier, citizen)

    assert again.status == FetchStatus.CACHED and again.values["full_name"] == "Nguyễn Văn An"
    assert _outcomes() == [AccessOutcome.OK, AccessOutcome.CACHED]


def test_a_refetch_bypasses_the_cache(gateway_live, dossier, citizen):
    _lookup(dossier, citizen)

    fresh = lookup(
        source="population",
        subject=dossier.subject_personal_id,
        fields=["full_name"],
        actor=citizen,
        purpose=dossier_purpose(dossier),
        use_cache=False,
    )

    assert fresh.status == FetchStatus.OK
    assert _outcomes() == [AccessOutcome.OK, AccessOutcome.OK]


def test_a_missing_record_is_not_found_and_logged(gateway_live, citizen, hong_bang_ward):
    from datasources.gateway.synthetic.people import synthetic_person
    from tests.accounts.factories import CitizenFactory
    from tests.datasources.gateway.test_synthetic import SAMPLE

    personal_id = next(p for p in SAMPLE if "missing_civil_status" in synthetic_person(p).defects)
    person = CitizenFactory(personal_id=personal_id)
    dossier = DossierFactory(applicant=person, agency=hong_bang_ward)

    result = _lookup(dossier, person, source="civil_status", fields=["birth_registration"])

    assert result.status == FetchStatus.NOT_FOUND and result.values == {}
    assert _outcomes() == [AccessOutcome.NOT_FOUND]


def test_an_outage_is_reported_and_logged_as_failed(gateway_live, dossier, citizen, settings):
    settings.GATEWAY_RETRIES = 1
    behaviour_set(source="population", latency_ms=0, failure_rate=1)

    result = _lookup(dossier, citizen)

    assert result.status == FetchStatus.UNAVAILABLE
    assert "unavailable" in result.detail
    assert _outcomes() == [AccessOutcome.FAILED]


def test_a_slow_source_is_cut_at_the_read_timeout(gateway_live, dossier, citizen, settings):
    settings.GATEWAY_READ_TIMEOUT = 0.2
    behaviour_set(source="land", latency_ms=1500, failure_rate=0)

    result = _lookup(dossier, citizen, source="land", fields=["land_use_certificates"])

    assert result.status == FetchStatus.UNAVAILABLE
    assert "0.2" in result.detail


def test_repeated_failures_open_the_breaker_which_recovers_on_its_own(
    gateway_live, dossier, citizen, settings
):
    settings.GATEWAY_RETRIES = 0
    settings.BREAKER_FAILURE_THRESHOLD = 3
    behaviour_set(source="vneid_documents", latency_ms=0, failure_rate=1)
    fields = ("citizen_id_card",)
    for _ in range(3):
        _lookup(dossier, citizen, source="vneid_documents", fields=fields)
    assert CircuitBreaker("vneid_documents").state() == BreakerState.OPEN

    behaviour_set(source="vneid_documents", latency_ms=0, failure_rate=0)  # the source is back
    refused = _lookup(dossier, citizen, source="vneid_documents", fields=fields)
    assert refused.status == FetchStatus.UNAVAILABLE and "Circuit open" in refused.detail

    settings.BREAKER_RESET_SECONDS = 0  # the reset period has passed: one probe goes through
    probe = _lookup(dossier, citizen, source="vneid_documents", fields=fields)
    assert probe.status == FetchStatus.OK
    assert CircuitBreaker("vneid_documents").state() == BreakerState.CLOSED
    assert _outcomes() == ["failed"] * 4 + ["ok"]


def test_wrong_gateway_credentials_are_an_unavailable_source(
    gateway_live, dossier, citizen, settings
):
    settings.GATEWAY_CLIENT_SECRET = "not-the-secret"

    result = _lookup(dossier, citizen)

    assert result.status == FetchStatus.UNAVAILABLE and "401" in result.detail


def test_the_source_checks_page_shows_each_adapters_self_check(gateway_live, client, settings):
    from portal.accounts.models import Role, User

    admin = User.objects.create_superuser(
        "root", password="a-long-admin-password-1", role=Role.ADMINISTRATOR
    )
    client.force_login(admin)
    behaviour_set(source="land", latency_ms=0, failure_rate=0)

    html = client.get("/admin/datasources/sources/").content.decode()

    assert html.count("✅ OK") == 6
