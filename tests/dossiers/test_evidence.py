"""How each component is satisfied: by data (with its record and fetch time),
by an upload, or by an upload because the source holds nothing for the
person (a data gap, not a re-request); and what submission requires."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dossiers.attachments import attachment_add
from dossiers.evidence import (
    Action,
    DataState,
    component_evidence_record,
    components_status,
    missing_uploads,
)
from dossiers.exceptions import DossierError
from dossiers.models import ComponentEvidence, ComponentEvidenceKind, DossierStatus, PrefillStatus
from dossiers.services import dossier_submit
from portal.audit.models import ComplianceEvent, ComplianceEventKind
from procedures.models import ComponentRequirement
from tests.dossiers.factories import DossierFactory, PrefillSnapshotFactory, PrefillSourceFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.004222", name="Đăng ký thường trú")


@pytest.fixture
def residence(procedure):
    """Giấy xác nhận cư trú, replaced by the population database's address."""
    component = DossierComponentFactory(
        procedure=procedure, code="xac-nhan-cu-tru", position=2,
        name="Giấy xác nhận thông tin về cư trú",
    )  # fmt: skip
    ElectronicReplacementFactory(component=component, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    return component


@pytest.fixture
def lease(procedure):
    """A paper no database holds."""
    return DossierComponentFactory(
        procedure=procedure, code="hop-dong-thue-nha", position=3,
        name="Hợp đồng thuê nhà có công chứng",
    )  # fmt: skip


@pytest.fixture
def dossier(citizen, hong_bang_ward, procedure):
    return DossierFactory(applicant=citizen, agency=hong_bang_ward, procedure=procedure)


def _status(dossier, component):
    return next(s for s in components_status(dossier=dossier) if s.component == component)


def _upload(dossier, component, name="giay-to.pdf"):
    upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    return attachment_add(dossier=dossier, component=component, upload=upload,
                          by=dossier.applicant)  # fmt: skip


def test_a_component_the_source_answered_for_needs_nothing_and_shows_its_provenance(
    dossier, residence
):
    part = PrefillSourceFactory(dossier=dossier)

    status = _status(dossier, residence)

    assert status.replaced and status.data_state == DataState.OK
    assert status.action == Action.NOTHING and status.satisfied and not status.missing
    assert not status.upload_allowed
    assert status.source_name == "CSDL quốc gia về dân cư"
    assert status.record_id == f"DC-{dossier.subject_personal_id}"
    assert status.fetched_at == part.fetched_at
    assert missing_uploads(dossier=dossier) == []


def test_the_documents_page_names_the_source_in_the_page_language(client, citizen, dossier,
                                                                  residence):  # fmt: skip
    PrefillSourceFactory(dossier=dossier)
    client.force_login(citizen, backend=LOGIN)
    url = reverse("dossiers:documents", args=[dossier.pk])

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    vietnamese = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert "National Population Database" in english and "CSDL quốc gia về dân cư" not in english
    assert "CSDL quốc gia về dân cư" in vietnamese


def test_a_source_without_a_record_for_the_person_is_a_data_gap_to_upload(dossier, residence):
    PrefillSourceFactory(dossier=dossier, status=PrefillStatus.NOT_FOUND, found={})

    status = _status(dossier, residence)

    assert status.data_gap and status.action == Action.UPLOAD_DATA_GAP
    assert status.upload_allowed and status.missing
    assert missing_uploads(dossier=dossier) == [residence]


def test_a_source_that_answered_without_the_replacing_values_is_a_data_gap_too(dossier, residence):
    PrefillSourceFactory(dossier=dossier, found={"permanent_address": ""})

    assert _status(dossier, residence).data_gap


@pytest.mark.parametrize("source_status", [PrefillStatus.UNAVAILABLE, PrefillStatus.PENDING])
def test_a_source_not_heard_from_is_left_to_the_official_not_asked_of_the_applicant(
    dossier, residence, source_status
):
    PrefillSourceFactory(dossier=dossier, status=source_status, found={},
                         fields=["permanent_address"])  # fmt: skip

    status = _status(dossier, residence)

    assert status.to_verify and status.action == Action.NOTHING
    assert not status.satisfied and not status.missing and not status.upload_allowed
    assert missing_uploads(dossier=dossier) == []


def test_a_replacement_the_prefill_never_read_is_left_to_the_official(dossier, residence):
    PrefillSnapshotFactory(dossier=dossier)

    assert _status(dossier, residence).to_verify


def test_a_replacement_not_yet_in_force_leaves_the_component_to_upload(dossier, procedure):
    component = DossierComponentFactory(procedure=procedure, name="Giấy chứng nhận kết hôn")
    ElectronicReplacementFactory(
        component=component, document_type="marriage_certificate",
        fields=["marriage_registration"],
        effective_date=timezone.localdate() + datetime.timedelta(days=30),
    )  # fmt: skip

    status = _status(dossier, component)

    assert not status.replaced and status.action == Action.UPLOAD


def test_one_replacement_with_data_satisfies_a_component_another_source_lacks(dossier, procedure):
    component = DossierComponentFactory(procedure=procedure, name="Giấy tờ chứng minh nhân thân")
    ElectronicReplacementFactory(component=component, document_type="citizen_id_card",
                                 fields=["citizen_id_card"])  # fmt: skip
    ElectronicReplacementFactory(component=component, document_type="identity_information",
                                 fields=["full_name"])  # fmt: skip
    PrefillSourceFactory(dossier=dossier, source="vneid_documents",
                         status=PrefillStatus.NOT_FOUND, found={})  # fmt: skip
    PrefillSourceFactory(dossier=dossier, found={"full_name": "Nguyễn Văn An"})

    status = _status(dossier, component)

    assert status.data_state == DataState.OK and status.source_code == "population"


def test_components_keep_the_catalog_order_and_say_what_to_do(dossier, procedure, residence,
                                                               lease):  # fmt: skip
    form = FormDefinitionFactory(code="to-khai-cu-tru")
    declaration = DossierComponentFactory(procedure=procedure, code="to-khai", position=1,
                                          name="Tờ khai", form=form)  # fmt: skip
    conditional = DossierComponentFactory(
        procedure=procedure, code="uy-quyen", position=4, name="Văn bản ủy quyền",
        requirement=ComponentRequirement.CONDITIONAL, condition="Khi nộp thay người khác",
    )  # fmt: skip
    dossier.form = form
    dossier.save(update_fields=["form"])
    PrefillSourceFactory(dossier=dossier)

    statuses = components_status(dossier=dossier)

    assert [s.component for s in statuses] == [declaration, residence, lease, conditional]
    assert [s.action for s in statuses] == [
        Action.NOTHING, Action.NOTHING, Action.UPLOAD, Action.OPTIONAL,
    ]  # fmt: skip
    assert statuses[0].e_form and statuses[0].satisfied and not statuses[0].upload_allowed
    assert missing_uploads(dossier=dossier) == [lease]


def test_components_status_reads_a_bounded_number_of_queries(
    dossier, procedure, django_assert_max_num_queries
):
    for position in range(12):
        component = DossierComponentFactory(procedure=procedure, position=position)
        if position % 2:
            ElectronicReplacementFactory(component=component)
        else:
            _upload(dossier, component)
    PrefillSourceFactory(dossier=dossier)

    with django_assert_max_num_queries(6):
        statuses = components_status(dossier=dossier)
    # The procedure's components are kept in memory while it is unchanged.
    with django_assert_max_num_queries(4):
        assert components_status(dossier=dossier) == statuses

    assert len(statuses) == 12 and not any(status.missing for status in statuses)


def test_uploads_are_open_only_before_submission_and_on_a_supplement_request(dossier, lease):
    assert _status(dossier, lease).upload_allowed and _status(dossier, lease).remove_allowed

    dossier.status = DossierStatus.SUPPLEMENT_REQUESTED
    assert _status(dossier, lease).upload_allowed and not _status(dossier, lease).remove_allowed

    dossier.status = DossierStatus.IN_PROCESSING
    assert not _status(dossier, lease).upload_allowed


def test_evidence_records_data_with_its_source_record_and_fetch_time(dossier, residence, lease):
    part = PrefillSourceFactory(dossier=dossier)
    _upload(dossier, lease)

    component_evidence_record(dossier=dossier)

    data = ComponentEvidence.objects.get(dossier=dossier, component=residence)
    assert data.kind == ComponentEvidenceKind.DATA
    assert (data.source, data.record_id) == ("population", part.record_id)
    assert data.fetched_at == part.fetched_at
    assert ComponentEvidence.objects.get(dossier=dossier, component=lease).kind == "upload"


def test_a_data_gap_upload_is_recorded_as_a_data_gap_once(dossier, residence):
    part = PrefillSourceFactory(dossier=dossier, status=PrefillStatus.NOT_FOUND, found={})
    _upload(dossier, residence, name="xac-nhan-cu-tru.pdf")

    component_evidence_record(dossier=dossier)
    first = ComponentEvidence.objects.get(dossier=dossier, component=residence)
    component_evidence_record(dossier=dossier)

    evidence = ComponentEvidence.objects.get(dossier=dossier, component=residence)
    assert evidence.kind == ComponentEvidenceKind.DATA_GAP
    assert evidence.source == "population" and evidence.fetched_at == part.fetched_at
    assert evidence.recorded_at == first.recorded_at  # a repeated call changed nothing
    events = ComplianceEvent.objects.filter(kind=ComplianceEventKind.DATA_GAP_RECORDED)
    assert events.count() == 1
    assert events.get().agency_id == dossier.agency_id
    assert events.get().detail["component"] == residence.pk


def test_a_source_not_heard_from_is_recorded_as_data_to_verify(dossier, residence):
    PrefillSourceFactory(dossier=dossier, status=PrefillStatus.UNAVAILABLE, found={},
                         fields=["permanent_address"])  # fmt: skip

    component_evidence_record(dossier=dossier)

    evidence = ComponentEvidence.objects.get(dossier=dossier, component=residence)
    assert evidence.kind == ComponentEvidenceKind.DATA
    assert evidence.record_id == "" and evidence.fetched_at is None
    assert "verif" in evidence.note


def test_a_conditional_component_left_out_is_recorded_as_not_applicable(dossier, procedure):
    conditional = DossierComponentFactory(
        procedure=procedure, requirement=ComponentRequirement.CONDITIONAL,
        condition="Khi nộp thay người khác",
    )  # fmt: skip

    component_evidence_record(dossier=dossier)

    evidence = ComponentEvidence.objects.get(dossier=dossier, component=conditional)
    assert evidence.kind == ComponentEvidenceKind.NOT_APPLICABLE
    assert evidence.note == "Khi nộp thay người khác"


def test_evidence_follows_a_file_removed_and_a_source_that_answered_later(dossier, residence):
    part = PrefillSourceFactory(dossier=dossier, status=PrefillStatus.UNAVAILABLE, found={},
                                fields=["permanent_address"])  # fmt: skip
    component_evidence_record(dossier=dossier)
    part.status = PrefillStatus.OK
    part.record_id = "DC-1"
    part.values = {"permanent_address": {"value": "Hải Phòng", "record_id": "DC-1",
                                         "fetched_at": timezone.now().isoformat()}}  # fmt: skip
    part.save()

    component_evidence_record(dossier=dossier)

    evidence = ComponentEvidence.objects.get(dossier=dossier, component=residence)
    assert evidence.record_id == "DC-1" and evidence.note == "Giấy xác nhận thông tin về cư trú"
    assert ComponentEvidence.objects.filter(dossier=dossier).count() == 1


def test_submission_is_refused_while_a_required_upload_is_missing(dossier, residence, lease):
    PrefillSourceFactory(dossier=dossier, status=PrefillStatus.NOT_FOUND, found={})
    dossier.preview_confirmed_at = timezone.now()
    dossier.save(update_fields=["preview_confirmed_at"])

    with pytest.raises(DossierError) as refused:
        dossier_submit(dossier=dossier, by=dossier.applicant, values={})

    assert residence.name in refused.value.message and lease.name in refused.value.message
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT
    assert not ComponentEvidence.objects.filter(dossier=dossier).exists()

    _upload(dossier, residence)
    _upload(dossier, lease)
    dossier = dossier_submit(dossier=dossier, by=dossier.applicant, values={})

    assert dossier.status == DossierStatus.SUBMITTED
    kinds = dict(ComponentEvidence.objects.filter(dossier=dossier)
                 .values_list("component__code", "kind"))  # fmt: skip
    assert kinds == {"xac-nhan-cu-tru": "data_gap", "hop-dong-thue-nha": "upload"}
