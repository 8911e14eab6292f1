"""Verification from the source: a component whose source had not answered
when the dossier was submitted is verified by an official of the unit, who
reads that source for the replacement's fields (purpose-bound, logged, seen
by the citizen); what the source holds becomes the component's evidence, and
a source that does not answer changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.data_gaps import data_gap_record
from dossiers.evidence import DataState, component_evidence_record, components_status
from dossiers.exceptions import ReplacedByData
from dossiers.models import (
    ComponentEvidence,
    ComponentEvidenceKind,
    ComponentVerification,
    DossierStatus,
    PrefillStatus,
    VerificationOutcome,
)
from dossiers.supplement_requests import supplement_request
from dossiers.verification import SourceNotAnswering, VerificationRefused, component_verify
from portal.audit.models import AccessLog
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
# Born in 2099 by the ID's layout: no register holds anything for this person yet.
NOBODY_YET = "031299000123"


@pytest.fixture
def procedure(db):
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"], fee_vnd=0)  # fmt: skip
    residence = DossierComponentFactory(procedure=procedure, code="xac-nhan-cu-tru", position=1,
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    ElectronicReplacementFactory(component=residence, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    return procedure


def _residence(procedure):
    return procedure.components.get(code="xac-nhan-cu-tru")


def _submitted(procedure, unit, applicant, status=DossierStatus.IN_PROCESSING, prefilled=True):
    """Submitted while the population database did not answer (or, not `prefilled`,
    before its replacement was published): its component is to verify."""
    dossier = DossierFactory(procedure=procedure, agency=unit, applicant=applicant, status=status,
                             submitted_at=timezone.now())  # fmt: skip
    if prefilled:
        PrefillSourceFactory(dossier=dossier, status=PrefillStatus.UNAVAILABLE, found={},
                             fields=["permanent_address"])  # fmt: skip
    component_evidence_record(dossier=dossier)
    return dossier


def _state(dossier, component):
    return next(s for s in components_status(dossier=dossier) if s.component == component)


def _verify_post(client, dossier, component):
    return client.post(reverse("workspace:verify", args=[dossier.pk]),
                       {"component": component.pk, "seen_status": dossier.status,
                        "seen_assigned_to": dossier.assigned_to_id or ""})  # fmt: skip


# The service


def test_a_source_holding_the_data_makes_it_data_with_its_record_who_and_when(
    gateway_live, procedure, citizen, commune_official, hong_bang_ward
):
    dossier = _submitted(procedure, hong_bang_ward, citizen)
    residence = _residence(procedure)
    assert _state(dossier, residence).to_verify

    verification = component_verify(dossier=dossier, component_id=residence.pk,
                                    by=commune_official)  # fmt: skip

    assert verification.outcome == VerificationOutcome.FOUND
    assert verification.verified_by == commune_official and verification.source == "population"
    assert verification.record_id and verification.fetched_at is not None
    evidence = ComponentEvidence.objects.get(dossier=dossier, component=residence)
    assert evidence.kind == ComponentEvidenceKind.DATA and evidence.source == "population"
    assert evidence.record_id == verification.record_id
    assert evidence.fetched_at == verification.fetched_at
    assert commune_official.full_name in evidence.note
    assert "Verified from the source" in evidence.note
    state = _state(dossier, residence)
    assert state.data_state == DataState.OK and state.verification == verification
    # Read for this dossier, by this official, for the replacement's fields: logged.
    log = AccessLog.objects.get()
    assert (log.actor, log.subject_personal_id, log.source) == (
        commune_official, citizen.personal_id, "population"
    )  # fmt: skip
    assert (log.purpose_type, log.purpose_id, log.fields) == (
        "dossier", str(dossier.pk), ["permanent_address"]
    )  # fmt: skip
    # What was recorded stands when the evidence is written again (a resubmission).
    before = ComponentEvidence.objects.get(pk=evidence.pk)
    component_evidence_record(dossier=dossier)
    assert ComponentEvidence.objects.get(pk=evidence.pk).recorded_at == before.recorded_at


def test_a_source_holding_nothing_makes_it_a_data_gap_the_official_may_then_ask_for(
    gateway_live, procedure, commune_official, hong_bang_ward, data_owner
):
    applicant = CitizenFactory(personal_id=NOBODY_YET)
    dossier = _submitted(procedure, hong_bang_ward, applicant)
    residence = _residence(procedure)

    verification = component_verify(dossier=dossier, component_id=residence.pk,
                                    by=commune_official)  # fmt: skip

    assert verification.outcome == VerificationOutcome.NOT_FOUND and not verification.record_id
    evidence = ComponentEvidence.objects.get(dossier=dossier, component=residence)
    assert evidence.kind == ComponentEvidenceKind.DATA_GAP and evidence.source == "population"
    assert "holds nothing" in evidence.note
    assert _state(dossier, residence).data_gap
    # The supplement rules are unchanged: asked for once the gap is recorded with its evidence.
    with pytest.raises(ReplacedByData):
        supplement_request(dossier=dossier, by=commune_official, components=[residence],
                           reason="Cần giấy xác nhận cư trú")  # fmt: skip
    data_gap_record(dossier=dossier, component=residence, by=commune_official,
                    evidence="Xác minh từ CSDL dân cư: không có dữ liệu.")  # fmt: skip
    supplement_request(dossier=dossier, by=commune_official, components=[residence],
                       reason="Cần giấy xác nhận cư trú")  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED


def test_a_source_that_does_not_answer_changes_nothing(
    gateway_live, settings, procedure, citizen, commune_official, hong_bang_ward
):
    settings.GATEWAY_BEHAVIOUR = {**settings.GATEWAY_BEHAVIOUR, "population": (0, 1.0)}
    dossier = _submitted(procedure, hong_bang_ward, citizen)
    residence = _residence(procedure)
    before = ComponentEvidence.objects.get(dossier=dossier, component=residence)

    with pytest.raises(SourceNotAnswering) as refused:
        component_verify(dossier=dossier, component_id=residence.pk, by=commune_official)

    assert "Hãy thử lại sau" in refused.value.message and "Try again later" in refused.value.message
    assert not ComponentVerification.objects.exists()
    after = ComponentEvidence.objects.get(pk=before.pk)
    assert (after.kind, after.note, after.recorded_at) == (before.kind, before.note,
                                                           before.recorded_at)  # fmt: skip
    assert _state(dossier, residence).to_verify
    assert AccessLog.objects.filter(purpose_id=str(dossier.pk)).count() == 1  # the try is logged


def test_only_a_component_awaiting_verification_in_an_open_dossier_is_verified(
    procedure, citizen, commune_official, hong_bang_ward
):
    residence = _residence(procedure)
    answered = DossierFactory(procedure=procedure, agency=hong_bang_ward, applicant=citizen,
                              status=DossierStatus.IN_PROCESSING)  # fmt: skip
    PrefillSourceFactory(dossier=answered)  # the source answered at submission
    closed = _submitted(procedure, hong_bang_ward, citizen, status=DossierStatus.RESULT_RETURNED)

    for dossier in (answered, closed):
        with pytest.raises(VerificationRefused):
            component_verify(dossier=dossier, component_id=residence.pk, by=commune_official)

    assert not AccessLog.objects.exists() and not ComponentVerification.objects.exists()


# Through the dossier's page


def test_the_official_verifies_from_the_page_and_sees_the_evidence_and_the_history_line(
    gateway_live, client, procedure, citizen, commune_official, hong_bang_ward
):
    dossier = _submitted(procedure, hong_bang_ward, citizen, prefilled=False)
    residence = _residence(procedure)
    client.force_login(commune_official, backend=LOGIN)
    page_url = reverse("workspace:dossier", args=[dossier.pk])
    page = client.get(page_url).content.decode()
    assert 'data-testid="verify-form"' in page and "Xác minh từ nguồn" in page
    assert 'name="seen_status"' in page.split('data-testid="verify-form"')[1].split("</form>")[0]
    # Not "no data was read": the page says what is awaiting verification.
    assert "không khai thác dữ liệu từ nguồn nào" not in page
    assert 'data-testid="sources-to-verify"' in page

    response = _verify_post(client, dossier, residence)

    assert response.status_code == 303
    assert response["Location"] == f"{page_url}#component-{residence.pk}"
    verification = ComponentVerification.objects.get(dossier=dossier)
    page = client.get(page_url).content.decode()
    verified = page.split('data-testid="verified"')[1].split("</div>")[0]
    assert commune_official.full_name in verified and verification.record_id in verified
    assert timezone.localtime(verification.verified_at).strftime("%d/%m/%Y %H:%M") in verified
    assert 'data-testid="verify-form"' not in page
    line = page.split('data-testid="verification-event"')[1].split("</li>")[0]
    assert "Đã xác minh “Giấy xác nhận thông tin về cư trú” từ CSDL quốc gia về dân cư" in line
    log = AccessLog.objects.get(actor=commune_official)
    assert (log.purpose_type, log.purpose_id) == ("dossier", str(dossier.pk))
    # Verified once: a second post is refused, nothing read again.
    assert _verify_post(client, dossier, residence).status_code == 409
    assert AccessLog.objects.count() == 1


def test_a_source_down_is_a_503_that_says_try_again_later(
    gateway_live, client, settings, procedure, citizen, commune_official, hong_bang_ward
):
    settings.GATEWAY_BEHAVIOUR = {**settings.GATEWAY_BEHAVIOUR, "population": (0, 1.0)}
    dossier = _submitted(procedure, hong_bang_ward, citizen)
    client.force_login(commune_official, backend=LOGIN)

    response = _verify_post(client, dossier, _residence(procedure))

    assert response.status_code == 503
    body = response.content.decode()
    assert "chưa phản hồi" in body and "Try again later" in body
    assert 'data-testid="verify-form"' in body  # still offered
    assert not ComponentVerification.objects.exists()


def test_another_units_official_gets_a_404_and_nothing_is_read(
    client, procedure, citizen, other_commune_official, hong_bang_ward
):
    dossier = _submitted(procedure, hong_bang_ward, citizen)
    client.force_login(other_commune_official, backend=LOGIN)

    assert _verify_post(client, dossier, _residence(procedure)).status_code == 404

    assert not AccessLog.objects.exists() and not ComponentVerification.objects.exists()


def test_a_component_not_awaiting_verification_or_not_of_the_procedure_is_refused(
    client, procedure, citizen, commune_official, hong_bang_ward
):
    dossier = DossierFactory(procedure=procedure, agency=hong_bang_ward, applicant=citizen,
                             status=DossierStatus.IN_PROCESSING)  # fmt: skip
    PrefillSourceFactory(dossier=dossier)
    client.force_login(commune_official, backend=LOGIN)
    url = reverse("workspace:verify", args=[dossier.pk])

    answered = client.post(url, {"component": _residence(procedure).pk})
    foreign = client.post(url, {"component": DossierComponentFactory().pk})
    malformed = client.post(url, {"component": "x"})

    assert answered.status_code == 409 and "is not awaiting verification" in (
        answered.content.decode()
    )  # fmt: skip
    assert foreign.status_code == 400 and malformed.status_code == 400
    assert not AccessLog.objects.exists() and not ComponentVerification.objects.exists()


def test_the_proposal_button_warns_while_a_required_component_awaits_verification(
    client, procedure, citizen, commune_official, ward_leader, hong_bang_ward
):
    dossier = _submitted(procedure, hong_bang_ward, citizen)
    client.force_login(commune_official, backend=LOGIN)

    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()

    warning = page.split('data-testid="approve-unverified"')[1].split("</div>")[0]
    assert "Giấy xác nhận thông tin về cư trú" in warning
    assert 'value="propose_approval"' in page  # a warning, not a block
