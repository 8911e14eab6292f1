"""Funeral-cost support concerns a person who died: the applicant names them
at start (personal ID, name as a check, what they were to the applicant), and
the death record that replaces the death certificate is read from the
civil-status register for the deceased's ID, for the dossier, logged as a read
of their data; never the applicant's own record. When the register holds no
record of them, the applicant uploads the certificate, a data gap as for any
other. Online and at the counter alike."""

from __future__ import annotations

import json

import pytest

from dossiers.concerned import (
    ConcernedPersonRefused,
    ConcernedStatement,
    dossier_draft_start_concerning,
)
from dossiers.counter import counter_intake_start
from dossiers.evidence import Action, DataState, components_status
from dossiers.models import Dossier
from portal.audit.models import AccessLog
from procedures.catalog_io.exceptions import CatalogImportRefused
from procedures.catalog_io.importer import STARTER_CATALOG, catalog_import, starter_catalog_load
from procedures.catalog_io.parsing import catalog_parse
from procedures.models import ConcernedPerson, Procedure

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
FUNERAL = "1.001731"  # Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội
AN = "031090001234"  # the applicant (the `citizen` persona)
HAI = "031052001111"  # An's father: the register holds his death (the demo's)
NO_RECORD = "031050000111"  # the register holds nothing of this person
LIVING = "031060002222"  # the register holds this person's birth, no death
WALK_IN = "031099004321"


@pytest.fixture
def funeral(db):
    starter_catalog_load()
    return Procedure.objects.get(code=FUNERAL)


def _hai(**changes) -> ConcernedStatement:
    return ConcernedStatement(**{"personal_id": HAI, "full_name": "Nguyễn Văn Hải",
                                 "relation": "child", **changes})  # fmt: skip


def _certificate(dossier):
    return next(
        s for s in components_status(dossier=dossier) if s.component.code == "giay-chung-tu"
    )


def test_the_catalog_says_funeral_support_concerns_the_deceased(funeral):
    assert funeral.concerns == ConcernedPerson.DECEASED


def test_a_catalog_naming_an_unknown_concerned_person_is_refused(db):
    document = json.loads(STARTER_CATALOG.read_text(encoding="utf-8"))
    document["procedures"] = [p for p in document["procedures"] if p["code"] == FUNERAL]
    document["procedures"][0]["concerns"] = "neighbour"

    with pytest.raises(CatalogImportRefused) as refused:
        catalog_import(document=catalog_parse(text=json.dumps(document), fmt="json"))

    assert any("neighbour" in str(problem) for problem in refused.value.problems)
    assert not Procedure.objects.exists()


def test_the_deceaseds_death_record_replaces_the_death_certificate(
    gateway_live, funeral, citizen, hong_bang_ward
):
    dossier = dossier_draft_start_concerning(applicant=citizen, procedure=funeral,
                                             agency=hong_bang_ward, statement=_hai())  # fmt: skip

    dossier = Dossier.objects.get(pk=dossier.pk)
    assert (dossier.subject_personal_id, dossier.concerned_personal_id) == (AN, HAI)
    assert (dossier.concerned_full_name, dossier.concerned_relation) == ("Nguyễn Văn Hải", "child")
    part = dossier.prefill.sources.get(source="civil_status")
    assert part.record_id == f"HT-{HAI}"
    assert part.values["death_registration"]["value"]["full_name"] == "Nguyễn Văn Hải"
    certificate = _certificate(dossier)
    assert certificate.data_state == DataState.OK and certificate.action == Action.NOTHING
    assert certificate.record_id == f"HT-{HAI}" and certificate.fetched_at is not None
    # For the dossier, read as a read of the deceased's data; the applicant's
    # own civil-status record is never read for it.
    reads = AccessLog.objects.filter(purpose_id=str(dossier.pk), source="civil_status")
    assert {(r.actor_id, r.subject_personal_id) for r in reads} == {(citizen.pk, HAI)}
    assert not AccessLog.objects.filter(source="civil_status", subject_personal_id=AN).exists()


def test_a_death_the_register_does_not_hold_is_uploaded_as_a_data_gap(
    gateway_live, funeral, citizen, hong_bang_ward
):
    dossier = dossier_draft_start_concerning(
        applicant=citizen, procedure=funeral, agency=hong_bang_ward,
        statement=_hai(personal_id=NO_RECORD, full_name="Vũ Quang Sơn", relation="spouse"),
    )  # fmt: skip

    certificate = _certificate(Dossier.objects.get(pk=dossier.pk))
    assert certificate.data_state == DataState.DATA_GAP
    assert certificate.action == Action.UPLOAD_DATA_GAP and certificate.upload_allowed


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"personal_id": "03105200111"}, "deceased_personal_id", "12 digits"),
        ({"personal_id": "03105200111x"}, "deceased_personal_id", "12 digits"),
        ({"personal_id": AN, "full_name": "Nguyễn Văn An"}, "deceased_personal_id",
         "the applicant's own"),
        ({"personal_id": LIVING, "full_name": "Nguyễn Hữu An"}, "deceased_personal_id",
         "no death is registered"),
        ({"full_name": "Nguyễn Văn Hai Ba"}, "deceased_full_name", "does not match"),
        ({"relation": "friend"}, "deceased_relation", "Choose what the deceased was"),
    ],
)  # fmt: skip
def test_a_person_who_cannot_be_the_deceased_is_refused_and_nothing_is_stored(
    gateway_live, funeral, citizen, hong_bang_ward, changes, field, words
):
    statement = _hai(**changes)
    with pytest.raises(ConcernedPersonRefused) as refused:
        dossier_draft_start_concerning(applicant=citizen, procedure=funeral,
                                       agency=hong_bang_ward, statement=statement)  # fmt: skip

    assert refused.value.field == field and words in refused.value.message
    assert not Dossier.objects.exists()


def test_the_name_is_checked_without_tone_marks_and_spaces(
    gateway_live, funeral, citizen, hong_bang_ward
):
    dossier = dossier_draft_start_concerning(
        applicant=citizen, procedure=funeral, agency=hong_bang_ward,
        statement=_hai(full_name="  nguyen van  HAI "),
    )  # fmt: skip
    assert Dossier.objects.get(pk=dossier.pk).concerned_full_name == "nguyen van HAI"


def test_funeral_support_is_not_started_without_naming_the_deceased(
    gateway_live, funeral, citizen, hong_bang_ward
):
    with pytest.raises(ConcernedPersonRefused):
        dossier_draft_start_concerning(applicant=citizen, procedure=funeral,
                                       agency=hong_bang_ward, statement=None)  # fmt: skip
    assert not Dossier.objects.exists()


# Online, over HTTP.


def _start(client, unit, **data):
    posted = {"province": "31", "agency": unit.pk, "acting_basis": "self",
              "deceased_personal_id": HAI, "deceased_full_name": "Nguyễn Văn Hải",
              "deceased_relation": "child", **data}  # fmt: skip
    return client.post(f"/dossiers/start/{FUNERAL}/", posted)


def test_the_start_page_asks_for_the_deceased(funeral, citizen, client, hong_bang_ward):
    client.force_login(citizen, backend=LOGIN)
    page = client.get(f"/dossiers/start/{FUNERAL}/?province=31").content.decode()
    assert 'data-testid="deceased-person"' in page
    for name in ("deceased_personal_id", "deceased_full_name", "deceased_relation"):
        assert f'name="{name}"' in page


def test_an_applicant_names_the_deceased_and_the_draft_reads_their_death_record(
    gateway_live, funeral, citizen, client, hong_bang_ward
):
    client.force_login(citizen, backend=LOGIN)
    response = _start(client, hong_bang_ward)

    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{dossier.pk}/prefill/")
    assert dossier.concerned_personal_id == HAI
    assert _certificate(dossier).data_state == DataState.OK


@pytest.mark.parametrize(
    ("data", "english", "vietnamese"),
    [
        ({"deceased_personal_id": "0310520011"}, "12 digits", "gồm 12 chữ số"),
        ({"deceased_personal_id": AN}, "own personal ID number", "chính người nộp hồ sơ"),
        ({"deceased_personal_id": LIVING}, "no death is registered", "chưa được đăng ký khai tử"),
        ({"deceased_full_name": "Trần Văn Hải"}, "does not match", "không khớp"),
        ({"deceased_full_name": ""}, "Enter the deceased", "Nhập họ, chữ đệm và tên"),
        ({"deceased_relation": ""}, "Choose what the deceased", "Chọn người đã mất"),
    ],
)  # fmt: skip
def test_bad_input_on_the_start_page_is_a_400_in_both_languages_and_nothing_stored(
    gateway_live, funeral, citizen, client, hong_bang_ward, data, english, vietnamese
):
    client.force_login(citizen, backend=LOGIN)
    response = _start(client, hong_bang_ward, **data)

    assert response.status_code == 400
    page = response.content.decode()
    assert english in page and vietnamese in page
    assert not Dossier.objects.exists()


def test_a_malformed_id_is_said_as_such_even_with_a_draft_open(
    gateway_live, funeral, citizen, client, hong_bang_ward
):
    client.force_login(citizen, backend=LOGIN)
    _start(client, hong_bang_ward)

    response = _start(client, hong_bang_ward, deceased_personal_id="12345")

    assert response.status_code == 400
    page = response.content.decode()
    assert "12 digits" in page and 'data-testid="existing-draft"' not in page
    assert Dossier.objects.count() == 1


def test_the_open_draft_is_offered_again_only_for_the_same_deceased(
    gateway_live, funeral, citizen, client, hong_bang_ward
):
    client.force_login(citizen, backend=LOGIN)
    _start(client, hong_bang_ward)

    again = _start(client, hong_bang_ward)
    assert again.status_code == 200
    page = again.content.decode()
    assert 'data-testid="existing-draft"' in page
    assert "naming the same deceased person" in page or "cùng người đã mất" in page
    assert "cho người này" not in page

    other = _start(client, hong_bang_ward, deceased_personal_id=NO_RECORD,
                   deceased_full_name="Nguyễn Thị Lan")  # fmt: skip
    assert other.status_code == 302
    assert sorted(Dossier.objects.values_list("concerned_personal_id", flat=True)) == sorted(
        [HAI, NO_RECORD]
    )


# At the counter.


def test_the_desk_names_the_deceased_and_the_official_reads_their_record(
    gateway_live, funeral, commune_official, hong_bang_ward
):
    dossier = counter_intake_start(official=commune_official, personal_id=WALK_IN,
                                   procedure=funeral, consent=True, deceased=_hai())  # fmt: skip

    dossier = Dossier.objects.get(pk=dossier.pk)
    assert (dossier.applicant.personal_id, dossier.concerned_personal_id) == (WALK_IN, HAI)
    assert _certificate(dossier).data_state == DataState.OK
    reads = AccessLog.objects.filter(purpose_id=str(dossier.pk), source="civil_status")
    assert {(r.actor_id, r.subject_personal_id) for r in reads} == {(commune_official.pk, HAI)}


def _intake(client, funeral, **data):
    posted = {"personal_id": WALK_IN, "procedure": funeral.pk, "consent": "on",
              "deceased_personal_id": HAI, "deceased_full_name": "Nguyễn Văn Hải",
              "deceased_relation": "child", **data}  # fmt: skip
    return client.post("/workspace/counter/", posted)


def test_the_counter_page_asks_for_the_deceased_and_starts_the_dossier(
    gateway_live, funeral, commune_official, client
):
    client.force_login(commune_official, backend=LOGIN)
    page = client.get("/workspace/counter/").content.decode()
    assert 'name="deceased_personal_id"' in page and 'name="deceased_relation"' in page

    response = _intake(client, funeral)

    dossier = Dossier.objects.get()
    assert response.status_code == 302 and dossier.concerned_personal_id == HAI


@pytest.mark.parametrize(
    ("data", "english", "vietnamese"),
    [
        ({"deceased_personal_id": ""}, "Enter the deceased", "Nhập số định danh"),
        ({"deceased_personal_id": WALK_IN}, "own personal ID number", "chính người nộp hồ sơ"),
        ({"deceased_personal_id": LIVING}, "no death is registered", "chưa được đăng ký khai tử"),
    ],
)  # fmt: skip
def test_bad_input_at_the_counter_is_a_400_in_both_languages_and_nothing_stored(
    gateway_live, funeral, commune_official, client, data, english, vietnamese
):
    client.force_login(commune_official, backend=LOGIN)
    response = _intake(client, funeral, **data)

    assert response.status_code == 400
    page = response.content.decode()
    assert english in page and vietnamese in page
    assert not Dossier.objects.exists()
