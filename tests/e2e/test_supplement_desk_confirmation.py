"""An official receives at the desk the supplement an applicant brought, in a
real Chromium: a move that cannot be undone, asked first in the page's dialog;
Cancel leaves the dossier waiting, Confirm receives it. The checkbox that asks
without JavaScript is not shown when the dialog can ask."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from dossiers.models import DossierStatus, SupplementRequest
from tests.accounts.factories import OfficialFactory
from tests.dossiers.factories import DossierFactory, SupplementRequestFactory
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus


def test_receiving_a_supplement_at_the_desk_is_asked_in_the_dialog_first(
    page: Page, live_server, client, citizen, hong_bang_ward
):
    official = OfficialFactory(agency=hong_bang_ward, full_name="Lê Thị Hoa")
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú")
    lease = DossierComponentFactory(procedure=procedure, name="Hợp đồng thuê nhà")
    due = timezone.localdate() + datetime.timedelta(days=5)
    dossier = DossierFactory(procedure=procedure, agency=hong_bang_ward, applicant=citizen,
                             status=S.IN_PROCESSING, code="11311-261207-0003",
                             assigned_to=official, submitted_at=timezone.now(),
                             due_date=due)  # fmt: skip
    SupplementRequestFactory(dossier=dossier, requested_by=official, components=[lease])
    client.force_login(official, backend=LOGIN)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip
    page.goto(f"{live_server.url}/workspace/{dossier.pk}/")

    desk = page.get_by_test_id("supplement-desk")
    desk.locator("summary").click()
    desk.get_by_label("Đã xem bản giấy tại quầy, không thu bản sao").check()
    expect(desk.locator("#desk-confirmed")).to_have_count(0)  # the dialog asks instead
    dialog = page.get_by_test_id("confirm-dialog")

    desk.get_by_role("button", name="Nhận hồ sơ bổ sung").click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Nhận hồ sơ bổ sung này?")
    dialog.locator("[data-dialog-cancel]").click()
    expect(dialog).to_be_hidden()
    assert SupplementRequest.objects.get(dossier=dossier).answered_at is None

    desk.get_by_role("button", name="Nhận hồ sơ bổ sung").click()
    dialog.locator("[data-dialog-confirm]").click()
    expect(page.get_by_test_id("status")).to_have_text("Đang xử lý")
    supplement = SupplementRequest.objects.get(dossier=dossier)
    assert supplement.received_by == official
    assert list(supplement.papers_seen.all()) == [lease]
