"""The pages of each role that the browser checks walk, and the data they show.

One list, so that the check under the Content-Security-Policy, the check of
colour contrast and keyboard focus and axe's WCAG check open the same pages: a
page added here is checked by all three."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from dossiers.models import DossierStatus
from tests.accounts.factories import (
    CenterStaffFactory,
    CitizenFactory,
    DataOwnerFactory,
    LeaderFactory,
    OfficialFactory,
)
from tests.complaints.factories import ComplaintFactory
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.dossiers.test_form_autosave import ADDRESS, FIELDS
from tests.procedures.factories import (
    DossierComponentFactory,
    FormDefinitionFactory,
    ProcedureFactory,
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
        "/complaints/",
    )),
    "official": ("official", ("/workspace/", "/workspace/{in_processing}/")),
    "one-stop desk": ("official", ("/workspace/counter/",)),
    "leader": ("leader", ("/dashboards/",)),
    "service centre": ("staff", ("/staff/catalog/coverage/", "/workspace/complaints/")),
    "data owner": ("data_owner", ("/data/corrections/",)),
}  # fmt: skip


def walk_world(*, hai_phong, ward) -> dict:
    """A procedure with an e-form and an upload, a published list, a citizen's draft
    and dossier in processing, a complaint, and one person per role."""
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"])  # fmt: skip
    form = FormDefinitionFactory(code="to-khai-cu-tru", fields=FIELDS)
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
    return {
        "citizen": citizen, "official": official, "leader": LeaderFactory(agency=hai_phong),
        "staff": CenterStaffFactory(agency=hai_phong), "data_owner": DataOwnerFactory(),
        "procedure": procedure.code, "ward": ward.code, "draft": draft.pk,
        "in_processing": in_processing.pk,
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


def vneid_log_in(page: Page, base: str, on_each_page: Callable[[str], None]) -> None:
    """Log the citizen An in through the mock VNeID pages, calling on_each_page on each."""
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/home/")
    page.locator("form[action^='/accounts/vneid/login/'] button[type=submit]").click()
    expect(page.locator(".vneid-logo")).to_be_visible()
    on_each_page("VNeID: choose a person")
    page.locator(f"label[for='person-{AN}']").click()
    page.locator("button[value=continue]").click()
    expect(page.locator("button[value=allow]")).to_be_visible()
    on_each_page("VNeID: consent")
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
