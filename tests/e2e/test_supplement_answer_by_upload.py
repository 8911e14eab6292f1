"""The applicant answers a supplement request by upload in a real Chromium:
the file the official found wrong stays listed as the earlier submitted one,
with the reason; a new file is the supplement's, and may be taken back
before the dossier is sent; the panel refreshes in place (HTMX). The
official then sees which round each file came with and the superseded one."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from dossiers.attachments import attachment_add
from dossiers.models import Attachment, Dossier, DossierStatus
from tests.accounts.factories import OfficialFactory
from tests.dossiers.factories import DossierFactory, SupplementRequestFactory
from tests.e2e.waiting import wait_until
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
REASON = "Bản chụp bị mờ, không đọc được"


def _log_in(page: Page, client, live_server, user) -> None:
    client.force_login(user, backend=LOGIN)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip


def test_the_applicant_replaces_the_file_asked_for_and_the_official_sees_the_rounds(
    page: Page, live_server, settings, tmp_path, client, citizen, hong_bang_ward
):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    official = OfficialFactory(agency=hong_bang_ward, full_name="Lê Thị Hoa")
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú")
    proof = DossierComponentFactory(procedure=procedure, code="cho-o-hop-phap",
                                    name="Giấy tờ chứng minh chỗ ở hợp pháp")  # fmt: skip
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward, procedure=procedure)
    attachment_add(dossier=dossier, component=proof, by=citizen,
                   upload=SimpleUploadedFile("proof.pdf", PDF))  # fmt: skip
    Dossier.objects.filter(pk=dossier.pk).update(
        status=DossierStatus.IN_PROCESSING, code="11311-261207-0007", submitted_at=timezone.now()
    )
    dossier.refresh_from_db()
    SupplementRequestFactory(dossier=dossier, requested_by=official, components=[proof],
                             reason=REASON)  # fmt: skip
    _log_in(page, client, live_server, citizen)
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/documents/")
    wait_until(page, "window.htmx !== undefined")
    page.evaluate("window.samePage = true")  # gone if the browser loads a new page

    card = page.locator('[data-component="cho-o-hop-phap"]')
    earlier = card.get_by_test_id("attachment")
    expect(earlier).to_contain_text(f"Bản đã nộp trước — cán bộ yêu cầu bổ sung: {REASON}")
    expect(earlier.get_by_role("button")).to_have_count(0)  # what was submitted stays
    expect(card.locator(".badge")).to_have_text("Cần tải lên")

    def upload(name: str) -> None:
        card.locator('input[type="file"]').set_input_files(
            files=[{"name": name, "mimeType": "application/pdf", "buffer": PDF}]
        )
        card.locator('button[type="submit"]', has_text="Tải lên").click()

    upload("nham-tep.pdf")
    answer = card.get_by_test_id("attachment").first
    expect(answer).to_contain_text("nham-tep.pdf")
    expect(answer).to_contain_text(f"Bản bổ sung ngày {timezone.localdate():%d/%m/%Y}")
    expect(card.locator(".badge")).to_have_text("Đã nộp bổ sung")
    expect(card.get_by_test_id("attachment")).to_have_count(2)

    answer.get_by_role("button").click()  # the wrong file: taken back before sending
    expect(card.get_by_test_id("attachment")).to_have_count(1)
    expect(card.locator(".badge")).to_have_text("Cần tải lên")
    upload("proof.pdf")
    expect(card.get_by_test_id("attachment")).to_have_count(2)
    assert page.evaluate("window.samePage") is True  # every change refreshed in place

    page.get_by_test_id("back-to-asked").click()
    page.get_by_role("button", name="Gửi lại hồ sơ cho cơ quan").click()
    expect(page.get_by_test_id("status")).to_contain_text("Đang xử lý")
    names = list(Attachment.objects.filter(dossier=dossier).values_list("original_name", flat=True))
    assert names == ["proof.pdf", "proof.pdf"]  # the earlier one kept, the wrong one gone

    page.context.clear_cookies()
    _log_in(page, client, live_server, official)
    page.goto(f"{live_server.url}/workspace/{dossier.pk}/")
    files = page.locator(f"#component-{proof.pk} [data-testid=attachment]")
    expect(files).to_have_count(2)
    expect(files.first).to_contain_text("Bổ sung lần 1,")
    expect(files.first.get_by_test_id("superseded")).to_have_count(0)
    expect(files.last).to_contain_text("Nộp lần đầu,")
    expect(files.last.get_by_test_id("superseded")).to_have_text(
        "Đã được thay bằng bản bổ sung lần 1"
    )
