"""Uploading in a real browser: the components panel refreshes in place (HTMX),
a refused file's reason appears next to its field, and a file can be taken back."""

import pytest
from playwright.sync_api import Page, expect

from dossiers.models import Attachment
from tests.dossiers.factories import DossierFactory
from tests.e2e.waiting import wait_until
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def test_the_applicant_uploads_sees_a_refusal_and_removes_a_file(
    page: Page, live_server, settings, tmp_path, citizen, hong_bang_ward, client
):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú")
    lease = DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha",
                                    name="Hợp đồng thuê nhà")  # fmt: skip
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward, procedure=procedure)
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/documents/")
    card = page.locator('[data-component="hop-dong-thue-nha"]')
    expect(card).to_have_attribute("data-action", "upload")
    wait_until(page, "window.htmx !== undefined")
    page.evaluate("window.samePage = true")  # gone if the browser loads a new page

    card.get_by_label("Hợp đồng thuê nhà", exact=False).set_input_files(
        files=[{"name": "hop-dong.pdf", "mimeType": "application/pdf",
                "buffer": b"MZ\x90\x00" + bytes(64)}]
    )  # fmt: skip
    card.get_by_role("button").last.click()

    expect(page.get_by_test_id("upload-error")).to_contain_text("hop-dong.pdf")
    expect(card.locator('input[type="file"]')).to_have_attribute("aria-invalid", "true")
    assert page.evaluate("window.samePage") is True  # the 415's panel was swapped in
    assert not Attachment.objects.exists()

    card.locator('input[type="file"]').set_input_files(
        files=[{"name": "hop-dong.pdf", "mimeType": "application/pdf", "buffer": PNG}]
    )
    card.get_by_role("button").last.click()

    expect(card.get_by_test_id("attachment")).to_contain_text("hop-dong.pdf")
    assert page.evaluate("window.samePage") is True  # refreshed in place
    assert Attachment.objects.get().content_type == "image/png"

    card.get_by_test_id("attachment").get_by_role("button").click()

    expect(card.get_by_test_id("attachment")).to_have_count(0)
    assert not Attachment.objects.filter(component=lease).exists()
