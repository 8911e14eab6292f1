"""The prefill page fills itself in a real browser as the sources answer (HTMX)."""

import re

import pytest
from playwright.sync_api import Page, expect

from dossiers.models import Dossier, PrefillSnapshot, PrefillSource
from dossiers.prefill import prefill_run
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_sources_appear_on_the_page_as_they_answer(
    page: Page, live_server, settings, citizen, hong_bang_ward, client
):
    settings.GATEWAY_URL = f"{live_server.url}/gateway"
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward)
    snapshot = PrefillSnapshot.objects.create(dossier=dossier)
    for source, fields in {"population": ["full_name"], "land": ["land_use_certificates"]}.items():
        PrefillSource.objects.create(snapshot=snapshot, source=source, fields=fields)
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip

    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/prefill/")
    expect(page.get_by_test_id("prefill-population")).to_have_attribute("data-status", "pending")

    prefill_run(snapshot=snapshot)  # the sources answer while the page is open

    expect(page.get_by_test_id("prefill-population")).to_have_attribute("data-status", "ok")
    expect(page.get_by_test_id("prefill-population")).to_contain_text("Nguyễn Văn An")
    expect(page.locator("#prefill-panel")).to_have_attribute("aria-busy", "false")


def test_a_source_that_never_answers_stops_the_wait_and_can_be_read_again(
    page: Page, live_server, settings, citizen, hong_bang_ward, client
):
    settings.GATEWAY_URL = f"{live_server.url}/gateway"
    settings.PREFILL_NO_ANSWER_SECONDS = 2
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward)
    snapshot = PrefillSnapshot.objects.create(dossier=dossier)  # its task was lost: never read
    PrefillSource.objects.create(snapshot=snapshot, source="population", fields=["full_name"])
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip

    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/prefill/")

    expect(page.get_by_test_id("no-answer")).to_contain_text("Nguồn dữ liệu chưa phản hồi")
    expect(page.locator("#prefill-panel")).not_to_have_attribute("hx-get", re.compile(".*"))
    expect(page.get_by_test_id("confirm")).to_be_visible()  # the citizen may go on

    page.get_by_role("button", name="Thử lại").click()  # read again (a worker: eager here)

    expect(page.get_by_test_id("prefill-population")).to_have_attribute("data-status", "ok")
    expect(page.get_by_test_id("prefill-population")).to_contain_text("Nguyễn Văn An")

    page.get_by_text("Hủy bản nháp").click()
    page.get_by_role("button", name="Xóa bản nháp này").click()

    expect(page).to_have_url(re.compile(r"/dossiers/$"))
    assert not Dossier.objects.filter(pk=dossier.pk).exists()
