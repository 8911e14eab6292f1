"""In a real browser, the e-form keeps what the citizen types without a press
of the save button: it is there after a reload; a value the form refuses is
marked on its field, with what was typed left in place; after the session
ended the form says so and offers to log in again, and what was typed but not
saved is put back into its field once the form is drawn again, then saved."""

import re

import pytest
from playwright.sync_api import Page, expect

from dossiers.models import Dossier
from tests.dossiers.test_form_autosave import ADDRESS, FIELD_NAMES
from tests.e2e.waiting import wait_until
from tests.procedures.factories import (
    DossierComponentFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    eform_field,
    eform_fields,
)

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


@pytest.fixture
def form_page(page: Page, live_server, client, citizen, hong_bang_ward):
    return _form_opened(
        page, live_server, client, citizen, hong_bang_ward, eform_fields(*FIELD_NAMES)
    )


def _form_opened(page: Page, live_server, client, citizen, hong_bang_ward, fields) -> Dossier:
    from django.utils import timezone

    from tests.dossiers.factories import DossierFactory, PrefillSourceFactory

    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"])  # fmt: skip
    form = FormDefinitionFactory(code="to-khai-cu-tru", fields=fields)
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1, form=form,
                            name="Tờ khai thay đổi thông tin cư trú")  # fmt: skip
    dossier = DossierFactory(procedure=procedure, form=form, agency=hong_bang_ward,
                             applicant=citizen, preview_confirmed_at=timezone.now())  # fmt: skip
    PrefillSourceFactory(dossier=dossier, found={"permanent_address": ADDRESS})
    client.force_login(citizen, backend=LOGIN)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/form/")
    return dossier


def test_what_is_typed_is_saved_by_itself_and_there_after_a_reload(page: Page, form_page):
    page.locator("#f-phone").press_sequentially("0912345678")

    status = page.get_by_test_id("autosave-status")
    expect(status).to_have_text(re.compile(r"^Đã lưu lúc \d\d:\d\d\s*$"))
    assert Dossier.objects.get(pk=form_page.pk).form_values["phone"] == "0912345678"
    page.reload()
    expect(page.locator("#f-phone")).to_have_value("0912345678")
    expect(page.get_by_test_id("autosave-restored")).to_be_empty()  # nothing left unsaved


def test_a_refused_value_is_marked_on_its_field_and_left_as_typed(page: Page, form_page):
    phone = page.locator("#f-phone")
    phone.press_sequentially("12ab")

    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_attribute("aria-describedby", "e-phone")
    expect(page.locator("#e-phone")).to_have_text(re.compile("Nhập số điện thoại hợp lệ"))
    expect(phone).to_have_value("12ab")
    assert "phone" not in Dossier.objects.get(pk=form_page.pk).form_values

    phone.fill("0912345678")  # corrected: saved, and the mark goes
    expect(page.get_by_test_id("autosave-status")).to_have_text(re.compile(r"^Đã lưu lúc"))
    expect(phone).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#e-phone")).to_have_text("")


def test_after_the_session_ended_the_form_offers_to_log_in_again(page: Page, form_page, client):
    client.logout()  # the session ended (on the server) while the form stayed open

    page.locator("#f-reason").press_sequentially("Chuyển nơi ở")

    status = page.get_by_test_id("autosave-status")
    expect(status).to_contain_text("Phiên đăng nhập đã hết")
    link = status.get_by_role("link", name="Đăng nhập lại")
    back = f"/accounts/login/?next=%2Fdossiers%2F{form_page.pk}%2Fform%2F"
    expect(link).to_have_attribute("href", back)
    expect(page.locator("#f-reason")).to_have_value("Chuyển nơi ở")  # still on the form
    expect(page.locator("h1")).to_have_text("Đăng ký thường trú")


def _kept(page: Page, dossier) -> dict | None:
    """What the browser tab keeps of the typing not yet saved, for this draft."""
    return page.evaluate(f"JSON.parse(sessionStorage.getItem('eform-unsaved:{dossier.pk}'))")


def test_typing_not_saved_when_the_session_ended_is_put_back_and_saved(page: Page, form_page,
                                                                       live_server, client,
                                                                       citizen):  # fmt: skip
    page.context.clear_cookies(name="sessionid")  # the session ended in the browser
    page.locator("#f-reason").press_sequentially("Chuyển nơi ở")
    expect(page.get_by_test_id("autosave-status")).to_contain_text("Phiên đăng nhập đã hết")
    # Kept in the tab: the typed field only, never the locked address.
    assert _kept(page, form_page) == {"reason": "Chuyển nơi ở"}

    page.reload()  # the form needs a login now
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    client.force_login(citizen, backend=LOGIN)  # logged in again
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip
    page.goto(f"{live_server.url}/dossiers/{form_page.pk}/form/")

    expect(page.locator("#f-reason")).to_have_value("Chuyển nơi ở")
    notice = page.get_by_test_id("autosave-restored")
    expect(notice).to_have_text("Đã khôi phục nội dung bạn nhập chưa lưu.")
    expect(notice).to_be_visible()
    expect(page.get_by_test_id("autosave-status")).to_have_text(re.compile(r"^Đã lưu lúc"))
    assert Dossier.objects.get(pk=form_page.pk).form_values["reason"] == "Chuyển nơi ở"
    # Saved: forgotten, once the answer has settled (a moment after it shows).
    wait_until(page, f"sessionStorage.getItem('eform-unsaved:{form_page.pk}') === null")


def test_a_value_refused_by_the_save_button_is_put_back_after_a_reload(page: Page, form_page):
    phone = page.locator("#f-phone")
    phone.fill("12ab")
    page.get_by_role("button", name="Lưu và làm tiếp sau").click()

    expect(page.get_by_test_id("error-summary")).to_contain_text("Số điện thoại")
    # The address bar names the form, not the address the button posted to.
    expect(page).to_have_url(re.compile(rf"/dossiers/{form_page.pk}/form/$"))
    page.reload()

    expect(phone).to_have_value("12ab")
    expect(page.get_by_test_id("autosave-restored")).not_to_be_empty()
    expect(phone).to_have_attribute("aria-invalid", "true")  # saved again: refused again
    assert "phone" not in Dossier.objects.get(pk=form_page.pk).form_values


def test_logging_out_forgets_the_typing_kept_in_the_tab(page: Page, form_page):
    page.context.clear_cookies(name="sessionid")
    page.locator("#f-reason").press_sequentially("Chuyển nơi ở")
    expect(page.get_by_test_id("autosave-status")).to_contain_text("Phiên đăng nhập đã hết")
    assert _kept(page, form_page) == {"reason": "Chuyển nơi ở"}

    page.get_by_role("button", name="Đăng xuất").click()

    page.wait_for_load_state()
    assert _kept(page, form_page) is None


def test_a_field_the_summary_lists_leaves_it_once_saved_by_itself(page: Page, form_page):
    phone, reason = page.locator("#f-phone"), page.locator("#f-reason")
    phone.fill("12ab")  # not valid, and the reason, required, left blank
    page.get_by_role("button", name="Nộp hồ sơ").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary.get_by_role("listitem")).to_have_count(2)

    phone.fill("0912345678")  # corrected: saved by itself, and it leaves the summary

    expect(page.get_by_test_id("autosave-status")).to_have_text(re.compile(r"^Đã lưu lúc"))
    expect(summary.get_by_role("link", name="Số điện thoại")).to_have_count(0)
    expect(summary.get_by_role("link", name="Lý do")).to_have_count(1)
    expect(phone).not_to_have_attribute("aria-invalid", "true")
    expect(phone).not_to_have_attribute("aria-describedby", "e-phone")
    expect(reason).to_have_attribute("aria-invalid", "true")  # still refused, still listed

    reason.fill("Ở cùng bố mẹ")  # the last one: the summary goes

    expect(page.get_by_test_id("autosave-status")).to_have_text(re.compile(r"^Đã lưu lúc"))
    expect(page.get_by_test_id("error-summary")).to_have_count(0)
    expect(reason).not_to_have_attribute("aria-invalid", "true")
    expect(reason).not_to_have_attribute("aria-describedby", "e-reason")
    assert Dossier.objects.get(pk=form_page.pk).form_values == {
        "phone": "0912345678", "reason": "Ở cùng bố mẹ",
    }  # fmt: skip


def test_once_every_refused_value_is_saved_by_itself_the_summary_says_so(page: Page, form_page):
    page.locator("#f-reason").fill("Ở cùng bố mẹ")
    phone = page.locator("#f-phone")
    phone.fill("12ab")
    page.get_by_role("button", name="Lưu và làm tiếp sau").click()
    expect(page.get_by_test_id("error-summary")).to_contain_text("Chưa lưu vì không hợp lệ")

    phone.fill("0912345678")  # the only refused value, corrected: saved by itself

    status = page.get_by_test_id("autosave-status")
    all_saved = "Mọi giá trị bạn đã sửa nay đã được lưu."
    expect(status).to_have_text(re.compile(rf"^Đã lưu lúc \d\d:\d\d {all_saved}$"))
    expect(status).to_have_attribute("aria-live", "polite")  # read out
    expect(page.get_by_test_id("all-saved")).to_have_text(all_saved)
    expect(page.get_by_test_id("error-summary")).to_have_count(0)
    expect(page.get_by_text("Chưa lưu vì không hợp lệ")).to_have_count(0)  # nothing says otherwise
    assert Dossier.objects.get(pk=form_page.pk).form_values == {
        "phone": "0912345678", "reason": "Ở cùng bố mẹ",
    }  # fmt: skip


def test_while_values_are_still_refused_the_summary_no_longer_names_one_saved_since(
    page: Page, live_server, client, citizen, hong_bang_ward
):
    other_phone = eform_field("phone", name="other_phone", label_vi="Số điện thoại khác",
                              label_en="Other phone", required=False)  # fmt: skip
    _form_opened(page, live_server, client, citizen, hong_bang_ward,
                 [*eform_fields(*FIELD_NAMES), other_phone])  # fmt: skip
    page.locator("#f-phone").fill("12ab")
    page.locator("#f-other_phone").fill("34cd")
    page.get_by_role("button", name="Lưu và làm tiếp sau").click()
    heading = page.get_by_test_id("error-summary").locator("[data-summary-heading]")
    expect(heading).to_contain_text("Số điện thoại khác")

    page.locator("#f-other_phone").fill("0912345678")  # corrected: saved by itself

    expect(page.get_by_test_id("error-summary").get_by_role("listitem")).to_have_count(1)
    expect(heading).to_have_text(
        "Các giá trị dưới đây vẫn chưa được lưu vì không hợp lệ: hãy sửa, biểu mẫu sẽ tự lưu."
    )


def test_the_typing_kept_in_the_tab_is_forgotten_once_the_dossier_is_submitted(
    page: Page, form_page
):
    page.route("**/form/autosave/", lambda route: route.abort())  # it cannot save by itself
    page.locator("#f-phone").fill("0912345678")
    page.locator("#f-reason").fill("Ở cùng bố mẹ")
    expect(page.get_by_test_id("autosave-status")).to_have_text("Chưa lưu được – kiểm tra kết nối")
    assert _kept(page, form_page) == {"phone": "0912345678", "reason": "Ở cùng bố mẹ"}

    page.get_by_role("button", name="Nộp hồ sơ").click()

    expect(page).to_have_url(re.compile(rf"/dossiers/{form_page.pk}/$"))
    assert Dossier.objects.get(pk=form_page.pk).status == "submitted"
    page.wait_for_load_state()
    assert _kept(page, form_page) is None


def test_the_typing_kept_in_the_tab_is_forgotten_once_the_draft_is_deleted(page: Page, form_page):
    page.route("**/form/autosave/", lambda route: route.abort())  # it cannot save by itself
    page.locator("#f-reason").fill("Ở cùng bố mẹ")
    expect(page.get_by_test_id("autosave-status")).to_have_text("Chưa lưu được – kiểm tra kết nối")
    assert _kept(page, form_page) == {"reason": "Ở cùng bố mẹ"}

    page.get_by_role("button", name="Xóa bản nháp này").click()

    expect(page).to_have_url(re.compile(r"/dossiers/$"))
    assert not Dossier.objects.filter(pk=form_page.pk, status="draft").exists()
    page.wait_for_load_state()
    assert _kept(page, form_page) is None
