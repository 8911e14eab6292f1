"""Who declares a birth decides which parent part their own record fills. The
parents may declare it, and so may a grandparent, another relative or whoever
cares for the child (Law on Civil Status 2014, art. 15): the father's part is
the applicant's record when he states he is the father, the mother's when she
states she is the mother, and neither for a grandparent or another relative,
whose own details stay in the requester's part. A statement the record
contradicts is refused; a statement changed after the page was drawn has the
parts drawn again, never keeping the applicant's own values in a part that is
no longer theirs."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from datasources.gateway.records import record
from dossiers.attachments import attachment_add
from dossiers.eforms import FieldState, form_fields, typed_values_clean
from dossiers.models import Dossier, DossierStatus
from dossiers.services import dossier_draft_start, dossier_form_keep, dossier_preview_confirm
from procedures.catalog_io.importer import starter_catalog_load
from procedures.models import DossierComponent, Procedure
from tests.accounts.factories import CitizenFactory

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
AN = "031090001234"  # a man, born 1990
BINH = "001185004567"  # a woman
ONG = "031055000123"  # a man born 1955: the newborn's grandfather
PARTS = ("full_name", "date_of_birth", "ethnicity", "nationality", "residence", "personal_id")
CHILD = {
    "child_full_name": "Nguyễn Minh Châu", "child_date_of_birth": "2024-12-01",
    "child_sex": "Nữ", "child_ethnicity": "Kinh", "child_nationality": "Việt Nam",
    "place_of_birth": "Bệnh viện Phụ sản Hải Phòng",
}  # fmt: skip
MOTHER = {
    "mother_full_name": "Phạm Thị Thu", "mother_date_of_birth": "1992-08-30",
    "mother_ethnicity": "Kinh", "mother_nationality": "Việt Nam",
    "mother_residence": "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng",
    "mother_personal_id": "031192004321",
}  # fmt: skip
FATHER = {
    "father_full_name": "Nguyễn Văn Minh", "father_date_of_birth": "1991-02-11",
    "father_ethnicity": "Kinh", "father_nationality": "Việt Nam",
    "father_residence": "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng",
    "father_personal_id": "031091004567",
}  # fmt: skip
WOMAN_AS_FATHER = (
    "Theo CSDL quốc gia về dân cư, giới tính của bạn là “Nữ”: không thể chọn “Cha”. "
    "According to the National Population Database, your sex is “Female”: you cannot "
    "choose “Cha”."
)
RELOCKED = (
    "Lựa chọn này thay đổi phần được điền từ dữ liệu của chính bạn: hãy kiểm tra các trường "
    "bên dưới rồi nộp lại. This choice changes which parts are filled from your own record: "
    "check the fields below, then submit again."
)


@pytest.fixture
def birth(db) -> Procedure:
    starter_catalog_load()
    return Procedure.objects.get(code="1.001193")


def _person(personal_id: str):
    data = record("population", personal_id)["data"]
    return CitizenFactory(personal_id=personal_id, full_name=data["full_name"])


def _draft(applicant, birth, unit, relationship: str = "") -> Dossier:
    """A draft read from the applicant's record, its data confirmed, the
    relationship to the child stated (kept), the birth certificate uploaded."""
    dossier = dossier_draft_start(applicant=applicant, procedure=birth, agency=unit)
    dossier.refresh_from_db()
    dossier_preview_confirm(dossier=dossier, by=applicant)
    if relationship:
        dossier.form_values = {"relationship": relationship}
        dossier.save(update_fields=["form_values"])
    certificate = DossierComponent.objects.get(procedure=birth, code="giay-chung-sinh")
    attachment_add(dossier=dossier, component=certificate, by=applicant,
                   upload=SimpleUploadedFile("giay-chung-sinh.pdf", b"%PDF-1.4\n%%EOF\n",
                                             content_type="application/pdf"))  # fmt: skip
    return dossier


def _fields(dossier: Dossier, **stated) -> dict[str, FieldState]:
    fields = form_fields(dossier=Dossier.objects.get(pk=dossier.pk), stated=stated or None)
    return {field.name: field for field in fields}


def _locked_parents(fields: dict[str, FieldState]) -> set[str]:
    return {parent for parent in ("father", "mother")
            if all(fields[f"{parent}_{part}"].locked for part in PARTS)}  # fmt: skip


def _page(client, dossier: Dossier) -> str:
    return client.get(f"/dossiers/{dossier.pk}/form/").content.decode()


def _hidden(page: str) -> dict[str, str]:
    """What the form page posts as it is: its hidden inputs (locked values)."""
    posted = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
    posted.pop("csrfmiddlewaretoken", None)
    return {name: html.unescape(value) for name, value in posted.items()}


def _shown_error(page: str, name: str) -> str:
    found = re.search(rf'id="e-{name}">(.*?)</div>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


def _typed_value(page: str, name: str) -> str | None:
    """The value a typed input shows; None when the field is not typed."""
    found = re.search(rf'<input[^>]*id="f-{name}"[^>]*>', page)
    if not found:
        return None
    value = re.search(r'value="([^"]*)"', found.group(0))
    return html.unescape(value.group(1)) if value else ""


# The service: which parts are locked, as stated.


def test_the_stated_relationship_not_the_applicants_sex_decides_the_parent_part(
    gateway_live, citizen, birth, hong_bang_ward
):
    dossier = _draft(citizen, birth, hong_bang_ward)

    assert _locked_parents(_fields(dossier)) == set()  # nothing stated yet
    assert _locked_parents(_fields(dossier, relationship="Cha")) == {"father"}
    for other in ("Ông", "Bà", "Người thân thích khác"):
        fields = _fields(dossier, relationship=other)
        assert _locked_parents(fields) == set(), other
        assert fields["requester_full_name"].locked  # his own details: the requester's


def test_a_grandfather_declaring_has_his_details_as_the_requesters_and_both_parents_typed(
    gateway_live, birth, hong_bang_ward
):
    ong = _person(ONG)
    dossier = _draft(ong, birth, hong_bang_ward, relationship="Ông")

    fields = _fields(dossier)
    assert fields["requester_full_name"].locked
    assert fields["requester_full_name"].value == ong.full_name
    for parent in ("father", "mother"):
        for part in PARTS:
            field = fields[f"{parent}_{part}"]
            assert not field.locked and field.binding is None and field.value is None
    data = {"relationship": "Ông", **CHILD, **MOTHER, **FATHER}
    cleaned, errors = typed_values_clean(fields=list(fields.values()), data=data)
    assert errors == {}
    assert {name: cleaned[name] for name in FATHER} == FATHER


def test_the_mother_stating_she_is_the_mother_has_her_part_locked(
    gateway_live, birth, hong_bang_ward
):
    binh = _person(BINH)
    dossier = _draft(binh, birth, hong_bang_ward, relationship="Mẹ")

    fields = _fields(dossier)
    assert _locked_parents(fields) == {"mother"}
    assert fields["mother_personal_id"].value == BINH
    assert _locked_parents(_fields(dossier, relationship="Bà")) == set()


def test_a_woman_stating_she_is_the_father_is_refused_on_the_relationship(
    gateway_live, birth, hong_bang_ward
):
    binh = _person(BINH)
    dossier = _draft(binh, birth, hong_bang_ward, relationship="Mẹ")
    data = {"relationship": "Cha", **CHILD, **FATHER}

    fields = list(_fields(dossier, relationship="Cha").values())
    errors = typed_values_clean(fields=fields, data=data)[1]

    assert errors["relationship"] == WOMAN_AS_FATHER
    # Her record is not the father's part, nor the mother's any more: both typed.
    assert _locked_parents({field.name: field for field in fields}) == set()
    # Kept as she types: refused, not kept; the statement kept stays hers.
    refused = dossier_form_keep(dossier=dossier, by=binh, values=data)
    assert refused["relationship"] == WOMAN_AS_FATHER
    assert Dossier.objects.get(pk=dossier.pk).form_values["relationship"] == "Mẹ"


def test_a_man_stating_he_is_the_mother_is_refused_too(gateway_live, citizen, birth,
                                                        hong_bang_ward):  # fmt: skip
    dossier = _draft(citizen, birth, hong_bang_ward)

    fields = list(_fields(dossier, relationship="Mẹ").values())
    errors = typed_values_clean(fields=fields, data={"relationship": "Mẹ", **CHILD, **MOTHER})[1]

    assert errors["relationship"] == (
        "Theo CSDL quốc gia về dân cư, giới tính của bạn là “Nam”: không thể chọn “Mẹ”. "
        "According to the National Population Database, your sex is “Male”: you cannot "
        "choose “Mẹ”."
    )


def test_a_relationship_changed_after_prefill_keeps_none_of_the_applicants_values(
    gateway_live, citizen, birth, hong_bang_ward
):
    dossier = _draft(citizen, birth, hong_bang_ward, relationship="Cha")
    fields = _fields(dossier)
    shown = ",".join(name for name, field in fields.items() if field.locked)
    as_shown = {name: field.posted_value for name, field in fields.items() if field.locked}
    assert as_shown["father_full_name"] == "Nguyễn Văn An"

    # The page drawn as the father's posts his values; he now states he is the grandfather.
    page_values = {**as_shown, "shown_locked": shown, "relationship": "Ông"}
    dossier_form_keep(dossier=dossier, by=citizen, values=page_values)

    dossier.refresh_from_db()
    assert dossier.form_values["relationship"] == "Ông"
    assert not any(dossier.form_values.get(name) for name in dossier.form_values
                   if name.startswith("father_"))  # fmt: skip
    fields = _fields(dossier)
    assert _locked_parents(fields) == set()
    assert fields["father_full_name"].value is None

    # Typed as the grandfather, then stated as the father again: what was typed
    # for his own part is not kept, his record fills it.
    dossier_form_keep(dossier=dossier, by=citizen, values={"relationship": "Ông", **FATHER})
    assert Dossier.objects.get(pk=dossier.pk).form_values["father_full_name"] == "Nguyễn Văn Minh"
    dossier_form_keep(dossier=dossier, by=citizen, values={
        "relationship": "Cha", **FATHER, "shown_locked": "requester_full_name,requester_address",
    })  # fmt: skip
    dossier.refresh_from_db()
    assert not {name for name in dossier.form_values if name.startswith("father_")}
    assert _fields(dossier)["father_full_name"].value == "Nguyễn Văn An"


def test_a_parent_born_after_the_child_is_refused_on_a_grandfathers_typed_parents(
    gateway_live, birth, hong_bang_ward
):
    dossier = _draft(_person(ONG), birth, hong_bang_ward, relationship="Ông")
    data = {"relationship": "Ông", **CHILD, **MOTHER, **FATHER,
            "father_date_of_birth": "2025-01-01", "mother_date_of_birth": "2024-12-01"}  # fmt: skip

    errors = typed_values_clean(fields=list(_fields(dossier).values()), data=data)[1]

    assert errors == {
        f"{parent}_date_of_birth": (
            "Ngày này phải trước “Ngày, tháng, năm sinh của người được khai sinh” (01/12/2024). "
            "This date must be before “Child's date of birth” (01/12/2024)."
        )
        for parent in ("father", "mother")
    }


# The pages: the form and the submission.


@pytest.mark.parametrize(
    ("personal_id", "relationship", "locked", "typed"),
    [(AN, "Cha", "father", MOTHER), (BINH, "Mẹ", "mother", FATHER),
     (ONG, "Ông", None, {**MOTHER, **FATHER})],
    ids=["father", "mother", "grandfather"],
)  # fmt: skip
def test_the_form_shows_the_stated_parents_part_locked_and_the_submission_keeps_it_so(
    gateway_live, client, birth, hong_bang_ward, personal_id, relationship, locked, typed
):
    applicant = _person(personal_id)
    dossier = _draft(applicant, birth, hong_bang_ward, relationship=relationship)
    client.force_login(applicant, backend=LOGIN)

    page = _page(client, dossier)

    for parent in ("father", "mother"):
        state = "true" if parent == locked else "false"
        assert f'data-field="{parent}_full_name" data-locked="{state}"' in page
    assert 'data-field="requester_full_name" data-locked="true"' in page
    posted = _hidden(page)
    assert set(posted["shown_locked"].split(",")) == {
        "requester_full_name", "requester_address", *(f"{locked}_{p}" for p in PARTS if locked),
    }  # fmt: skip
    if locked:
        assert posted[f"{locked}_personal_id"] == personal_id
    else:  # nothing of the grandfather's record is posted for a parent
        assert not {name for name in posted if name.startswith(("father_", "mother_"))}

    submitted = client.post(f"/dossiers/{dossier.pk}/submit/",
                            {**posted, "relationship": relationship, **CHILD, **typed})  # fmt: skip

    assert submitted.status_code == 302, _shown_error(submitted.content.decode(), "relationship")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert {name: dossier.form_values[name] for name in typed} == typed
    if locked:  # the applicant's own part lives in the snapshot, with its source
        assert not {name for name in dossier.form_values if name.startswith(f"{locked}_")}


@pytest.mark.parametrize(("personal_id", "relationship", "parent"),
                         [(AN, "Cha", "father"), (BINH, "Mẹ", "mother")])  # fmt: skip
def test_a_changed_value_of_the_stated_parents_part_is_refused_at_submission(
    gateway_live, client, birth, hong_bang_ward, personal_id, relationship, parent
):
    applicant = _person(personal_id)
    dossier = _draft(applicant, birth, hong_bang_ward, relationship=relationship)
    client.force_login(applicant, backend=LOGIN)
    posted = _hidden(_page(client, dossier))

    changed = client.post(f"/dossiers/{dossier.pk}/submit/", {
        **posted, "relationship": relationship, **CHILD, **MOTHER, **FATHER,
        f"{parent}_personal_id": "031090009999",
    })  # fmt: skip

    assert changed.status_code == 409
    assert "Data verified from a source cannot be changed" in changed.content.decode()
    dossier.refresh_from_db()
    assert (dossier.status, dossier.code) == (DossierStatus.DRAFT, None)


def test_a_woman_submitting_as_the_father_is_refused_with_why_next_to_the_relationship(
    gateway_live, client, birth, hong_bang_ward
):
    binh = _person(BINH)
    dossier = _draft(binh, birth, hong_bang_ward)
    client.force_login(binh, backend=LOGIN)
    posted = _hidden(_page(client, dossier))

    refused = client.post(f"/dossiers/{dossier.pk}/submit/",
                          {**posted, "relationship": "Cha", **CHILD, **MOTHER})  # fmt: skip

    assert refused.status_code == 400
    page = refused.content.decode()
    assert _shown_error(page, "relationship") == WOMAN_AS_FATHER
    assert 'data-field="father_full_name" data-locked="false"' in page
    dossier.refresh_from_db()
    assert (dossier.status, dossier.code) == (DossierStatus.DRAFT, None)
    assert "relationship" not in dossier.form_values


def test_a_relationship_changed_on_the_page_has_the_parts_drawn_again_before_submitting(
    gateway_live, client, citizen, birth, hong_bang_ward
):
    dossier = _draft(citizen, birth, hong_bang_ward, relationship="Cha")
    client.force_login(citizen, backend=LOGIN)
    posted = _hidden(_page(client, dossier))
    assert posted["father_full_name"] == "Nguyễn Văn An"

    # Drawn as the father's, sent as the grandfather's: his values for the father are not taken.
    changed = client.post(f"/dossiers/{dossier.pk}/submit/",
                          {**posted, "relationship": "Ông", **CHILD, **MOTHER})  # fmt: skip

    assert changed.status_code == 400
    page = changed.content.decode()
    assert _shown_error(page, "relationship") == RELOCKED
    assert 'data-field="father_full_name" data-locked="false"' in page
    assert _typed_value(page, "father_full_name") == ""
    assert _typed_value(page, "father_personal_id") == ""
    dossier.refresh_from_db()
    assert (dossier.status, dossier.form_values) == (DossierStatus.DRAFT, {"relationship": "Cha"})

    # Sent again from the page drawn again, with the father typed: submitted.
    posted = {**_hidden(page), "relationship": "Ông", **CHILD, **MOTHER, **FATHER}
    again = client.post(f"/dossiers/{dossier.pk}/submit/", posted)

    assert again.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert {name: dossier.form_values[name] for name in FATHER} == FATHER


def test_a_relationship_typed_on_the_page_before_the_fathers_part_is_locked_redraws_it(
    gateway_live, client, citizen, birth, hong_bang_ward
):
    dossier = _draft(citizen, birth, hong_bang_ward)
    client.force_login(citizen, backend=LOGIN)
    posted = _hidden(_page(client, dossier))

    # Drawn with nothing stated (his part typed), sent as the father with it typed
    # otherwise than his record: drawn again from his record, not refused as changed.
    posted = {**posted, "relationship": "Cha", **CHILD, **MOTHER, **FATHER}
    changed = client.post(f"/dossiers/{dossier.pk}/submit/", posted)

    assert changed.status_code == 400
    page = changed.content.decode()
    assert _shown_error(page, "relationship") == RELOCKED
    assert 'data-field="father_full_name" data-locked="true"' in page
    assert _hidden(page)["father_personal_id"] == AN


def test_the_form_saving_by_itself_has_the_page_drawn_again_when_the_parts_change(
    gateway_live, client, citizen, birth, hong_bang_ward
):
    dossier = _draft(citizen, birth, hong_bang_ward)
    client.force_login(citizen, backend=LOGIN)
    shown = _hidden(_page(client, dossier))["shown_locked"]
    autosave = reverse("dossiers:form-autosave", args=[dossier.pk])
    htmx = {"hx-request": "true"}

    typed = client.post(autosave, {"shown_locked": shown, "relationship": "", **CHILD},
                        headers=htmx)  # fmt: skip
    stated = client.post(autosave, {"shown_locked": shown, "relationship": "Cha", **CHILD},
                         headers=htmx)  # fmt: skip

    assert typed.status_code == 200 and "HX-Refresh" not in typed
    assert stated.status_code == 200 and stated["HX-Refresh"] == "true"
    assert 'data-field="father_full_name" data-locked="true"' in _page(client, dossier)


def test_at_the_desk_the_fathers_part_is_his_record_once_the_relationship_is_stated(
    gateway_live, client, commune_official, citizen, birth, hong_bang_ward
):
    client.force_login(commune_official, backend=LOGIN)
    started = client.post("/workspace/counter/",
                          {"personal_id": AN, "procedure": birth.pk, "consent": "on"})  # fmt: skip
    dossier = Dossier.objects.get(procedure=birth, applicant=citizen)
    page = client.get(started["Location"]).content.decode()
    assert 'data-field="father_full_name" data-locked="false"' in page  # nothing stated yet
    submit = reverse("workspace:counter-submit", args=[dossier.pk])

    # Stated as the father with his part typed otherwise: drawn again from his record.
    stated = client.post(submit, {**_hidden(page), "relationship": "Cha", **CHILD, **MOTHER,
                                  **FATHER})  # fmt: skip

    assert stated.status_code == 400
    page = stated.content.decode()
    assert _shown_error(page, "relationship") == RELOCKED
    assert 'data-field="father_full_name" data-locked="true"' in page
    dossier.refresh_from_db()
    assert dossier.submitted_at is None

    submitted = client.post(submit, {**_hidden(page), "relationship": "Cha", **CHILD, **MOTHER})

    assert submitted.status_code == 302
    dossier.refresh_from_db()
    assert dossier.submitted_at is not None
    assert not {name for name in dossier.form_values if name.startswith("father_")}
