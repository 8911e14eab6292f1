"""The start page in a real browser: the field for someone else's ID number,
and the list of the enterprises one represents, show only for a choice that
needs them (and are not sent otherwise), and "my child" with one child in the
household has that child chosen already."""

import pytest
from playwright.sync_api import Page, expect

from dossiers.models import ActingBasis, Dossier
from procedures.catalog_io.importer import starter_catalog_load
from tests.accounts.factories import CitizenFactory
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db(transaction=True)

KHANG = "031218000321"  # the only child under 18 in An's household
BINH_AN = "0109876543"  # Công ty TNHH Thương mại Bình An, Bình its legal representative


def _signed_in(page: Page, client, live_server, user) -> None:
    client.force_login(user, backend="portal.accounts.backends.VNeIDSessionBackend")
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip


def test_the_id_field_follows_the_choice_and_the_only_child_is_chosen(
    page: Page, live_server, settings, citizen, hong_bang_ward, client
):
    settings.GATEWAY_URL = f"{live_server.url}/gateway"
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"])  # fmt: skip
    _signed_in(page, client, live_server, citizen)

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


def test_my_enterprises_show_only_for_the_enterprises_choice(
    page: Page, live_server, settings, hong_bang_ward, client
):
    settings.GATEWAY_URL = f"{live_server.url}/gateway"
    starter_catalog_load()
    binh = CitizenFactory(personal_id="001185004567", full_name="Trần Thị Bình")
    _signed_in(page, client, live_server, binh)

    # Đăng ký thay đổi nội dung đăng ký hộ kinh doanh: a procedure of a business.
    page.goto(f"{live_server.url}/dossiers/start/2.000720/?province=31")
    enterprises = page.get_by_test_id("my-enterprises")
    enterprise = page.locator(f"input[name=enterprise_code][value='{BINH_AN}']")
    expect(page.locator("input[name=acting_basis][value=self]")).to_be_checked()
    expect(enterprises).to_be_hidden()  # "my own": no enterprise to choose
    expect(enterprise).to_be_disabled()

    page.locator("input[name=acting_basis][value=legal_representative]").check()
    expect(enterprises).to_be_visible()
    expect(page.get_by_test_id("subject-id")).to_be_hidden()  # no person's number either
    enterprise.check()

    page.locator("input[name=acting_basis][value=authorisation]").check()
    expect(enterprises).to_be_hidden()
    expect(enterprise).to_be_disabled()  # the enterprise chosen is not sent

    page.locator("input[name=acting_basis][value=legal_representative]").check()
    expect(enterprise).to_be_checked()  # kept while hidden
    page.locator("select[name=agency]").select_option(label="UBND phường Hồng Bàng")
    page.get_by_role("button", name="Bắt đầu và đọc dữ liệu của tôi").click()

    expect(page.get_by_test_id("confirm")).to_be_visible()
    dossier = Dossier.objects.get()
    assert (dossier.subject_personal_id, dossier.acting_basis) == (
        BINH_AN, ActingBasis.LEGAL_REPRESENTATIVE,
    )  # fmt: skip


def test_a_refused_start_puts_the_focus_on_its_error_summary(
    page: Page, live_server, settings, citizen, hong_bang_ward, client
):
    settings.GATEWAY_URL = f"{live_server.url}/gateway"
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"])  # fmt: skip
    _signed_in(page, client, live_server, citizen)

    page.goto(f"{live_server.url}/dossiers/start/{procedure.code}/?province=31")
    page.locator("input[name=acting_basis][value=authorisation]").check()
    page.locator("input[name=subject_personal_id]").fill("12ab")
    page.locator("select[name=agency]").select_option(label="UBND phường Hồng Bàng")
    page.get_by_role("button", name="Bắt đầu và đọc dữ liệu của tôi").click()

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link").click()
    expect(page.locator("input[name=subject_personal_id]")).to_be_focused()
    assert not Dossier.objects.exists()
