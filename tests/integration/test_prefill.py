"""Live prefill on the full stack: the task goes through Redis to a real worker,
which reads the gateway running as its own process on its own port."""

import time

import pytest
import requests

from datasources.breaker import BreakerState, CircuitBreaker
from datasources.fetching import cached_record_forget
from datasources.gateway.services import behaviour_set
from dossiers.models import PrefillSnapshot, PrefillStatus
from dossiers.prefill import prefill_start
from portal.audit.models import AccessLog
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory

NEEDS = {
    "population": ["full_name", "permanent_address"],
    "civil_status": ["birth_registration"],
    "vneid_documents": ["citizen_id_card"],
    "land": ["land_use_certificates"],
}


@pytest.fixture(autouse=True)
def _behaviour_reset_afterwards():
    yield
    from datasources.gateway.services import behaviour_reset

    for source in NEEDS:
        behaviour_reset(source=source)


def _finished(snapshot: PrefillSnapshot, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        snapshot.refresh_from_db()
        if snapshot.is_finished:
            return {part.source: part for part in snapshot.sources.all()}
        assert time.monotonic() < deadline, "the prefill did not finish"
        time.sleep(0.1)


@pytest.fixture
def dossier(transactional_db, hong_bang_ward):
    citizen = CitizenFactory(personal_id="031090001234", full_name="Nguyễn Văn An")
    return DossierFactory(applicant=citizen, agency=hong_bang_ward)


def test_the_gateway_answers_on_its_own_port_with_credentials(live_gateway, settings):
    url = f"{live_gateway.url}/v1/sources/population/subjects/031090001234"

    assert requests.get(url, timeout=5).status_code == 401
    answer = requests.get(
        url, timeout=5, auth=(settings.GATEWAY_CLIENT_ID, settings.GATEWAY_CLIENT_SECRET)
    )
    assert answer.json()["data"]["full_name"] == "Nguyễn Văn An"


def test_a_real_worker_prefills_a_draft_from_the_gateway(live_worker, dossier):
    for source in NEEDS:
        behaviour_set(source=source, latency_ms=150, failure_rate=0)

    parts = _finished(prefill_start(dossier=dossier, needs=NEEDS))

    assert {part.status for part in parts.values()} == {PrefillStatus.OK}
    assert parts["population"].values["full_name"]["value"] == "Nguyễn Văn An"
    logged = AccessLog.objects.filter(purpose_id=str(dossier.pk))
    assert sorted(logged.values_list("source", flat=True)) == sorted(NEEDS)


def test_an_outage_opens_the_breaker_and_the_source_recovers(live_worker, dossier, hong_bang_ward):
    for source in NEEDS:
        behaviour_set(source=source, latency_ms=0, failure_rate=0)
        cached_record_forget(source_code=source, subject=dossier.subject_personal_id)
    CircuitBreaker("land").record_success()
    behaviour_set(source="land", latency_ms=0, failure_rate=1)
    for _ in range(3):
        parts = _finished(
            prefill_start(
                dossier=DossierFactory(applicant=dossier.applicant, agency=hong_bang_ward),
                needs=NEEDS,
            )
        )
        assert parts["land"].status == PrefillStatus.UNAVAILABLE
        assert parts["population"].status == PrefillStatus.OK
    assert CircuitBreaker("land").state() == BreakerState.OPEN  # seen through Redis

    behaviour_set(source="land", latency_ms=0, failure_rate=0)
    time.sleep(1.2)  # the worker's reset period
    parts = _finished(prefill_start(dossier=dossier, needs=NEEDS))

    assert parts["land"].status == PrefillStatus.OK
    assert CircuitBreaker("land").state() == BreakerState.CLOSED
