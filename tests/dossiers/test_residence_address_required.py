"""The address to register on the residence form (Mẫu CT01): registering a
permanent or temporary residence asks for it, so that none is submitted, and
approved, with no address to register; the procedures that register no new
address (deregistration, an extension, a confirmation, splitting a household)
keep the shared CT01, where it is not asked."""

import re

import pytest
from django.utils import timezone

from dossiers.models import DossierStatus
from dossiers.services import procedure_form
from procedures.catalog_io.importer import starter_catalog_load
from procedures.models import Procedure
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
REGISTERING = ("1.004222", "1.004194")  # Đăng ký thường trú, Đăng ký tạm trú
OTHERS = ("1.002755", "1.003197", "1.010028", "1.010038", "1.010039")


def _new_address(code: str) -> dict:
    form = procedure_form(Procedure.objects.get(code=code))
    return next(field for field in form.fields if field["name"] == "new_address")


def test_registering_a_residence_requires_the_address_the_other_ct01_procedures_do_not(db):
    starter_catalog_load()

    assert all(_new_address(code)["required"] for code in REGISTERING)
    assert not any(_new_address(code)["required"] for code in OTHERS)
    for code in OTHERS:
        assert procedure_form(Procedure.objects.get(code=code)).code == "to-khai-ct01"


@pytest.mark.parametrize(("code", "refused"), [("1.004222", True), ("1.010039", False)])
def test_a_residence_dossier_with_no_address_is_refused_at_submission(
    client, citizen, hong_bang_ward, code, refused
):
    starter_catalog_load()
    procedure = Procedure.objects.get(code=code)
    draft = DossierFactory(procedure=procedure, form=procedure_form(procedure), applicant=citizen,
                           agency=hong_bang_ward, preview_confirmed_at=timezone.now())  # fmt: skip
    client.force_login(citizen, backend=LOGIN)

    response = client.post(f"/dossiers/{draft.pk}/submit/",
                           {"request": "Đăng ký thường trú", "new_address": "  "})  # fmt: skip

    # Nothing was read for this draft: the record's fields are to be typed too.
    assert response.status_code == 400
    shown = re.search(r'id="e-new_address">(.*?)</div>', response.content.decode()).group(1)
    assert shown.startswith("Trường này là bắt buộc.") is refused
    draft.refresh_from_db()
    assert draft.status == DossierStatus.DRAFT
