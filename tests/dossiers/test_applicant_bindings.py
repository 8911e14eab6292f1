"""Fields bound to the applicant's own record ("applicant:population.full_name"):
the requester's part of a form, and on the birth declaration the part of the
parent who files it, as they state it (test_birth_relationship.py: a
grandparent, a relative, a statement changed). Read under the dossier's
purpose and logged as a read of the applicant's data, locked with their
source, re-checked at submission."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from datasources.gateway.records import record
from datasources.templatetags.datasource_tags import source_name
from dossiers.attachments import attachment_add
from dossiers.eforms import FieldState, form_fields, typed_values_clean
from dossiers.models import ActingBasis, Dossier, DossierStatus
from dossiers.services import dossier_draft_start
from dossiers.workspace import refetch_comparison, source_refetch
from portal.audit.models import AccessLog
from procedures.catalog_io.importer import starter_catalog_load
from procedures.models import DossierComponent, Procedure
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    eform_field,
)

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
AN = "031090001234"  # a man: the father when he declares his child's birth
BINH = "001185004567"  # a woman: the mother when she does
KHANG = "031218000321"  # An's son
PARENT_PARTS = {"full_name": "full_name", "date_of_birth": "date_of_birth",
                "ethnicity": "ethnicity", "nationality": "nationality",
                "residence": "permanent_address", "personal_id": "personal_id"}  # fmt: skip
CHILD = {
    "relationship": "Cha", "child_full_name": "Nguyễn Minh Châu",
    "child_date_of_birth": "2024-12-01", "child_sex": "Nữ", "child_ethnicity": "Kinh",
    "child_nationality": "Việt Nam", "place_of_birth": "Bệnh viện Phụ sản Hải Phòng",
}  # fmt: skip
MOTHER = {
    "mother_full_name": "Phạm Thị Thu", "mother_date_of_birth": "1992-08-30",
    "mother_ethnicity": "Kinh", "mother_nationality": "Việt Nam",
    "mother_residence": "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng",
    "mother_personal_id": "031192004321",
}  # fmt: skip


@pytest.fixture
def birth(db) -> Procedure:
    starter_catalog_load()
    return Procedure.objects.get(code="1.001193")


def _draft(applicant, procedure, unit, relationship: str = "", **start) -> Dossier:
    """A draft started, with the relationship to the child the applicant states."""
    dossier = dossier_draft_start(applicant=applicant, procedure=procedure, agency=unit, **start)
    dossier.refresh_from_db()
    if relationship:
        dossier.form_values = {**dossier.form_values, "relationship": relationship}
        dossier.save(update_fields=["form_values"])
    return dossier


def _fields(dossier: Dossier) -> dict[str, FieldState]:
    return {field.name: field for field in form_fields(dossier=dossier)}


def _population(personal_id: str) -> dict:
    return record("population", personal_id)["data"]


def _parent_values(personal_id: str, parent: str) -> dict[str, str]:
    data = _population(personal_id)
    return {f"{parent}_{part}": data[name] for part, name in PARENT_PARTS.items()}


def _posted(client, dossier) -> dict:
    """What the form page posts: its locked values as shown (hidden inputs)."""
    page = client.get(f"/dossiers/{dossier.pk}/form/").content.decode()
    posted = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
    posted.pop("csrfmiddlewaretoken", None)
    return posted


def test_the_father_who_declares_the_birth_has_his_part_locked_from_his_own_record(
    gateway_live, citizen, birth, hong_bang_ward
):
    dossier = _draft(citizen, birth, hong_bang_ward, relationship="Cha")

    fields = _fields(dossier)
    father = _parent_values(AN, "father")
    assert father["father_personal_id"] == AN
    for name, value in father.items():
        assert fields[name].locked and fields[name].value == value, name
        provenance = fields[name].provenance
        assert (provenance.source_code, provenance.record_id) == ("population", f"DC-{AN}")
        assert provenance.fetched_at
    assert fields["requester_full_name"].locked
    assert fields["requester_full_name"].value == _population(AN)["full_name"]
    # The newborn has no record: nothing the sources hold names the mother.
    mother = [field for name, field in fields.items() if name.startswith("mother_")]
    assert len(mother) == 6 and not any(field.locked or field.binding for field in mother)
    # An is the dossier's subject: his record is read once, for both parts.
    assert set(dossier.prefill.sources.values_list("source", flat=True)) >= {"population"}
    assert not dossier.prefill.sources.filter(source__startswith="applicant:").exists()
    reads = AccessLog.objects.filter(purpose_id=str(dossier.pk), source="population")
    assert [(read.subject_personal_id, read.actor_id) for read in reads] == [(AN, citizen.pk)]
    assert {"personal_id", "sex", "date_of_birth", "full_name"} <= set(reads.get().fields)


def test_the_mother_who_declares_the_birth_has_her_part_locked_and_the_fathers_typed(
    gateway_live, birth, hong_bang_ward
):
    binh = CitizenFactory(personal_id=BINH, full_name="Trần Thị Bình")

    fields = _fields(_draft(binh, birth, hong_bang_ward, relationship="Mẹ"))

    for name, value in _parent_values(BINH, "mother").items():
        assert fields[name].locked and fields[name].value == value, name
    father = [field for name, field in fields.items() if name.startswith("father_")]
    assert len(father) == 6 and not any(field.locked or field.binding for field in father)


def test_the_preview_and_the_form_show_the_fathers_values_with_their_source(
    gateway_live, client, citizen, birth, hong_bang_ward
):
    dossier = _draft(citizen, birth, hong_bang_ward, relationship="Cha")
    client.force_login(citizen, backend=LOGIN)
    client.post(f"/dossiers/{dossier.pk}/confirm/")

    page = client.get(f"/dossiers/{dossier.pk}/form/").content.decode()

    assert 'data-field="father_full_name" data-locked="true"' in page
    shown = re.search(r'id="f-father_full_name"[^>]*>([^<]*)<', page).group(1)
    assert shown == "Nguyễn Văn An"
    provenance = re.search(r'id="p-father_full_name">([^<]*)<', page).group(1)
    assert "CSDL quốc gia về dân cư" in provenance and f"DC-{AN}" in provenance
    assert _posted(client, dossier)["father_personal_id"] == AN


def test_a_changed_value_of_the_applicants_own_record_is_refused_at_submission(
    gateway_live, client, citizen, birth, hong_bang_ward
):
    dossier = _draft(citizen, birth, hong_bang_ward, relationship="Cha")
    client.force_login(citizen, backend=LOGIN)
    client.post(f"/dossiers/{dossier.pk}/confirm/")
    certificate = DossierComponent.objects.get(procedure=birth, code="giay-chung-sinh")
    attachment_add(dossier=dossier, component=certificate, by=citizen,
                   upload=SimpleUploadedFile("giay-chung-sinh.pdf", b"%PDF-1.4\n%%EOF\n",
                                             content_type="application/pdf"))  # fmt: skip
    posted = _posted(client, dossier)
    assert posted["father_full_name"] == "Nguyễn Văn An"

    changed = client.post(
        f"/dossiers/{dossier.pk}/submit/",
        {**posted, **CHILD, **MOTHER, "father_personal_id": "031090009999"},
    )

    assert changed.status_code == 409
    page = changed.content.decode()
    assert "Không được sửa dữ liệu đã xác thực từ nguồn" in page
    assert "Data verified from a source cannot be changed" in page
    assert "Số định danh cá nhân của người cha" in page
    dossier.refresh_from_db()
    assert (dossier.status, dossier.code) == (DossierStatus.DRAFT, None)

    as_shown = client.post(f"/dossiers/{dossier.pk}/submit/", {**posted, **CHILD, **MOTHER})

    assert as_shown.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    # The father's part lives in the snapshot, with its source, not in what was typed.
    assert not {name for name in dossier.form_values if name.startswith("father_")}
    kept = dossier.prefill.sources.get(source="population").values
    assert kept["personal_id"]["value"] == AN and kept["personal_id"]["record_id"] == f"DC-{AN}"


def test_a_date_of_birth_from_the_fathers_record_bounds_the_childs(
    gateway_live, citizen, birth, hong_bang_ward
):
    dossier = _draft(citizen, birth, hong_bang_ward, relationship="Cha")
    fields = form_fields(dossier=dossier)

    errors = typed_values_clean(fields=fields, data={
        **CHILD, **MOTHER, "child_date_of_birth": "1990-03-14", "mother_date_of_birth": "",
    })[1]  # fmt: skip

    # The father's date is the record's, locked: the typed one is the one to fix.
    assert errors == {"child_date_of_birth": (
        "Ngày này phải sau “Ngày, tháng, năm sinh của người cha” (14/03/1990). "
        "This date must be after “Father's date of birth” (14/03/1990)."
    )}  # fmt: skip


@pytest.fixture
def requester_form_procedure(db) -> Procedure:
    """A residence registration whose form asks for the child's name and the
    requester's own: the subject's record and the applicant's."""
    procedure = ProcedureFactory(code="1.004222", agency_kinds=["commune_committee"], fee_vnd=0)
    fields = [
        eform_field("full_name", binding="population.full_name"),
        eform_field(
            "full_name",
            name="requester_full_name",
            label_vi="Họ tên người yêu cầu",
            binding="applicant:population.full_name",
        ),
        eform_field(
            "full_name",
            name="requester_personal_id",
            label_vi="Số định danh của người yêu cầu",
            binding="applicant:population.personal_id",
        ),
    ]
    form = FormDefinitionFactory(code="to-khai-nguoi-yeu-cau", fields=fields)
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1, form=form)
    return procedure


def test_a_parent_acting_for_a_child_has_their_own_record_read_apart_and_logged_as_theirs(
    gateway_live, client, citizen, requester_form_procedure, hong_bang_ward
):
    dossier = _draft(citizen, requester_form_procedure, hong_bang_ward,
                     subject_personal_id=KHANG, acting_basis=ActingBasis.PARENT)  # fmt: skip

    parts = {part.source: part for part in dossier.prefill.sources.all()}
    assert parts["population"].record_id == f"DC-{KHANG}"
    assert parts["applicant:population"].record_id == f"DC-{AN}"
    fields = _fields(dossier)
    assert fields["full_name"].value == _population(KHANG)["full_name"]
    assert (fields["requester_full_name"].value, fields["requester_personal_id"].value) == (
        "Nguyễn Văn An", AN,
    )  # fmt: skip
    assert fields["requester_full_name"].provenance.record_id == f"DC-{AN}"
    # The read of An's own record names him as the person whose data was read.
    own = AccessLog.objects.get(purpose_id=str(dossier.pk), subject_personal_id=AN)
    assert (own.source, own.fields, own.actor_id) == (
        "population", ["full_name", "personal_id"], citizen.pk,
    )  # fmt: skip
    assert own.purpose_label.startswith("Hồ sơ 1.004222")
    client.force_login(citizen, backend=LOGIN)
    tracker = client.get("/data/my-data-access/").content.decode()
    assert own.purpose_label in tracker
    preview = client.get(f"/dossiers/{dossier.pk}/prefill/").content.decode()
    assert 'data-testid="prefill-applicant-population"' in preview
    assert 'data-testid="prefill-population"' in preview

    client.post(f"/dossiers/{dossier.pk}/confirm/")
    posted = _posted(client, dossier)
    changed = client.post(f"/dossiers/{dossier.pk}/submit/",
                          {**posted, "requester_full_name": "Nguyễn Văn Ân"})  # fmt: skip
    assert changed.status_code == 409
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_an_official_reading_the_applicants_part_again_reads_the_applicants_record(
    gateway_live, citizen, commune_official, hong_bang_ward
):
    dossier = DossierFactory(applicant=citizen, subject_personal_id=KHANG, agency=hong_bang_ward,
                             acting_basis=ActingBasis.PARENT,
                             status=DossierStatus.IN_PROCESSING)  # fmt: skip
    PrefillSourceFactory(dossier=dossier, source="applicant:population", record_id=f"DC-{AN}",
                         found={"full_name": "Nguyễn Văn An"})  # fmt: skip

    refetch = source_refetch(dossier=dossier, source="applicant:population", by=commune_official)

    assert (refetch.current_record_id, refetch.current_values) == (
        f"DC-{AN}", {"full_name": "Nguyễn Văn An"},
    )  # fmt: skip
    read = AccessLog.objects.get(purpose_id=str(dossier.pk), actor=commune_official)
    assert (read.subject_personal_id, read.source) == (AN, "population")
    comparison = refetch_comparison(refetch=refetch)
    assert comparison.source_name == "CSDL quốc gia về dân cư" and not comparison.differences
    with translation.override("vi"):
        assert source_name("applicant:population") == (
            "CSDL quốc gia về dân cư (thông tin của chính người nộp hồ sơ)"
        )
