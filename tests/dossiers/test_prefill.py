"""Live prefill: every source the form needs is read in parallel, each part
saved with its provenance as it arrives; a source that is down is named."""

import threading

import pytest
from django.utils import timezone

from datasources.adapters import GatewayAdapter
from datasources.gateway.services import behaviour_set
from dossiers.models import Dossier, PrefillStatus
from dossiers.prefill import prefill_start
from portal.audit.models import AccessLog
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEEDS = {
    "population": ["full_name", "date_of_birth", "permanent_address"],
    "civil_status": ["birth_registration"],
    "vneid_documents": ["citizen_id_card", "health_insurance"],
    "land": ["land_use_certificates"],
}


class RendezvousAdapter(GatewayAdapter):
    """The gateway adapter, except that each fetch first waits for all the
    others to have started: it can only pass if the fetches run together."""

    barrier: threading.Barrier

    def fetch(self, subject):
        self.barrier.wait()
        return super().fetch(subject)


@pytest.fixture
def dossier(citizen, hong_bang_ward):
    return DossierFactory(applicant=citizen, agency=hong_bang_ward)


def test_prefill_fills_each_source_with_provenance(gateway_live, dossier):
    snapshot = prefill_start(dossier=dossier, needs=NEEDS)  # the task runs on commit

    snapshot.refresh_from_db()
    assert snapshot.is_finished
    parts = {part.source: part for part in snapshot.sources.all()}
    assert {part.status for part in parts.values()} == {PrefillStatus.OK}
    population = parts["population"]
    assert population.values["full_name"]["value"] == "Nguyễn Văn An"
    assert population.values["full_name"]["record_id"] == "DC-031090001234"
    assert population.values["full_name"]["fetched_at"]
    assert AccessLog.objects.filter(purpose_type="dossier", purpose_id=str(dossier.pk)).count() == 4


def test_sources_are_read_in_parallel(gateway_live, dossier, settings):
    RendezvousAdapter.barrier = threading.Barrier(len(NEEDS), timeout=10)
    settings.DATASOURCE_ADAPTERS = {
        code: "tests.dossiers.test_prefill.RendezvousAdapter" for code in NEEDS
    }

    snapshot = prefill_start(dossier=dossier, needs=NEEDS)

    statuses = set(snapshot.sources.values_list("status", flat=True))
    assert statuses == {PrefillStatus.OK}  # a sequential read would have broken the barrier


def test_a_source_that_is_down_is_named_and_the_rest_still_arrive(gateway_live, dossier, settings):
    settings.GATEWAY_RETRIES = 0
    behaviour_set(source="land", latency_ms=0, failure_rate=1)

    snapshot = prefill_start(dossier=dossier, needs=NEEDS)

    parts = {part.source: part for part in snapshot.sources.all()}
    assert parts["land"].status == PrefillStatus.UNAVAILABLE
    assert parts["population"].status == PrefillStatus.OK


def test_the_progress_page_shows_each_source(gateway_live, client, citizen, dossier, settings):
    behaviour_set(source="land", latency_ms=0, failure_rate=1)
    settings.GATEWAY_RETRIES = 0
    prefill_start(dossier=dossier, needs=NEEDS)
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")

    html = client.get(f"/dossiers/{dossier.pk}/prefill/").content.decode()

    assert "Nguyễn Văn An" in html
    assert "CSDL quốc gia về dân cư" in html
    assert 'data-status="unavailable"' in html and "CSDL đất đai quốc gia" in html
    assert "hx-trigger" not in html  # finished: no more polling


def test_the_panel_polls_while_sources_are_pending(client, citizen, dossier):
    from dossiers.models import PrefillSnapshot, PrefillSource

    snapshot = PrefillSnapshot.objects.create(dossier=dossier)  # its task not yet run
    PrefillSource.objects.create(snapshot=snapshot, source="population", fields=["full_name"])
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")

    html = client.get(f"/dossiers/{dossier.pk}/prefill/panel/").content.decode()

    assert 'hx-trigger="every 500ms"' in html and 'data-status="pending"' in html


def test_nobody_else_sees_the_prefill(client, dossier, other_commune_official):
    client.force_login(
        other_commune_official, backend="portal.accounts.backends.VNeIDSessionBackend"
    )

    assert client.get(f"/dossiers/{dossier.pk}/prefill/").status_code == 404


def test_the_units_official_neither_sees_nor_reads_again_a_draft_s_data(
    client, dossier, commune_official
):
    """What an applicant has not submitted is not the unit's: its data stays theirs,
    and no source is read in their name by someone else."""
    PrefillSourceFactory(dossier=dossier, status=PrefillStatus.UNAVAILABLE, found={})
    client.force_login(commune_official, backend="portal.accounts.backends.VNeIDSessionBackend")

    assert client.get(f"/dossiers/{dossier.pk}/prefill/").status_code == 404
    assert client.get(f"/dossiers/{dossier.pk}/prefill/panel/").status_code == 404
    assert client.post(f"/dossiers/{dossier.pk}/prefill/retry/").status_code == 404
    assert dossier.prefill.sources.get().status == PrefillStatus.UNAVAILABLE
    assert not AccessLog.objects.exists()


def test_starting_a_draft_starts_its_prefill(gateway_live, citizen, hong_bang_ward):
    from dossiers.services import dossier_draft_start

    dossier = dossier_draft_start(
        applicant=citizen,
        procedure=ProcedureFactory(code="1.001193"),
        agency=hong_bang_ward,
        needs=NEEDS,
    )

    from dossiers.models import PrefillSnapshot

    snapshot = PrefillSnapshot.objects.get(dossier=dossier)
    assert dossier.subject_personal_id == citizen.personal_id
    assert snapshot.is_finished
    assert set(snapshot.sources.values_list("status", flat=True)) == {PrefillStatus.OK}


def test_a_draft_for_a_malformed_subject_is_refused_and_nothing_kept(citizen, hong_bang_ward):
    from django.core.exceptions import ValidationError

    from dossiers.models import Dossier
    from dossiers.services import dossier_draft_start

    with pytest.raises(ValidationError):
        dossier_draft_start(
            applicant=citizen,
            procedure=ProcedureFactory(code="1.001193"),
            agency=hong_bang_ward,
            needs=NEEDS,
            subject_personal_id="12345",
        )

    assert not Dossier.objects.exists()


def test_unavailable_sources_are_read_again_on_request(
    gateway_live, client, citizen, dossier, settings
):
    settings.GATEWAY_RETRIES = 0
    behaviour_set(source="land", latency_ms=0, failure_rate=1)
    prefill_start(dossier=dossier, needs=NEEDS)
    behaviour_set(source="land", latency_ms=0, failure_rate=0)  # the source is back
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    page = client.get(f"/dossiers/{dossier.pk}/prefill/").content.decode()
    assert f"/dossiers/{dossier.pk}/prefill/retry/" in page

    response = client.post(f"/dossiers/{dossier.pk}/prefill/retry/")

    assert response.status_code == 302
    statuses = dict(dossier.prefill.sources.values_list("source", "status"))
    assert statuses["land"] == PrefillStatus.OK


def test_a_submitted_dossiers_sources_are_not_read_again_by_its_applicant(
    gateway_live, client, citizen, dossier, settings
):
    settings.GATEWAY_RETRIES = 0
    behaviour_set(source="land", latency_ms=0, failure_rate=1)
    prefill_start(dossier=dossier, needs=NEEDS)
    behaviour_set(source="land", latency_ms=0, failure_rate=0)
    Dossier.objects.filter(pk=dossier.pk).update(status="submitted", submitted_at=timezone.now())
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    reads = AccessLog.objects.count()

    response = client.post(f"/dossiers/{dossier.pk}/prefill/retry/")

    assert response.status_code == 409
    statuses = dict(dossier.prefill.sources.values_list("source", "status"))
    assert statuses["land"] == PrefillStatus.UNAVAILABLE and AccessLog.objects.count() == reads


def test_a_parent_starts_a_draft_for_their_child(gateway_live, citizen, hong_bang_ward):
    from dossiers.models import ActingBasis
    from dossiers.services import dossier_draft_start

    dossier = dossier_draft_start(
        applicant=citizen,
        procedure=ProcedureFactory(code="1.001193"),
        agency=hong_bang_ward,
        needs={"civil_status": ["birth_registration"]},
        subject_personal_id="031218000321",
        acting_basis=ActingBasis.PARENT,
    )

    part = dossier.prefill.sources.get()
    part.refresh_from_db()
    assert part.values["birth_registration"]["value"]["father_name"] == "Nguyễn Văn An"


@pytest.mark.parametrize("basis", ["parent", "self", "authorisation"])
def test_nobody_starts_a_draft_for_a_stranger(gateway_live, citizen, hong_bang_ward, basis):
    from dossiers.exceptions import NoRightToAct
    from dossiers.models import Dossier
    from dossiers.services import dossier_draft_start

    with pytest.raises(NoRightToAct):
        dossier_draft_start(
            applicant=citizen,
            procedure=ProcedureFactory(code="1.001193"),
            agency=hong_bang_ward,
            needs=NEEDS,
            subject_personal_id="001185004567",
            acting_basis=basis,
        )

    assert not Dossier.objects.exists()
    assert not AccessLog.objects.filter(subject_personal_id="001185004567").exists()
