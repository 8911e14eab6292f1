"""A citizen reports being asked again for data the state holds, and the
official it is routed to handles it, in a real browser: both log in through
the mock VNeID; the complaint is routed by the first matching rule; the
substantiated outcome becomes a violation the citizen's tracking page shows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from complaints.models import Complaint, ComplaintStatus, Violation
from portal.accounts.models import Agency, AgencyKind, Role, User
from tests.complaints.factories import RoutingRuleFactory
from tests.e2e.test_vneid_login import _log_in_through_vneid

pytestmark = pytest.mark.django_db(transaction=True)

AN = "031090001234"
HOA = "031188002468"


@pytest.fixture
def hong_bang(db):
    province = Agency.objects.create(
        code="31", name="UBND thành phố Hải Phòng", kind=AgencyKind.PROVINCE_COMMITTEE,
        province_code=31,
    )  # fmt: skip
    return Agency.objects.create(code="11311", name="UBND phường Hồng Bàng",
                                 kind=AgencyKind.COMMUNE_COMMITTEE, parent=province,
                                 province_code=31, ward_code=11311)  # fmt: skip


def test_a_citizen_files_and_the_official_it_is_routed_to_concludes(page: Page, live_server,
                                                                     hong_bang):  # fmt: skip
    hoa = User.objects.create(username=HOA, personal_id=HOA, full_name="Lê Thị Hoa",
                              role=Role.OFFICIAL, agency=hong_bang)  # fmt: skip
    RoutingRuleFactory(position=10, unit=hong_bang, target_agency=hong_bang, target_official=hoa)

    _log_in_through_vneid(page, live_server.url, AN)
    page.get_by_role("link", name="Phản ánh của tôi").click()
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    page.locator("#province").select_option("31")  # reloads with the province's units
    page.get_by_label("Bị yêu cầu cung cấp lại thông tin đã có trong cơ sở dữ liệu").check()
    page.locator("select[name=unit]").select_option(label="UBND phường Hồng Bàng")
    page.locator("textarea[name=description]").fill(
        "Bộ phận một cửa yêu cầu tôi nộp bản photo căn cước <script>alert(1)</script>"
    )
    page.locator("input[name=requested_item]").fill("Bản photo căn cước")
    page.get_by_role("button", name="Gửi phản ánh").click()

    complaint = Complaint.objects.get()
    expect(page.locator("h1")).to_contain_text(complaint.code)
    expect(page.get_by_test_id("responsible")).to_contain_text("UBND phường Hồng Bàng")
    expect(page.locator("dd", has_text="<script>alert(1)</script>")).to_be_visible()  # as text

    page.context.clear_cookies()
    _log_in_through_vneid(page, live_server.url, HOA)
    page.goto(f"{live_server.url}/workspace/complaints/")
    page.get_by_role("link", name=complaint.code).click()
    page.get_by_role("button", name="Nhận xử lý phản ánh này").click()
    expect(page.get_by_test_id("status")).to_have_text("Đang xử lý")
    page.get_by_label("Phản ánh đúng").check()
    page.locator("textarea[name=response]").fill(
        "Đã chấn chỉnh bộ phận một cửa: thông tin căn cước được khai thác từ CSDL dân cư."
    )
    page.get_by_role("button", name="Trả lời và kết thúc").click()
    page.get_by_test_id("confirm-dialog").locator("[data-dialog-confirm]").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã có kết quả xử lý")

    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CONCLUDED
    assert Violation.objects.get(complaint=complaint).unit == hong_bang
    page.context.clear_cookies()
    _log_in_through_vneid(page, live_server.url, AN)
    page.goto(f"{live_server.url}/complaints/{complaint.code}/")
    expect(page.get_by_text("Đã chấn chỉnh bộ phận một cửa")).to_be_visible()


def test_choosing_a_dossier_filed_for_the_citizen_brings_its_province_and_unit(
    page: Page, live_server, hong_bang
):
    """A dossier a representative filed for the citizen (its subject) is
    offered; choosing it while another province's units are shown puts its
    province and unit in the form, said aloud; the complaint goes to its unit."""
    from django.utils import timezone

    from dossiers.models import DossierStatus
    from tests.accounts.factories import CitizenFactory
    from tests.dossiers.factories import DossierFactory

    User.objects.create(username=AN, personal_id=AN, full_name="Nguyễn Văn An", role=Role.CITIZEN)
    ha_noi = Agency.objects.create(code="01", name="UBND thành phố Hà Nội",
                                   kind=AgencyKind.PROVINCE_COMMITTEE, province_code=1)  # fmt: skip
    Agency.objects.create(code="00004", name="UBND phường Ba Đình", parent=ha_noi,
                          kind=AgencyKind.COMMUNE_COMMITTEE, province_code=1)  # fmt: skip
    dossier = DossierFactory(
        applicant=CitizenFactory(full_name="Đỗ Minh Khoa"), subject_personal_id=AN,
        agency=hong_bang, code="11311-261207-0001", status=DossierStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )  # fmt: skip
    RoutingRuleFactory(position=10, unit=hong_bang, target_agency=hong_bang)

    _log_in_through_vneid(page, live_server.url, AN)
    page.goto(f"{live_server.url}/complaints/new/?province=1")
    ba_dinh = page.locator("select[name=unit] option", has_text="UBND phường Ba Đình")
    expect(ba_dinh).to_have_count(1)

    chooser = page.locator("select[name=dossier]")
    chooser.focus()
    chooser.select_option(str(dossier.pk))

    expect(page.locator("#province")).to_have_value("31")
    expect(page.locator("select[name=unit]")).to_have_value(str(hong_bang.pk))
    expect(page.get_by_test_id("place-status")).to_contain_text("UBND phường Hồng Bàng")
    expect(chooser).to_be_focused()  # the parts around it change, not the list in use
    page.get_by_label("Bị yêu cầu cung cấp lại thông tin đã có trong cơ sở dữ liệu").check()
    page.locator("textarea[name=description]").fill("Bị yêu cầu nộp bản sao khai sinh.")
    page.get_by_role("button", name="Gửi phản ánh").click()

    expect(page.get_by_test_id("responsible")).to_contain_text("UBND phường Hồng Bàng")
    complaint = Complaint.objects.get()
    assert (complaint.dossier, complaint.unit) == (dossier, hong_bang)
