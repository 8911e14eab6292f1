"""The data gap at the counter: when a source holds nothing or wrong data for a
walk-in citizen, the official records it with the evidence, which opens the
correction request to the database owner at once and is counted apart; only
then is the paper seen at the desk. Nothing else that data replaces is asked."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from datasources.models import CorrectionRequest, CorrectionStatus
from dossiers.counter import GAP_RECORDED_NOTE, CounterRefused, counter_submit
from dossiers.counter_gaps import counter_data_gap_record
from dossiers.models import (
    Channel,
    ComponentEvidence,
    ComponentEvidenceKind,
    DataGap,
    DossierStatus,
    PrefillStatus,
)
from portal.audit.models import ComplianceEvent, ComplianceEventKind
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    eform_fields,
)

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
EVIDENCE = "CSDL dân cư không trả về nơi thường trú; công dân xuất trình giấy xác nhận cư trú."


@pytest.fixture
def procedure(db, data_owner):
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"], fee_vnd=0)  # fmt: skip
    form = FormDefinitionFactory(code="to-khai-cu-tru", fields=eform_fields("phone"))
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1, name="Tờ khai",
                            form=form)  # fmt: skip
    residence = DossierComponentFactory(procedure=procedure, code="xac-nhan-cu-tru", position=2,
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    ElectronicReplacementFactory(component=residence, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    DossierComponentFactory(procedure=procedure, code="hop-dong", position=3,
                            requirement="conditional", condition="Ở nhờ",
                            name="Hợp đồng cho ở nhờ")  # fmt: skip
    return procedure


def _counter_draft(procedure, citizen, official, status=PrefillStatus.NOT_FOUND, **changes):
    values = {"procedure": procedure, "form": procedure.components.get(code="to-khai").form,
              "agency": official.agency, "applicant": citizen, "channel": Channel.COUNTER,
              "counter_consent_at": timezone.now(), "assigned_to": official}  # fmt: skip
    dossier = DossierFactory(**{**values, **changes})
    PrefillSourceFactory(dossier=dossier, source="population", status=status,
                         fields=["permanent_address"])  # fmt: skip
    return dossier


def _residence(procedure):
    return procedure.components.get(code="xac-nhan-cu-tru")


def test_a_gap_at_the_desk_opens_the_correction_and_is_counted_apart(
    gateway_live, procedure, citizen, commune_official
):
    dossier = _counter_draft(procedure, citizen, commune_official)

    gap = counter_data_gap_record(dossier=dossier, component=_residence(procedure),
                                  by=commune_official, evidence=EVIDENCE)  # fmt: skip

    assert (gap.source, gap.evidence, gap.recorded_by) == ("population", EVIDENCE, commune_official)
    request = gap.correction_request
    assert (request.subject_personal_id, request.source, request.field, request.status) == (
        citizen.personal_id, "population", "permanent_address", CorrectionStatus.OPEN,
    )  # fmt: skip
    event = ComplianceEvent.objects.get(kind=ComplianceEventKind.DATA_GAP_RECORDED)
    assert event.detail["channel"] == "counter" and event.detail["recorded_by"] == "official"
    assert event.agency_id == commune_official.agency_id
    assert not ComplianceEvent.objects.filter(kind=ComplianceEventKind.REPROVIDE_REFUSED).exists()
    # Recorded once: the same gap again changes nothing.
    again = counter_data_gap_record(dossier=dossier, component=_residence(procedure),
                                    by=commune_official, evidence="lần nữa")  # fmt: skip
    assert again == gap and CorrectionRequest.objects.count() == 1


def test_wrong_data_the_source_returned_is_a_gap_too(
    gateway_live, procedure, citizen, commune_official
):
    dossier = _counter_draft(procedure, citizen, commune_official, status=PrefillStatus.OK)

    counter_data_gap_record(dossier=dossier, component=_residence(procedure),
                            by=commune_official, evidence="Địa chỉ cũ, đã chuyển đi.")  # fmt: skip

    assert DataGap.objects.filter(dossier=dossier).exists()
    assert CorrectionRequest.objects.get().recorded_value  # the value the source holds


@pytest.mark.parametrize("case", ["no_evidence", "not_replaced", "not_answered", "online",
                                  "other_unit"])  # fmt: skip
def test_a_gap_not_lawful_at_the_desk_is_refused_and_nothing_recorded(
    procedure, citizen, commune_official, other_commune_official, case
):
    status = PrefillStatus.UNAVAILABLE if case == "not_answered" else PrefillStatus.NOT_FOUND
    changes = {"channel": Channel.ONLINE} if case == "online" else {}
    dossier = _counter_draft(procedure, citizen, commune_official, status=status, **changes)
    component = procedure.components.get(code="hop-dong") if case == "not_replaced" else (
        _residence(procedure))  # fmt: skip
    by = other_commune_official if case == "other_unit" else commune_official

    with pytest.raises(CounterRefused) as refused:
        counter_data_gap_record(dossier=dossier, component=component, by=by,
                                evidence="" if case == "no_evidence" else EVIDENCE)  # fmt: skip

    assert ". " in refused.value.message  # "Vietnamese. English."
    assert not DataGap.objects.exists() and not CorrectionRequest.objects.exists()
    assert not ComplianceEvent.objects.filter(kind=ComplianceEventKind.DATA_GAP_RECORDED).exists()


def test_the_paper_is_seen_only_once_the_gap_is_recorded(
    gateway_live, procedure, citizen, commune_official
):
    dossier = _counter_draft(procedure, citizen, commune_official)
    with pytest.raises(CounterRefused) as refused:
        counter_submit(dossier=dossier, by=commune_official, values={"phone": "0912345678"})
    assert "Giấy xác nhận thông tin về cư trú" in refused.value.message
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT

    counter_data_gap_record(dossier=dossier, component=_residence(procedure), by=commune_official,
                            evidence=EVIDENCE)  # fmt: skip
    dossier = counter_submit(dossier=dossier, by=commune_official, values={"phone": "0912345678"})

    assert dossier.status == DossierStatus.RECEIVED  # submitted and received at the desk
    evidence = ComponentEvidence.objects.get(dossier=dossier, component=_residence(procedure))
    assert evidence.kind == ComponentEvidenceKind.DATA_GAP and GAP_RECORDED_NOTE in evidence.note
    # Counted once, when recorded: the submission adds no second count.
    assert ComplianceEvent.objects.filter(kind=ComplianceEventKind.DATA_GAP_RECORDED).count() == 1


def test_the_desk_records_a_gap_through_the_draft_page(
    gateway_live, client, procedure, citizen, commune_official, other_commune_official
):
    dossier = _counter_draft(procedure, citizen, commune_official)
    page_url = reverse("workspace:counter-dossier", args=[dossier.pk])
    gap_url = reverse("workspace:counter-data-gap", args=[dossier.pk])
    residence = _residence(procedure)
    client.force_login(other_commune_official, backend=LOGIN)
    assert (
        client.post(gap_url, {"component": residence.pk, "evidence": EVIDENCE}).status_code == 404
    )

    client.force_login(commune_official, backend=LOGIN)
    page = client.get(page_url).content.decode()
    assert 'data-testid="counter-data-gaps"' in page and f'data-component="{residence.pk}"' in page
    # The form asks nothing of the component no data replaces.
    hop_dong = procedure.components.get(code="hop-dong")
    assert f'data-component="{hop_dong.pk}"' not in page

    empty = client.post(gap_url, {"component": residence.pk, "evidence": " "})
    foreign = client.post(gap_url, {"component": "x", "evidence": EVIDENCE})
    assert empty.status_code == 400 and foreign.status_code == 400
    assert not DataGap.objects.exists()

    response = client.post(gap_url, {"component": residence.pk, "evidence": EVIDENCE})

    assert response.status_code == 302 and response["Location"] == page_url
    assert DataGap.objects.get().correction_request is not None
    page = client.get(page_url).content.decode()
    assert 'data-testid="gap-recorded"' in page
    assert f'data-component="{residence.pk}"' not in page


def test_the_desk_evidence_states_its_limit_and_a_longer_one_is_refused_not_cut(
    gateway_live, client, procedure, citizen, commune_official
):
    dossier = _counter_draft(procedure, citizen, commune_official)
    residence = _residence(procedure)
    client.force_login(commune_official, backend=LOGIN)
    page = client.get(reverse("workspace:counter-dossier", args=[dossier.pk])).content.decode()
    assert 'name="evidence" rows="2" maxlength="2000" required' in page
    assert "Tối đa 2000 ký tự." in page

    response = client.post(reverse("workspace:counter-data-gap", args=[dossier.pk]),
                           {"component": residence.pk, "evidence": "x" * 2001})  # fmt: skip

    assert response.status_code == 400
    body = response.content.decode()
    assert "Bằng chứng dài quá 2000 ký tự" in body and "longer than 2000 characters" in body
    assert not DataGap.objects.exists() and not CorrectionRequest.objects.exists()
    # What the official typed is there again, to be shortened rather than typed anew.
    assert f'<textarea class="form-control" id="gap-{residence.pk}"' in body
    assert "x" * 2001 + "</textarea>" in body
