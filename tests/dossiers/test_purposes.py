"""A dossier as the purpose of a data lookup, as its subject reads it later."""

from __future__ import annotations

import pytest
from django.utils import timezone

from dossiers.purposes import dossier_purpose
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_a_drafts_purpose_names_its_procedure_since_it_has_no_code_yet():
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú")
    dossier = DossierFactory(procedure=procedure, code="")

    label = dossier_purpose(dossier).label

    day = timezone.localtime(dossier.created_at).strftime("%d/%m/%Y")
    assert label == f"Hồ sơ 1.004222 (bản nháp ngày {day}): Đăng ký thường trú"


def test_a_long_procedure_name_is_cut_to_what_the_access_log_keeps():
    dossier = DossierFactory(procedure=ProcedureFactory(name="Đăng ký " * 55), code="X-1")

    assert len(dossier_purpose(dossier).label) == 255
