"""The start page in a real browser: the field for someone else's ID number
shows only for a choice that needs it (and is not sent otherwise), and "my
child" with one child in the household has that child chosen already."""

import pytest
from playwright.sync_api import Page, expect

from dossiers.models import ActingBasis, Dossier
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db(transaction=True)

KHANG = "031218000321"  # the only child under 18 in An's household


def test_the_id_field_follows_the_choice_and_the_only_child_is_chosen(
    page: Page, live_server, settings, citizen, hong_bang_ward, client
):
    settings.GATEWAY_URL = f"{live_server.url}/gateway"
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"])  # fmt: skip
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip

    page.goto(f"{live_server.url}/dossiers/start/{procedure.code}/?province=31")
    subject_id = page.get_by_test_id("subject-id")
    expect(page.locator("input[name=acting_basis][value=self]")).to_be_checked()
    expect(subject_id).to_be_hidden()  # "my own": nobody else's number to type

    page.locator("input[name=acting_basis][value=authorisation]").check()
    expect(subject_id).to_be_visible()
    page.locator("input[name=subject_personal_id]").fill("031090009999")

    page.locator("input[name=acting_basis][value=parent]").check()
    expect(subject_id).to_be_visible()
    expect(page.locator(f"#child-{KHANG}")).to_be_checked()  # no second click
    page.locator("input[name=subject_personal_id]").fill("")

    page.locator("input[name=acting_basis][value=self]").check()
    expect(subject_id).to_be_hidden()
    expect(page.locator("input[name=subject_personal_id]")).to_be_disabled()

    page.locator("input[name=acting_basis][value=parent]").check()
    expect(page.locator(f"#child-{KHANG}")).to_be_checked()
    page.locator("select[name=agency]").select_option(label="UBND phường Hồng Bàng")
    page.get_by_role("button", name="Bắt đầu và đọc dữ liệu của tôi").click()

    expect(page.get_by_test_id("confirm")).to_be_visible()
    dossier = Dossier.objects.get()
    assert (dossier.subject_personal_id, dossier.acting_basis) == (KHANG, ActingBasis.PARENT)
