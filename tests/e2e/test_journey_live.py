"""A citizen goes from the procedure page to a submitted dossier in a real
browser, typing only what no national database holds."""

import pytest
from playwright.sync_api import Page, expect

from dossiers.models import Dossier, DossierStatus
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    residence_form_fields,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_procedure_page_to_receipt(page: Page, live_server, settings, citizen,
                                        hong_bang_ward, client):  # fmt: skip
    settings.GATEWAY_URL = f"{live_server.url}/gateway"
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"])  # fmt: skip
    form = FormDefinitionFactory(code="to-khai-cu-tru", fields=residence_form_fields())
    DossierComponentFactory(procedure=procedure, code="to-khai", name="Tờ khai", form=form)
    residence = DossierComponentFactory(procedure=procedure, code="cu-tru",
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    ElectronicReplacementFactory(component=residence, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip

    page.goto(f"{live_server.url}/procedures/{procedure.code}/")
    page.locator(f"a[href='/dossiers/start/{procedure.code}/']").click()
    page.locator("#province").select_option("31")  # reloads with the province's units
    page.locator("select[name=agency]").select_option(label="UBND phường Hồng Bàng")
    page.get_by_role("button", name="Bắt đầu và đọc dữ liệu của tôi").click()

    page.get_by_test_id("confirm").click()  # the data read from the sources is right
    locked = page.locator("[data-field=full_name] [role=textbox][aria-readonly=true]")
    expect(locked).to_have_text("Nguyễn Văn An")
    page.locator("#f-phone").fill("0912345678")
    page.locator("button[form=dossier-form]:not([formaction])").click()

    dossier = Dossier.objects.get()
    expect(page.get_by_test_id("status")).to_be_visible()
    expect(page.locator("h1")).to_contain_text(dossier.code)
    assert dossier.status == DossierStatus.SUBMITTED
    receipt = page.request.get(f"{live_server.url}/dossiers/{dossier.pk}/receipt.pdf")
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf"
