"""The demo citizen's journey in a real Chromium, on the demo data exactly as
`make run` loads it: Nguyễn Văn An logs in through the mock VNeID (OpenID
Connect), registers the birth of his newborn daughter, then registers his
son Khang's permanent residence as the parent of a child of his household,
paying its fee on the mock payment platform. He types only what no national
database holds (not his own part as the newborn's father), and ends with two
receipts and both dossiers in his list."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from datasources.gateway.records import record
from dossiers.eforms import value_display
from dossiers.models import ActingBasis, Dossier, DossierEvent, DossierStatus
from portal.accounts.models import User
from tests.e2e.test_vneid_login import _log_in_through_vneid

pytestmark = pytest.mark.django_db(transaction=True)

AN = "031090001234"
KHANG = "031218000321"  # An's son, in An's household
BIRTH_REGISTRATION = "1.001193"
RESIDENCE_REGISTRATION = "1.004222"
WARD = "UBND phường Hồng Bàng"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def demo(live_server, settings, tmp_path, monkeypatch):
    """The demo as `make run` seeds it, the portal reading the mock gateway and
    paying on the mock platform over HTTP, both served by the live server;
    its files (uploads, the admin password) kept apart from the running portal's."""
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-only-in-this-test")
    settings.GATEWAY_URL = f"{live_server.url}/gateway"
    settings.PORTAL_BASE_URL = live_server.url
    settings.PAYMENT_PLATFORM_URL = f"{live_server.url}/payment-platform"
    settings.PAYMENT_WEBHOOK_URL = ""
    settings.PAYMENT_PLATFORM_LATENCY_MS = 0
    settings.PAYMENT_PLATFORM_FAILURE_RATE = 0.0
    call_command("seed_demo", stdout=io.StringIO())
    return live_server


def _population(personal_id: str) -> dict:
    return record("population", personal_id)["data"]


def _start(page: Page, base_url: str, code: str, *, child: str | None = None) -> None:
    """From the procedure's public page to a started draft at the ward."""
    page.goto(f"{base_url}/procedures/{code}/")
    page.locator(f"a[href='/dossiers/start/{code}/']").first.click()
    page.locator("#province").select_option("31")  # reloads with the province's units
    # The page may open with the place of An's last demo dossier already chosen (and
    # its units shown): the unit is chosen on the page the choice reloads, not before.
    page.wait_for_url("**province=31*")
    page.locator("select[name=agency]").select_option(label=WARD)
    start = page.get_by_role("button", name="Bắt đầu và đọc dữ liệu của tôi")
    if child:
        # "My child": the children of An's household record show at once, no error first.
        page.locator("input[name=acting_basis][value=parent]").check()
        page.get_by_test_id("my-children").locator(f"#child-{child}").check()
        expect(page.locator(".is-invalid, .alert-danger")).to_have_count(0)
    start.click()


def _confirm_preview(page: Page, *, shows: list[str]) -> None:
    """The preview of what the sources hold: seen, then confirmed."""
    expect(page.get_by_test_id("confirm")).to_be_visible()
    preview = page.locator("#prefill-panel")
    for value in shows:
        expect(preview).to_contain_text(value)
    expect(preview).not_to_contain_text("{'")  # values as people read them
    page.get_by_test_id("confirm").click()
    expect(page.locator("#dossier-form")).to_be_visible()


def _assert_locked(page: Page, field: str, value: str, record_id: str) -> None:
    """Locked, read-only, equal to the population record, with its source shown."""
    block = page.locator(f"[data-field={field}]")
    expect(block).to_have_attribute("data-locked", "true")
    shown = block.locator(f"#f-{field}")
    expect(shown).to_have_text(value)  # shown whole, as text that wraps
    expect(shown).to_have_attribute("aria-readonly", "true")
    provenance = block.locator(f"#p-{field}")
    expect(provenance).to_contain_text("CSDL quốc gia về dân cư")
    expect(provenance).to_contain_text(record_id)


def _assert_replaced(page: Page, component: str) -> None:
    """A component electronic data replaces: satisfied, nothing to upload."""
    card = page.locator(f"[data-component='{component}']")
    expect(card).to_have_attribute("data-state", "ok")
    expect(card.get_by_test_id("replaced-by-data")).to_be_visible()
    expect(card.locator("input[type=file]")).to_have_count(0)


def _upload(page: Page, component: str) -> None:
    card = page.locator(f"[data-component='{component}']")
    card.locator("input[type=file]").set_input_files(
        files=[{"name": "giay-to.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    card.get_by_role("button", name="Tải lên").click()
    expect(page.locator(f"[data-component='{component}'] [data-testid=attachment]")).to_be_visible()


def _type(page: Page, values: dict[str, str]) -> None:
    """Only unlocked fields are typed: a locked one cannot be."""
    for name, value in values.items():
        block = page.locator(f"[data-field={name}]")
        expect(block).to_have_attribute("data-locked", "false")
        field = block.locator(f"#f-{name}")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def _submit(page: Page) -> None:
    page.locator("button[form=dossier-form]:not([formaction])").click()
    expect(page.get_by_test_id("status")).to_be_visible()


def _code_pattern() -> re.Pattern:
    return re.compile(rf"^11311-{timezone.localdate():%y%m%d}-\d{{4}}$")


def _receipt_text(page: Page, base_url: str, dossier: Dossier) -> str:
    """The receipt as the tracking page's link downloads it."""
    link = page.get_by_role("link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)")
    href = link.get_attribute("href")
    assert href == f"/dossiers/{dossier.pk}/receipt.pdf"
    response = page.request.get(f"{base_url}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _assert_tracked(page: Page, dossier: Dossier) -> None:
    expect(page.locator("h1")).to_contain_text(dossier.code)
    expect(page.get_by_test_id("status")).to_have_text(dossier.get_status_display())
    expect(page.get_by_test_id("due-date")).to_have_text(dossier.due_date.strftime("%d/%m/%Y"))


def test_the_demo_citizen_registers_a_birth_and_a_childs_residence(page: Page, demo):
    base = demo.url
    an, khang = _population(AN), _population(KHANG)
    _log_in_through_vneid(page, base, AN)
    expect(page.get_by_test_id("current-user")).to_contain_text("Nguyễn Văn An")
    citizen = User.objects.get(personal_id=AN)

    # 1. The birth of An's newborn: no ID, no record yet, so An files it as
    # the requester, for himself; the requester's data come from his record, and
    # so does the father's part once he states he is the father (a grandparent
    # or another relative may declare a birth too): the register records An as a man.
    _start(page, base, BIRTH_REGISTRATION)
    birth = Dossier.objects.get(procedure__code=BIRTH_REGISTRATION, applicant=citizen)
    assert (birth.applicant, birth.subject_personal_id) == (citizen, AN)
    _confirm_preview(page, shows=[an["full_name"], an["permanent_address"]])
    record_id = f"DC-{AN}"
    _assert_locked(page, "requester_full_name", an["full_name"], record_id)
    _assert_locked(page, "requester_address", an["permanent_address"], record_id)
    # Nothing stated yet: no parent's part is his. Stated, the form is drawn again.
    expect(page.locator("[data-field=father_full_name]")).to_have_attribute("data-locked", "false")
    _type(page, {"relationship": "Cha"})
    father = {
        "father_full_name": an["full_name"],
        "father_date_of_birth": value_display(an["date_of_birth"]),
        "father_ethnicity": an["ethnicity"], "father_nationality": an["nationality"],
        "father_residence": an["permanent_address"], "father_personal_id": AN,
    }  # fmt: skip
    for field, value in father.items():
        _assert_locked(page, field, value, record_id)
    for component in ("giay-to-tuy-than", "giay-ket-hon-cha-me", "xac-nhan-cu-tru"):
        _assert_replaced(page, component)
    _upload(page, "giay-chung-sinh")  # the hospital's paper: no database holds it
    born = timezone.localdate() - datetime.timedelta(days=3)
    typed = {
        "child_full_name": "Nguyễn Minh Châu",
        "child_date_of_birth": born.isoformat(), "child_sex": "Nữ",
        "child_ethnicity": "Kinh", "child_nationality": "Việt Nam",
        "place_of_birth": "Bệnh viện Phụ sản Hải Phòng, Thành phố Hải Phòng",
        "place_of_origin": "Tỉnh Nam Định",  # the parents' choice: the mother's, say
        # The mother, as the declaration asks her: typed, no source names her
        # for a child with no record yet. An's own part he does not type.
        "mother_full_name": "Phạm Thị Thu", "mother_date_of_birth": "1992-08-30",
        "mother_ethnicity": "Kinh", "mother_nationality": "Việt Nam",
        "mother_residence": an["permanent_address"], "mother_personal_id": "031192004321",
        "phone": "0912345678",
    }  # fmt: skip
    _type(page, typed)
    _submit(page)

    birth.refresh_from_db()
    assert birth.status == DossierStatus.SUBMITTED
    assert _code_pattern().match(birth.code)
    _assert_tracked(page, birth)
    assert {name: birth.form_values[name] for name in typed} == typed
    assert birth.form_values["relationship"] == "Cha"
    # The locked values were never typed: they live in the snapshot, not the form.
    assert not {"requester_full_name", "requester_address", *father} & birth.form_values.keys()
    population = birth.prefill.sources.get(source="population").values
    assert population["full_name"]["value"] == an["full_name"]
    assert population["permanent_address"]["value"] == an["permanent_address"]
    assert population["personal_id"]["value"] == AN
    receipt = _receipt_text(page, base, birth)
    assert birth.code in receipt and "Đăng ký khai sinh" in receipt
    assert "Giấy tờ tùy thân của người đi đăng ký khai sinh" in receipt  # replaced, listed

    # 2. Khang's permanent residence, as the parent of a child of the household.
    _start(page, base, RESIDENCE_REGISTRATION, child=KHANG)
    residence = Dossier.objects.get(procedure__code=RESIDENCE_REGISTRATION, applicant=citizen)
    assert (residence.subject_personal_id, residence.acting_basis) == (KHANG, ActingBasis.PARENT)
    _confirm_preview(page, shows=[khang["full_name"], "21/09/2018"])
    expect(page.get_by_test_id("subject")).to_contain_text(f"{khang['full_name']}, {KHANG}")
    record_id = f"DC-{KHANG}"
    _assert_locked(page, "full_name", khang["full_name"], record_id)
    _assert_locked(page, "date_of_birth", value_display(khang["date_of_birth"]), record_id)
    _assert_locked(page, "sex", "Nam", record_id)  # the source's "male", in the form's words
    _assert_locked(page, "household_id", khang["household_id"], record_id)
    _assert_locked(page, "household_head_full_name", an["full_name"], record_id)  # his father
    _assert_locked(page, "permanent_address", khang["permanent_address"], record_id)
    _assert_replaced(page, "quan-he-nhan-than")
    # The land register replaces this paper only from 2027: uploaded for now.
    later = page.locator("[data-component='cho-o-hop-phap'] [data-testid=replaced-later]")
    expect(later).to_contain_text("01/01/2027")
    _upload(page, "cho-o-hop-phap")
    typed = {"request": "Đăng ký thường trú cho con về ở cùng cha mẹ",
             "new_address": an["permanent_address"]}  # fmt: skip
    _type(page, typed)
    _submit(page)

    residence.refresh_from_db()
    assert residence.status == DossierStatus.FINANCIAL_OBLIGATION
    assert residence.fee_vnd == 10_000  # the online rate, not the counter's 20.000
    assert _code_pattern().match(residence.code)
    page.get_by_role("link", name="Nộp phí, lệ phí").click()
    page.get_by_test_id("pay").click()
    expect(page.get_by_test_id("reference")).to_have_text(residence.code)
    expect(page.get_by_test_id("amount")).to_have_text("10.000 ₫")
    page.locator("label[for=method-VCB]").click()
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(page.get_by_test_id("payment-result")).to_have_attribute("data-payment-status", "paid")
    page.get_by_role("link", name="Theo dõi hồ sơ").click()

    residence.refresh_from_db()
    assert residence.status == DossierStatus.SUBMITTED and residence.due_date
    _assert_tracked(page, residence)
    assert residence.code != birth.code
    receipt = _receipt_text(page, base, residence)
    assert residence.code in receipt and "Nguyễn Minh Khang" in receipt
    assert "đã thanh toán" in receipt

    # Each dossier got one code on one submission.
    for dossier in (birth, residence):
        assert DossierEvent.objects.filter(dossier=dossier, from_status=DossierStatus.DRAFT
                                           ).count() == 1  # fmt: skip

    page.goto(f"{base}/dossiers/")
    for dossier in (birth, residence):
        row = page.locator("tr", has=page.locator(f"a[href='/dossiers/{dossier.pk}/']"))
        expect(row).to_contain_text(dossier.code)
        expect(row).to_contain_text(dossier.procedure.name)
        expect(row).to_contain_text("Mới nộp")
