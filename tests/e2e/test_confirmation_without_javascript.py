"""An official whose browser runs no JavaScript proposes a dossier that the
ward's leader, without JavaScript too, signs, then returns its result; or asks
for a supplement, in a real Chromium with JavaScript off:
the page's dialog cannot ask, so the server asks on a page of its own; Confirm
makes the move, Cancel leaves the dossier as it was. A supplement received at
the desk, whose scans a page of its own could not send again, is confirmed by
a checkbox of its form instead."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from dossiers.models import DossierEvent, DossierStatus, ResultDocument, SupplementRequest
from tests.accounts.factories import LeaderFactory, OfficialFactory
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus


@pytest.fixture
def page_without_javascript(chromium, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # an approval issues its result's PDF
    context = chromium.new_context(locale="vi-VN", java_script_enabled=False)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _act_button(page: Page, action: str):
    return page.locator(f"form:has(input[name=action][value={action}]) button[type=submit]")


def _logged_in(page: Page, live_server, client, user) -> None:
    client.force_login(user, backend=LOGIN)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip


def test_a_signature_and_a_return_without_javascript_go_through_the_confirmation_page(
    page_without_javascript: Page, live_server, client, citizen, hong_bang_ward
):
    page = page_without_javascript
    official = OfficialFactory(agency=hong_bang_ward, full_name="Lê Thị Hoa")
    chairman = LeaderFactory(agency=hong_bang_ward, full_name="Đặng Quốc Hùng", position="Chủ tịch")
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 result_type="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    due = timezone.localdate() + datetime.timedelta(days=5)
    dossier = DossierFactory(procedure=procedure, agency=hong_bang_ward, applicant=citizen,
                             status=S.IN_PROCESSING, code="11311-261207-0001",
                             assigned_to=official, submitted_at=timezone.now(),
                             due_date=due)  # fmt: skip
    _logged_in(page, live_server, client, official)
    dossier_page = f"{live_server.url}/workspace/{dossier.pk}/"
    page.goto(dossier_page)
    expect(page.get_by_test_id("status")).to_have_text("Đang xử lý")
    # Proposed for signature: a step the leader may still send back, asked nothing.
    _act_button(page, "propose_approval").click()
    expect(page.get_by_test_id("status")).to_have_text("Chờ lãnh đạo ký duyệt")

    # The chairman signs: no dialog can open; the server asks the same question on its own page.
    _logged_in(page, live_server, client, chairman)
    page.goto(dossier_page)
    _act_button(page, "approve").click()
    expect(page.get_by_test_id("confirm-question")).to_have_text(
        "Ký duyệt hồ sơ này? Kết quả được ban hành ngay dưới tên của bạn, và quyết định không "
        "thể hủy bỏ."
    )
    expect(page.get_by_test_id("dossier-code")).to_have_text("11311-261207-0001")
    expect(page.locator("h1")).to_contain_text("11311-261207-0001")
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_SIGNATURE  # asked, not done
    assert not ResultDocument.objects.filter(dossier=dossier).exists()

    # Confirmed: signed once, back on the dossier's page.
    page.get_by_test_id("confirm-form").get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(dossier_page)
    expect(page.get_by_test_id("status")).to_have_text("Đã xử lý xong")
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY
    assert ResultDocument.objects.get(dossier=dossier).issued_by == chairman

    _logged_in(page, live_server, client, official)  # the official returns it
    page.goto(dossier_page)

    # Returning it at the counter asks too, naming the way chosen; Cancel leaves it ready.
    page.locator("#how").select_option("counter")
    _act_button(page, "return_result").click()
    expect(page.get_by_test_id("confirm-question")).to_contain_text("Trả kết quả ngay")
    expect(page.get_by_test_id("how")).to_have_text("Tại quầy")
    page.get_by_test_id("confirm-cancel").click()
    expect(page).to_have_url(dossier_page)
    expect(page.get_by_test_id("status")).to_have_text("Đã xử lý xong")
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY

    # Sent again and confirmed: returned at the counter.
    page.locator("#how").select_option("counter")
    _act_button(page, "return_result").click()
    page.get_by_test_id("confirm-form").get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã trả kết quả")
    moves = list(DossierEvent.objects.filter(dossier=dossier).order_by("id")
                 .values_list("action", flat=True))  # fmt: skip
    assert moves == ["propose_approval", "approve", "return_result"]
    assert "tại quầy" in DossierEvent.objects.get(dossier=dossier, action="return_result").reason


def test_an_official_without_javascript_asks_a_supplement_then_receives_it_at_the_desk(
    page_without_javascript: Page, live_server, client, citizen, hong_bang_ward
):
    page = page_without_javascript
    official = OfficialFactory(agency=hong_bang_ward, full_name="Lê Thị Hoa")
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú")
    lease = DossierComponentFactory(procedure=procedure, name="Hợp đồng thuê nhà")
    due = timezone.localdate() + datetime.timedelta(days=5)
    dossier = DossierFactory(procedure=procedure, agency=hong_bang_ward, applicant=citizen,
                             status=S.IN_PROCESSING, code="11311-261207-0002",
                             assigned_to=official, submitted_at=timezone.now(),
                             due_date=due)  # fmt: skip
    client.force_login(official, backend=LOGIN)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip
    dossier_page = f"{live_server.url}/workspace/{dossier.pk}/"
    page.goto(dossier_page)

    # The request: asked on a page of its own, with what it asks; nothing asked yet.
    page.locator(f"#supplement-component-{lease.pk}").check()
    page.locator("#supplement-reason").fill("Thiếu hợp đồng thuê nhà")
    page.get_by_role("button", name="Yêu cầu bổ sung").click()
    expect(page.get_by_test_id("confirm-question")).to_contain_text("Gửi yêu cầu bổ sung này?")
    expect(page.get_by_test_id("components")).to_have_text("Hợp đồng thuê nhà")
    expect(page.get_by_test_id("reason")).to_have_text("Thiếu hợp đồng thuê nhà")
    assert not SupplementRequest.objects.filter(dossier=dossier).exists()
    page.get_by_test_id("confirm-form").get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(dossier_page)
    expect(page.get_by_test_id("status")).to_have_text("Yêu cầu bổ sung, hoàn thiện hồ sơ")

    # The applicant brings the paper to the desk: seen, no copy kept, and the dossier goes on.
    desk = page.get_by_test_id("supplement-desk")
    desk.locator("summary").click()
    desk.get_by_label("Đã xem bản giấy tại quầy, không thu bản sao").check()
    # It cannot be undone, and a confirmation page could not send scans again:
    # the form's own checkbox, shown without JavaScript, is required first.
    confirmed = desk.get_by_label("Tôi đã kiểm tra giấy tờ người nộp mang đến", exact=False)
    expect(confirmed).to_be_visible()
    desk.get_by_role("button", name="Nhận hồ sơ bổ sung").click()
    assert confirmed.evaluate("box => box.validity.valueMissing")  # the browser held the form
    expect(page).to_have_url(dossier_page)
    expect(page.get_by_test_id("status")).to_have_text("Yêu cầu bổ sung, hoàn thiện hồ sơ")
    assert SupplementRequest.objects.get(dossier=dossier).answered_at is None
    confirmed.check()
    desk.get_by_role("button", name="Nhận hồ sơ bổ sung").click()
    expect(page).to_have_url(dossier_page)
    expect(page.get_by_test_id("status")).to_have_text("Đang xử lý")
    expect(page.get_by_test_id("received-at-desk")).to_contain_text("Lê Thị Hoa")
    supplement = SupplementRequest.objects.get(dossier=dossier)
    assert supplement.received_by == official
    assert list(supplement.papers_seen.all()) == [lease]
