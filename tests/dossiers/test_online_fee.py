"""A dossier submitted online pays the online rate, which the law often sets
lower than at the counter (a permanent residence: 10.000 instead of 20.000
đồng); the catalog carries both."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from dossiers.models import DossierStatus
from dossiers.services import dossier_submit
from portal.notifications.models import Notification
from procedures.catalog_io.exceptions import CatalogImportRefused
from procedures.catalog_io.importer import STARTER_CATALOG, catalog_import, starter_catalog_load
from procedures.catalog_io.parsing import catalog_parse
from procedures.catalog_io.schema import CSV_COLUMNS
from procedures.models import Procedure
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import (
    FormDefinitionFactory,
    ProcedureFactory,
    SectorFactory,
    eform_fields,
)

pytestmark = pytest.mark.django_db


def _submitted(citizen, unit, **fees):
    procedure = ProcedureFactory(code="1.004222", agency_kinds=["commune_committee"], **fees)
    draft = DossierFactory(applicant=citizen, procedure=procedure, agency=unit,
                           form=FormDefinitionFactory(fields=eform_fields("request")),
                           preview_confirmed_at=timezone.now())  # fmt: skip
    return dossier_submit(dossier=draft, by=citizen, values={"request": "Đăng ký thường trú"})


def test_a_dossier_submitted_online_owes_the_online_rate(citizen, hong_bang_ward):
    dossier = _submitted(citizen, hong_bang_ward, fee_vnd=20_000, fee_online_vnd=10_000)

    assert (dossier.status, dossier.fee_vnd) == (DossierStatus.FINANCIAL_OBLIGATION, 10_000)
    notice = Notification.objects.get(user=citizen)
    assert "10.000 đồng" in notice.body


def test_free_online_means_submitted_at_once(citizen, hong_bang_ward):
    dossier = _submitted(citizen, hong_bang_ward, fee_vnd=20_000, fee_online_vnd=0)

    assert (dossier.status, dossier.fee_vnd) == (DossierStatus.SUBMITTED, 0)
    assert dossier.due_date is not None


def test_without_an_online_rate_the_fee_is_the_same(citizen, hong_bang_ward):
    dossier = _submitted(citizen, hong_bang_ward, fee_vnd=20_000, fee_online_vnd=None)

    assert dossier.fee_vnd == 20_000


def test_the_starter_catalog_carries_the_online_rates():
    starter_catalog_load()

    fees = dict(
        (code, (fee, online))
        for code, fee, online in Procedure.objects.values_list("code", "fee_vnd", "fee_online_vnd")
    )
    assert fees["1.004222"] == (20_000, 10_000)  # Đăng ký thường trú
    assert fees["1.004194"] == (15_000, 7_000)  # Đăng ký tạm trú
    assert fees["1.001193"] == (0, None)  # Đăng ký khai sinh: free either way


def _csv(fee_online: str) -> str:
    row = {"procedure_code": "9.000001", "procedure_name": "Thủ tục một",
           "sector_code": "ho-tich", "level": "commune", "processing_days": "3",
           "fee_vnd": "20000", "fee_online_vnd": fee_online, "online_level": "full",
           "result_type": "Trích lục", "component_code": "to-khai", "component_name": "Tờ khai",
           "component_form": "to-khai"}  # fmt: skip
    lines = [",".join(CSV_COLUMNS), ",".join(row.get(column, "") for column in CSV_COLUMNS)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("cell", "stored"), [("", None), ("10000", 10_000), ("0", 0)])
def test_a_csv_row_gives_the_online_rate_or_none(cell, stored):
    SectorFactory()
    FormDefinitionFactory(code="to-khai")

    catalog_import(document=catalog_parse(text=_csv(cell), fmt="csv"))

    assert Procedure.objects.get(code="9.000001").fee_online_vnd == stored


def test_a_bad_online_rate_is_refused_by_row():
    document = json.loads(STARTER_CATALOG.read_text(encoding="utf-8"))
    document["procedures"] = [p for p in document["procedures"] if p["code"] == "1.004222"]
    document["procedures"][0]["fee_online_vnd"] = -5

    with pytest.raises(CatalogImportRefused) as refused:
        catalog_import(document=catalog_parse(text=json.dumps(document), fmt="json"))

    assert any("fee_online_vnd" in str(problem) for problem in refused.value.problems)
    assert not Procedure.objects.exists()
