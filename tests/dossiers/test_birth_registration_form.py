"""The birth registration's e-form, as the starter catalog defines it: the
newborn has no personal ID and no record yet, so only the requester's own
record prefills it: the requester's details, and the part of the parent who
files it, as the relationship to the child they state says (the father's for
"Cha", the mother's for "Mẹ", neither for a grandparent or another relative:
test_birth_relationship.py). The child's, including the place of origin the parents choose
(Decree 123/2015/NĐ-CP, art. 4), are typed, and so is the other parent's, as
the declaration asks them (Circular 04/2024/TT-BTP): the mother's part always,
the father's when he is determined. A parent is born before the child."""

import html
import re

import pytest
from django.utils import timezone

from dossiers.eforms import form_fields, typed_values_clean
from dossiers.models import DossierStatus
from dossiers.services import procedure_form
from procedures.catalog_io.importer import starter_catalog_load
from procedures.models import FormDefinition, Procedure
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PARENT_PARTS = ("full_name", "date_of_birth", "ethnicity", "nationality", "residence",
                "personal_id")  # fmt: skip
SOURCE_FIELDS = {"residence": "permanent_address"}
# A newborn's declaration as a father files it: everything the form asks.
TYPED = {
    "relationship": "Cha", "child_full_name": "Nguyễn Minh Châu",
    "child_date_of_birth": "2024-12-01", "child_sex": "Nữ", "child_ethnicity": "Kinh",
    "child_nationality": "Việt Nam", "place_of_birth": "Bệnh viện Phụ sản Hải Phòng",
    "mother_full_name": "Phạm Thị Thu", "mother_date_of_birth": "1992-08-30",
    "mother_ethnicity": "Kinh", "mother_nationality": "Việt Nam",
    "mother_residence": "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng",
    "mother_personal_id": "031192004321",
}  # fmt: skip


def _shown_error(page: str, name: str) -> str:
    """The error the page shows under a field, its languages' markup dropped."""
    found = re.search(rf'id="e-{name}">(.*?)</div>', page)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def _fields() -> list[dict]:
    return FormDefinition.objects.filter(code="to-khai-khai-sinh").latest("version").fields


@pytest.fixture
def draft(citizen, hong_bang_ward):
    """An's birth registration, on the starter catalog's form, nothing read yet."""
    starter_catalog_load()
    procedure = Procedure.objects.get(code="1.001193")
    return DossierFactory(procedure=procedure, form=procedure_form(procedure), applicant=citizen,
                          agency=hong_bang_ward, preview_confirmed_at=timezone.now())  # fmt: skip


def _errors(draft, **changes) -> dict[str, str]:
    data = {"requester_full_name": "Nguyễn Văn An", "requester_address": "Số 12 Hoàng Văn Thụ",
            **TYPED, **changes}  # fmt: skip
    return typed_values_clean(fields=form_fields(dossier=draft), data=data)[1]


def test_only_the_applicants_own_record_is_bound_the_requester_and_their_parent_part():
    starter_catalog_load()

    fields = _fields()
    bound = {field["name"]: field["binding"] for field in fields if field["binding"]}

    parents = {
        f"{parent}_{part}": (f"applicant[form.relationship={stated},sex={sex}]:"
                             f"population.{SOURCE_FIELDS.get(part, part)}")
        for parent, stated, sex in (("mother", "Mẹ", "female"), ("father", "Cha", "male"))
        for part in PARENT_PARTS
    }  # fmt: skip
    assert bound == {
        "requester_full_name": "applicant:population.full_name",
        "requester_address": "applicant:population.permanent_address",
        **parents,
    }
    typed = {field["name"] for field in fields if not field["binding"]}
    assert {"child_full_name", "child_date_of_birth", "child_sex", "place_of_birth",
            "place_of_origin"} <= typed  # fmt: skip


def test_the_mothers_part_is_required_the_fathers_may_be_left_blank(draft):
    required = {field["name"] for field in _fields() if field["required"]}

    assert {"mother_full_name", "mother_ethnicity", "mother_nationality",
            "mother_residence"} <= required  # fmt: skip
    assert not {name for name in required if name.startswith("father_")}
    assert _errors(draft) == {}  # no father named: a child whose father is not determined
    blank = {name: "" for name in ("mother_full_name", "mother_ethnicity",
                                   "mother_nationality", "mother_residence")}  # fmt: skip
    errors = _errors(draft, **blank)
    assert set(errors) == set(blank)
    assert all(message.startswith("Trường này là bắt buộc.") for message in errors.values())


def test_ethnicity_and_nationality_are_chosen_kinh_and_viet_nam_first(draft):
    fields = {field["name"]: field for field in _fields()}

    for who in ("child", "mother", "father"):
        ethnicity, nationality = fields[f"{who}_ethnicity"], fields[f"{who}_nationality"]
        assert ethnicity["type"] == nationality["type"] == "choice"
        assert ethnicity["validation"]["choices"][0] == "Kinh"
        assert len(ethnicity["validation"]["choices"]) == 55  # 54 ethnic groups, and foreigners
        assert nationality["validation"]["choices"][0] == "Việt Nam"
    errors = _errors(draft, child_ethnicity="Kinh Việt", father_nationality="Atlantis")
    assert set(errors) == {"child_ethnicity", "father_nationality"}


def test_a_one_letter_name_and_a_malformed_personal_id_are_refused(draft):
    errors = _errors(draft, child_full_name="x", mother_full_name="T",
                     mother_personal_id="03119200432",
                     father_personal_id="0311920043210")  # fmt: skip

    assert set(errors) == {"child_full_name", "mother_full_name", "mother_personal_id",
                           "father_personal_id"}  # fmt: skip
    assert errors["child_full_name"] == "Tối thiểu 2 ký tự. At least 2 characters."


def test_a_birth_before_1900_is_refused_at_submission_and_the_picker_stops_there(client, draft):
    client.force_login(draft.applicant, backend=LOGIN)

    response = client.post(f"/dossiers/{draft.pk}/submit/",
                           {**TYPED, "child_date_of_birth": "1899-12-31",
                            "mother_date_of_birth": "1850-01-01"})  # fmt: skip

    assert response.status_code == 400
    page = response.content.decode()
    for name in ("child_date_of_birth", "mother_date_of_birth"):
        assert _shown_error(page, name) == (
            "Ngày không được trước 01/01/1900. The date cannot be before 01/01/1900."
        )
    assert 'min="1900-01-01"' in page
    draft.refresh_from_db()
    assert (draft.status, draft.code) == (DossierStatus.DRAFT, None)


def test_a_parent_born_on_or_after_the_child_is_refused_on_the_parents_field(draft):
    errors = _errors(draft, child_date_of_birth="2024-12-01",
                     mother_date_of_birth="2024-12-01", father_full_name="Nguyễn Văn An",
                     father_date_of_birth="2025-01-01")  # fmt: skip

    assert errors == {
        f"{parent}_date_of_birth": (
            "Ngày này phải trước “Ngày, tháng, năm sinh của người được khai sinh” (01/12/2024). "
            "This date must be before “Child's date of birth” (01/12/2024)."
        )
        for parent in ("mother", "father")
    }
    assert _errors(draft, mother_date_of_birth="2024-11-30") == {}


def test_a_parent_born_after_the_child_is_refused_at_submission_and_nothing_is_kept(client, draft):
    client.force_login(draft.applicant, backend=LOGIN)
    draft.form_values = {"child_full_name": "Nguyễn Minh Châu"}
    draft.save(update_fields=["form_values"])

    expected = (
        "Ngày này phải trước “Ngày, tháng, năm sinh của người được khai sinh” (01/12/2024). "
        "This date must be before “Child's date of birth” (01/12/2024)."
    )
    posted = {**TYPED, "mother_date_of_birth": "2025-01-01"}

    submitted = client.post(f"/dossiers/{draft.pk}/submit/", posted)

    assert submitted.status_code == 400
    assert _shown_error(submitted.content.decode(), "mother_date_of_birth") == expected
    draft.refresh_from_db()
    assert (draft.status, draft.code) == (DossierStatus.DRAFT, None)
    assert draft.form_values == {"child_full_name": "Nguyễn Minh Châu"}
    # Saved to go on later: the other values are kept, the refused date is not.
    saved = client.post(f"/dossiers/{draft.pk}/form/save/", posted)
    assert saved.status_code == 400
    assert _shown_error(saved.content.decode(), "mother_date_of_birth") == expected
    draft.refresh_from_db()
    assert draft.form_values["child_date_of_birth"] == "2024-12-01"
    assert "mother_date_of_birth" not in draft.form_values
