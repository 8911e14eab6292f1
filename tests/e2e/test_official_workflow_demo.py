"""The demo official, Lê Thị Hoa of phường Hồng Bàng, works a dossier from her
queue to the returned result in a real browser, on the demo as `seed_demo`
loads it (real units, the starter catalog, the published replacement lists):
she logs in through the mock VNeID over OpenID Connect, receives the dossier,
is refused — with the attempt recorded — when she forces a request for a
document a national database replaces, records the data gap the source left
instead (which opens the correction request to the database owner), asks
for that document, and once the citizen has supplied it proposes it for
signature; the ward's chairman, told of it, signs it, which issues the
electronic result in his name, and she returns it online into the citizen's
document store."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from playwright.sync_api import Page, expect

from datasources.models import CorrectionRequest, CorrectionStatus
from dossiers import eforms
from dossiers.attachments import attachment_add
from dossiers.models import (
    DataGap,
    Dossier,
    DossierEvent,
    DossierStatus,
    PrefillStatus,
    ResultDocument,
    SupplementRequest,
)
from dossiers.services import dossier_draft_start, dossier_preview_confirm, dossier_submit
from dossiers.supplement_answers import supplement_answer
from portal.accounts.models import Agency, User
from portal.audit.models import ComplianceEvent, ComplianceEventKind
from procedures.models import DossierComponent, Procedure
from tests.e2e.test_vneid_login import _log_in_through_vneid

pytestmark = pytest.mark.django_db(transaction=True)

HOA = "031188002468"  # the demo official of phường Hồng Bàng
HUNG = "031072006688"  # the demo chairman of phường Hồng Bàng, who signs its results
AN = "031090001234"  # the demo citizen
PROCEDURE = "1.004884"  # Đăng ký lại khai sinh, a commune procedure of the starter catalog
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
S = DossierStatus

# What the citizen types on the form: what no national database holds.
TYPED = {
    "relationship": "Cha",
    "child_full_name": "Nguyễn Minh Khang",  # his son, born after him
    "child_date_of_birth": "2018-09-21",
    "child_sex": "Nam",
    "child_ethnicity": "Kinh",
    "child_nationality": "Việt Nam",
    "place_of_birth": "Bệnh viện Phụ sản Hải Phòng",
    "mother_full_name": "Trần Thị Lan",
    "mother_ethnicity": "Kinh",
    "mother_nationality": "Việt Nam",
    "mother_residence": "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng",
}


@pytest.fixture
def demo(settings, tmp_path, monkeypatch, live_server):
    """The demo as `make run` loads it, prefill reading the live server's gateway."""
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GATEWAY_URL = f"{live_server.url}/gateway"
    settings.GATEWAY_RETRY_BACKOFF = 0.01
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-only-in-this-test")
    call_command("seed_demo", stdout=io.StringIO())
    return live_server


def _submitted_dossier() -> Dossier:
    """The citizen's dossier, made through the journey's services."""
    citizen = User.objects.get(personal_id=AN)
    procedure = Procedure.objects.get(code=PROCEDURE)
    ward = Agency.objects.get(code="11311")
    dossier = dossier_draft_start(applicant=citizen, procedure=procedure, agency=ward)
    dossier.refresh_from_db()
    dossier_preview_confirm(dossier=dossier, by=citizen)
    shown = {field.name: field.value for field in eforms.form_fields(dossier=dossier)
             if field.locked}  # fmt: skip
    return dossier_submit(dossier=dossier, by=citizen, values={**shown, **TYPED})


def _act_button(page: Page, dossier: Dossier, action: str):
    form = page.locator(f"form[action='/workspace/{dossier.pk}/act/']").filter(
        has=page.locator(f"input[name=action][value={action}]")
    )
    return form.locator("button[type=submit]")


def test_the_demo_official_works_a_dossier_to_its_returned_result(page: Page, demo):
    base = demo.url
    hoa = User.objects.get(personal_id=HOA)
    citizen = User.objects.get(personal_id=AN)
    dossier = _submitted_dossier()
    assert dossier.status == S.SUBMITTED and dossier.code
    identity = DossierComponent.objects.get(procedure=dossier.procedure, code="giay-to-nhan-than")
    residence = DossierComponent.objects.get(procedure=dossier.procedure, code="xac-nhan-cu-tru")

    # Her queue of newly submitted dossiers (the demo's history fills the rest) shows it.
    _log_in_through_vneid(page, base, HOA)
    page.goto(f"{base}/workspace/?status=submitted")
    row = page.get_by_test_id("queue-row").filter(has_text=dossier.code)
    expect(row).to_contain_text("Mới nộp")
    row.get_by_role("link", name=dossier.code).click()
    expect(page.locator("h1")).to_contain_text(dossier.code)
    # The values came from the population database over the gateway, with their provenance.
    population = dossier.prefill.sources.get(source="population")
    assert population.status == PrefillStatus.OK and population.record_id
    name_row = page.get_by_test_id("form-value").filter(has_text="Nguyễn Văn An").first
    expect(name_row).to_contain_text("CSDL quốc gia về dân cư")
    expect(name_row).to_contain_text(population.record_id)

    # She receives it.
    _act_button(page, dossier, "receive").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã tiếp nhận")
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED
    received = dossier.events.get(action="receive")
    assert received.actor == hoa

    # The panel offers only what may lawfully be asked for: not the identity
    # papers nor the residence confirmation, which national databases replace.
    panel = page.get_by_test_id("supplement-panel")
    offered = panel.locator("input[name=components]")
    assert str(identity.pk) not in offered.evaluate_all("els => els.map(e => e.value)")
    assert str(residence.pk) not in offered.evaluate_all("els => els.map(e => e.value)")

    # A determined official forces it: a checkbox added to the page by hand.
    page.evaluate(
        """(pk) => {
            const panel = document.querySelector("[data-testid=supplement-panel]");
            const form = panel.querySelector("form[action$='/request/']");
            const box = document.createElement("input");
            box.type = "checkbox"; box.name = "components"; box.value = pk; box.checked = true;
            form.appendChild(box);
        }""",
        str(identity.pk),
    )
    page.locator("#supplement-reason").fill("Đề nghị nộp bản sao giấy tờ tùy thân")
    with page.expect_response(
        lambda r: r.url.endswith(f"/supplements/{dossier.pk}/request/")
    ) as sent:
        panel.locator("form[action$='/request/'] button[type=submit]").click()
        page.get_by_test_id("confirm-dialog").locator("[data-dialog-confirm]").click()
    assert sent.value.status == 409
    refusal = page.get_by_test_id("domain-error")
    expect(refusal).to_contain_text("Không được yêu cầu người nộp cung cấp lại giấy tờ")
    expect(refusal).to_contain_text(identity.name)

    # Or a request crafted from the page with its CSRF token, for the residence
    # confirmation next to a document that may be asked for: refused as a whole.
    page.goto(f"{base}/workspace/{dossier.pk}/")
    token = panel.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    askable = offered.first.get_attribute("value")
    fields = [
        ("csrfmiddlewaretoken", token),
        ("components", askable),
        ("components", str(residence.pk)),
        ("reason", "Đề nghị nộp giấy xác nhận cư trú"),
    ]
    crafted = page.request.post(
        f"{base}/workspace/supplements/{dossier.pk}/request/", data=urlencode(fields),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": page.url},
    )  # fmt: skip
    assert askable and crafted.status == 409
    assert "Không được yêu cầu người nộp cung cấp lại giấy tờ" in crafted.text()

    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED  # nothing changed
    assert not SupplementRequest.objects.filter(dossier=dossier).exists()
    assert list(dossier.events.values_list("action", flat=True)) == ["submit", "receive"]
    refused = ComplianceEvent.objects.filter(
        kind=ComplianceEventKind.REPROVIDE_REFUSED, reference=dossier.reference
    )
    assert [(event.actor, event.reference, event.detail["components"])
            for event in refused.order_by("id")] == [
        (hoa, dossier.reference, [identity.pk]), (hoa, dossier.reference, [residence.pk]),
    ]  # fmt: skip

    # The lawful way: the population database holds a wrong residence for
    # this person; she records the data gap with the evidence...
    page.goto(f"{base}/workspace/{dossier.pk}/")
    panel.locator("summary").click()
    page.locator("#gap-component").select_option(str(residence.pk))
    page.locator("#gap-evidence").fill(
        "CSDL quốc gia về dân cư trả về nơi thường trú cũ, trước khi công dân chuyển đến."
    )
    panel.locator("form[action$='/data-gap/'] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Đã ghi nhận thiếu dữ liệu")
    gap = DataGap.objects.get(dossier=dossier)
    assert (gap.component, gap.source, gap.recorded_by) == (residence, "population", hoa)
    # One correction request per field the residence confirmation is replaced by.
    corrections = CorrectionRequest.objects.filter(subject_personal_id=AN, source="population")
    assert set(corrections.values_list("field", flat=True)) == {
        "permanent_address", "temporary_address"
    }  # fmt: skip
    assert gap.correction_request in corrections
    assert {(c.status, c.owner_agency.code) for c in corrections} == {
        (CorrectionStatus.OPEN, "BCA.C06")
    }  # fmt: skip
    assert all(c.flags.get().flagged_by == hoa for c in corrections)
    recorded = ComplianceEvent.objects.get(
        kind=ComplianceEventKind.DATA_GAP_RECORDED, reference=dossier.reference
    )
    assert recorded.actor == hoa
    assert set(recorded.detail["correction_requests"]) == set(
        corrections.values_list("pk", flat=True)
    )

    # ... and now the panel offers that document, which she asks for.
    box = panel.locator(f"#supplement-component-{residence.pk}")
    expect(box).to_be_visible()
    box.check()
    page.locator("#supplement-reason").fill("Nguồn dữ liệu cư trú sai; đề nghị nộp giấy xác nhận.")
    panel.locator("form[action$='/request/'] button[type=submit]").click()
    page.get_by_test_id("confirm-dialog").locator("[data-dialog-confirm]").click()
    expect(page.get_by_test_id("status")).to_have_text("Yêu cầu bổ sung, hoàn thiện hồ sơ")
    supplement = SupplementRequest.objects.get(dossier=dossier)
    assert list(supplement.components.all()) == [residence]
    assert supplement.requested_by == hoa
    assert dossier.events.get(action="request_supplement").actor == hoa

    # The citizen supplies the document and sends the dossier back.
    upload = SimpleUploadedFile("xac-nhan-cu-tru.pdf", PDF, content_type="application/pdf")
    attachment_add(dossier=dossier, component=residence, upload=upload, by=citizen)
    supplement_answer(dossier=dossier, by=citizen)
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING

    # She proposes it for the chairman's signature; she may not sign it herself.
    page.goto(f"{base}/workspace/{dossier.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("Đang xử lý")
    _act_button(page, dossier, "propose_approval").click()
    expect(page.get_by_test_id("status")).to_have_text("Chờ lãnh đạo ký duyệt")
    expect(page.get_by_test_id("awaiting-signature")).to_be_visible()
    assert not ResultDocument.objects.filter(dossier=dossier).exists()

    # The chairman is told; he opens it from his queue and signs: the result is issued.
    hung = User.objects.get(personal_id=HUNG)
    chairman_page = page.context.browser.new_context(locale="vi-VN").new_page()
    try:
        _log_in_through_vneid(chairman_page, base, HUNG)
        chairman_page.goto(f"{base}/workspace/")
        chairman_page.get_by_test_id("to-sign").get_by_role("link").click()
        row = chairman_page.get_by_test_id("queue-row").filter(has_text=dossier.code)
        row.get_by_role("link", name=dossier.code).click()
        _act_button(chairman_page, dossier, "approve").click()
        confirm = chairman_page.get_by_test_id("confirm-dialog")  # final: confirmed
        expect(confirm).to_contain_text("Ký duyệt hồ sơ này?")
        confirm.locator("[data-dialog-confirm]").click()
        expect(chairman_page.get_by_test_id("status")).to_have_text("Đã xử lý xong")
    finally:
        chairman_page.context.close()
    assert hung.notifications.filter(title__contains=dossier.code).exists()
    result = ResultDocument.objects.get(dossier=dossier)
    assert result.issued_by == hung and result.subject_personal_id == AN
    page.reload()
    expect(page.get_by_test_id("status")).to_have_text("Đã xử lý xong")
    assert result.returned_at is None
    link = page.get_by_test_id("results").locator(f"a[href$='/{result.pk}/']")
    download = page.request.get(base + link.get_attribute("href"))
    assert download.ok and download.headers["content-type"] == "application/pdf"
    assert download.body().startswith(b"%PDF")

    # She returns it online.
    page.locator("#how").select_option("online")
    _act_button(page, dossier, "return_result").click()
    page.get_by_test_id("confirm-dialog").locator("[data-dialog-confirm]").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã trả kết quả")
    result.refresh_from_db()
    assert result.returned_at is not None

    # Every move is in the history with who made it.
    moves = list(DossierEvent.objects.filter(dossier=dossier).order_by("id")
                 .values_list("action", "actor__personal_id"))  # fmt: skip
    assert moves == [
        ("submit", AN), ("receive", HOA), ("request_supplement", HOA), ("resubmit", AN),
        ("propose_approval", HOA), ("approve", HUNG), ("return_result", HOA),
    ]  # fmt: skip
    history = page.get_by_test_id("event")
    expect(history).to_have_count(7)
    expect(history.last).to_contain_text("Đã trả kết quả")
    expect(history.last).to_contain_text("Lê Thị Hoa")
    national = page.request.get(f"{base}/workspace/{dossier.pk}/national-status.json").json()
    assert [entry["status"] for entry in national["history"]] == [1, 2, 5, 4, 4, 9, 10]

    # The result is in the citizen's document store.
    citizen_page = page.context.browser.new_context(locale="vi-VN").new_page()
    try:
        _log_in_through_vneid(citizen_page, base, AN)
        citizen_page.goto(f"{base}/dossiers/documents-store/")
        expect(citizen_page.locator("main")).to_contain_text(result.title)
        mine = citizen_page.request.get(f"{base}/dossiers/documents-store/{result.pk}/")
        with result.file.open("rb") as kept:
            assert mine.ok and mine.body() == kept.read()
    finally:
        citizen_page.context.close()
