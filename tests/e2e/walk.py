"""The pages of each role that the browser checks walk, and the data they show.

One list, so that the check under the Content-Security-Policy, the check of
colour contrast and keyboard focus and axe's WCAG check open the same pages: a
page added here is checked by all three. The states pages reach after a move
(AFTER_A_MOVE: a form sent back with its errors, a dialog open...) are checked
by the last two."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from dossiers.models import Dossier, DossierStatus
from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.accounts.factories import (
    CenterStaffFactory,
    CitizenFactory,
    DataOwnerFactory,
    LeaderFactory,
    OfficialFactory,
)
from tests.complaints.factories import ComplaintFactory
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.dossiers.test_form_autosave import ADDRESS, FIELD_NAMES
from tests.e2e.waiting import wait_until
from tests.procedures.factories import (
    DossierComponentFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    eform_fields,
    published_list_with_entries,
)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
AN = "031090001234"

# Who walks (a key of walk_world's people; None is an anonymous visitor) and the
# pages they open, their placeholders filled from walk_world. The citizen logs in
# through the (mock) VNeID pages; the payment platform's checkout has its own order.
WALK: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "public pages": (None, (
        "/", "/procedures/", "/procedures/{procedure}/",
        "/procedures/replacement-lists/{ward}/poster/", "/transparency/", "/complaints/public/",
    )),
    "citizen": ("citizen", (
        "/accounts/home/", "/dossiers/", "/dossiers/{draft}/form/", "/dossiers/{in_processing}/",
        "/complaints/", "/accounts/messages/",
    )),
    "official": ("official", ("/workspace/", "/workspace/{in_processing}/")),
    "ward leader": ("ward_leader", ("/workspace/", "/workspace/{awaiting_signature}/")),
    "one-stop desk": ("official", ("/workspace/counter/",)),
    "leader": ("leader", ("/dashboards/",)),
    "service centre": ("staff", ("/staff/catalog/coverage/", "/workspace/complaints/")),
    "data owner": ("data_owner", ("/data/corrections/",)),
}  # fmt: skip


def walk_world(*, hai_phong, ward) -> dict:
    """A procedure with an e-form and an upload, a published list, a citizen's draft
    and dossier in processing, one awaiting the ward leader's signature, a
    complaint, and one person per role."""
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"])  # fmt: skip
    form = FormDefinitionFactory(code="to-khai-cu-tru", fields=eform_fields(*FIELD_NAMES))
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1, form=form,
                            name="Tờ khai thay đổi thông tin cư trú")  # fmt: skip
    DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha", position=2,
                            name="Hợp đồng thuê nhà")  # fmt: skip
    published_list_with_entries(agency=ward, entries=2)
    citizen = CitizenFactory(personal_id=AN, full_name="Nguyễn Văn An")
    official = OfficialFactory(agency=ward, full_name="Lê Thị Hoa")
    draft = DossierFactory(procedure=procedure, form=form, agency=ward, applicant=citizen,
                           preview_confirmed_at=timezone.now())  # fmt: skip
    PrefillSourceFactory(dossier=draft, found={"permanent_address": ADDRESS})
    in_processing = DossierFactory(
        procedure=procedure, agency=ward, applicant=citizen,
        status=DossierStatus.IN_PROCESSING, code="11311-261124-0001", assigned_to=official,
        submitted_at=timezone.now(), due_date=datetime.date.today() + datetime.timedelta(days=9),
    )  # fmt: skip
    awaiting = DossierFactory(
        procedure=procedure, agency=ward, applicant=citizen,
        status=DossierStatus.AWAITING_SIGNATURE, code="11311-261124-0005", assigned_to=official,
        submitted_at=timezone.now(), due_date=datetime.date.today() + datetime.timedelta(days=9),
    )  # fmt: skip
    # Others in the queue: one overdue (its row shown in red), one waiting for a
    # supplement, one for its fee.
    for number, status, due in (
        (2, DossierStatus.SUBMITTED, -3), (3, DossierStatus.SUPPLEMENT_REQUESTED, 20),
        (4, DossierStatus.FINANCIAL_OBLIGATION, 30),
    ):  # fmt: skip
        DossierFactory(procedure=procedure, agency=ward, applicant=citizen, status=status,
                       code=f"11311-261124-{number:04d}", submitted_at=timezone.now(),
                       due_date=datetime.date.today() + datetime.timedelta(days=due))  # fmt: skip
    ComplaintFactory(reporter=citizen, unit=ward, responsible_agency=ward)
    # Their messages: one unread with its page, one read without.
    notify(user=citizen, title="Đã nộp hồ sơ 11311-261124-0001. Dossier submitted.",
           body="Ngày hẹn trả kết quả: 27/11/2026. Appointment date: 27/11/2026.",
           url=f"/dossiers/{in_processing.pk}/")  # fmt: skip
    Notification.objects.filter(
        pk=notify(user=citizen, title="Đã tiếp nhận phản ánh. Complaint received.").pk
    ).update(read_at=timezone.now())
    return {
        "citizen": citizen, "official": official, "leader": LeaderFactory(agency=hai_phong),
        "staff": CenterStaffFactory(agency=hai_phong), "data_owner": DataOwnerFactory(),
        "procedure": procedure.code, "ward": ward.code, "draft": draft.pk,
        "in_processing": in_processing.pk, "awaiting_signature": awaiting.pk,
        "ward_leader": LeaderFactory(agency=ward, full_name="Đặng Quốc Hùng", position="Chủ tịch"),
    }  # fmt: skip


def log_in_as(page: Page, live_server, client, user) -> None:
    page.context.clear_cookies()
    client.force_login(user, backend=LOGIN)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip


def choose_language(page: Page, base: str, language: str) -> None:
    """Switch the portal to `language` as a reader does: with the header's language
    buttons (they post to Django's set_language, which keeps it in a cookie)."""
    if language == "vi":
        return
    page.goto(f"{base}/")
    if page.locator(".navbar-toggler").is_visible():  # a phone's folded menu
        page.locator(".navbar-toggler").click()
    page.locator(f"form[action='/i18n/setlang/'] button[value={language}]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def vneid_log_in(
    page: Page, base: str, on_each_page: Callable[[str], None], *, language: str = "vi"
) -> None:
    """Log the citizen An in through the mock VNeID pages, the portal's language
    chosen first (the VNeID pages speak it too), calling on_each_page on each."""
    page.context.clear_cookies()
    choose_language(page, base, language)
    page.goto(f"{base}/accounts/home/")
    page.locator("form[action^='/accounts/vneid/login/'] button[type=submit]").click()
    expect(page.locator(".vneid-logo")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
    on_each_page(f"VNeID: choose a person ({language})")
    page.locator(f"label[for='person-{AN}']").click()
    page.locator("button[value=continue]").click()
    expect(page.locator("button[value=allow]")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
    on_each_page(f"VNeID: consent ({language})")
    page.locator("button[value=allow]").click()
    expect(page.get_by_test_id("personal-id")).to_have_text(AN)


def checkout_url(live_server, settings, order_id: str = "LP-0001") -> str:
    """The payment platform's checkout page for a fee of 15,000 VND."""
    from payments.platform.services import OrderRequest, order_register
    from payments.platform.services import checkout_url as platform_checkout_url

    settings.PAYMENT_PLATFORM_URL = f"{live_server.url}/payment-platform"
    settings.PAYMENT_PLATFORM_PUBLIC_URL = ""
    order, _ = order_register(
        merchant_id=django_settings.PAYMENT_MERCHANT_ID,
        request=OrderRequest(order_id=order_id, amount=15000, currency="VND",
                             description="Lệ phí đăng ký thường trú", reference="11311-0001",
                             return_url=f"{live_server.url}/", notify_url=f"{live_server.url}/n/"),
    )  # fmt: skip
    return platform_checkout_url(order)


def _opened(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response and response.status == 200, f"{url}: {response and response.status}"


# The states pages reach after a move, where errors and live parts appear, that the
# checks look at too: each brought about as a person does it, in walk_world's world,
# by the role named.
def _eform_sent_with_errors(page: Page, base: str, world: dict) -> None:
    _opened(page, f"{base}/dossiers/{world['draft']}/form/")
    page.locator("#f-phone").fill("12ab")  # not a phone number; the reason left empty
    page.locator("#f-reason").fill("")
    page.locator("button[form=dossier-form]:not([formaction])").click()
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    expect(page.locator("#f-phone")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-reason")).to_have_attribute("aria-invalid", "true")


def _complaint_sent_empty(page: Page, base: str, world: dict) -> None:
    _opened(page, f"{base}/complaints/new/")
    page.locator("main button[type=submit].btn-primary").click()
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    expect(page.locator("#id_description")).to_have_attribute("aria-invalid", "true")


def _routing_rule_sent_empty(page: Page, base: str, world: dict) -> None:
    _opened(page, f"{base}/workspace/complaints/rules/new/")
    page.locator("main button[type=submit].btn-primary").click()
    expect(page.get_by_test_id("error-summary")).to_be_visible()


def _report_asked_without_a_day(page: Page, base: str, world: dict) -> None:
    _opened(page, f"{base}/dashboards/reports/")
    page.locator("#id_day").fill("")
    page.locator("form[action$='/reports/regenerate/'] button[type=submit]").click()
    expect(page.locator("#id_day")).to_have_attribute("aria-invalid", "true")


def _upload_refused(page: Page, base: str, world: dict) -> None:
    _opened(page, f"{base}/dossiers/{world['draft']}/form/")
    card = page.locator("[data-component='hop-dong-thue-nha']")
    card.locator("input[type=file]").set_input_files(
        files=[{"name": "hop-dong.pdf", "mimeType": "application/pdf", "buffer": b"not a PDF"}]
    )
    card.locator("button[type=submit]").click()
    expect(page.get_by_test_id("upload-error")).to_be_visible()


def _dossier_with_its_forms_open(page: Page, base: str, world: dict) -> None:
    _opened(page, f"{base}/workspace/{world['in_processing']}/")
    for summary in page.locator("main details > summary").all():  # its refusals' reasons
        summary.click()
    expect(page.locator("#reason-propose_not_resolve")).to_be_visible()
    expect(page.locator("#supplement-reason")).to_be_visible()


def _signature_dialog_open(page: Page, base: str, world: dict) -> None:
    _opened(page, f"{base}/workspace/{world['awaiting_signature']}/")
    page.locator("form:has(input[name=action][value=send_back_for_review]) summary").click()
    expect(page.locator("#reason-send_back_for_review")).to_be_visible()
    page.locator("form:has(input[name=action][value=approve]) button[type=submit]").click()
    expect(page.get_by_test_id("confirm-dialog")).to_be_visible()


def _approval_asked_on_its_own_page(page: Page, base: str, world: dict) -> None:
    _opened(page, f"{base}/workspace/{world['awaiting_signature']}/")
    # Sent as a browser without JavaScript sends it: no dialog, no confirmation with it.
    page.locator("form:has(input[name=action][value=approve])").evaluate("form => form.submit()")
    expect(page.get_by_test_id("confirm-form")).to_be_visible()


def _dossier_refused_at_reception_form_open(page: Page, base: str, world: dict) -> None:
    submitted = Dossier.objects.get(code="11311-261124-0002")
    _opened(page, f"{base}/workspace/{submitted.pk}/")
    page.locator("form:has(input[name=action][value=refuse_at_reception]) summary").click()
    expect(page.locator("#reason-refuse_at_reception")).to_be_visible()


def _queue_filtered(page: Page, base: str, world: dict) -> None:
    _opened(page, f"{base}/workspace/")
    wait_until(page, "window.htmx !== undefined")
    with page.expect_response(lambda response: "/workspace/?" in response.url):
        page.locator("select[name=status]").select_option(DossierStatus.IN_PROCESSING)
    expect(page.locator("#queue-results")).to_contain_text("11311-261124-0001")


def _not_found(page: Page, base: str, world: dict) -> None:
    response = page.goto(f"{base}/workspace/999999/")
    assert response and response.status == 404


def _expired_form(page: Page, base: str, world: dict) -> None:
    _opened(page, f"{base}/complaints/new/")
    page.context.clear_cookies(name="csrftoken")  # as after a logout and a login elsewhere
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.locator("main button[type=submit].btn-primary").click()
    assert sent.value.status == 403
    expect(page.get_by_test_id("csrf-back")).to_be_visible()


AFTER_A_MOVE = {
    "e-form sent with errors": ("citizen", _eform_sent_with_errors),
    "complaint sent empty": ("citizen", _complaint_sent_empty),
    "upload refused": ("citizen", _upload_refused),
    "routing rule sent empty": ("staff", _routing_rule_sent_empty),
    "report asked without a day": ("leader", _report_asked_without_a_day),
    "dossier, its forms open": ("official", _dossier_with_its_forms_open),
    "signature, its dialog open": ("ward_leader", _signature_dialog_open),
    "dossier, its refusal at reception open": ("official", _dossier_refused_at_reception_form_open),
    "signature asked without JavaScript": ("ward_leader", _approval_asked_on_its_own_page),
    "queue filtered in place": ("official", _queue_filtered),
    "page not found": ("official", _not_found),
    "expired form": ("citizen", _expired_form),
}


def bring_about(page: Page, live_server, client, *, world: dict, state: str, language: str) -> None:
    """`state` of AFTER_A_MOVE reached by its user, in `language`, as a reader
    would: logged in, the language chosen, then the move made."""
    who, move = AFTER_A_MOVE[state]
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_as(page, live_server, client, world[who])
    choose_language(page, live_server.url, language)
    move(page, live_server.url, world)
