"""A staff form naming something that does not exist, or that the user may
not choose (an official "abc" or of another unit, an unknown agency, a
violation of another unit, a complaint no longer waiting for review), is
answered on the same page with a 400, the bilingual reason next to the
field and what was typed kept, nothing changed; a 404 stays for an address
naming what the user may not see."""

from html import unescape

import pytest
from django.urls import reverse

from complaints.models import ComplaintStatus, DisclosureStatus, Violation
from complaints.services import DESCRIPTION_MAX
from tests.accounts.factories import (
    CenterStaffFactory,
    LeaderFactory,
    OfficialFactory,
    ProvinceFactory,
    WardFactory,
)
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user, backend="portal.accounts.backends.VNeIDSessionBackend")


@pytest.fixture
def handler(client, hong_bang_ward):
    official = OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Hoa")
    _login(client, official)
    return official


@pytest.fixture
def far_ward(db):
    ha_noi = ProvinceFactory(code="01", name="UBND thành phố Hà Nội", province_code=1)
    return WardFactory(code="00004", name="UBND phường Ba Đình", parent=ha_noi)


def _act(client, complaint, **data):
    return client.post(reverse("complaint-workspace:act", kwargs={"code": complaint.code}), data)


def _next_to(page: str, field: str) -> str:
    """The refusal said next to the field, or "" when it is not there."""
    marker = f'data-testid="error-{field}">'
    return unescape(page.split(marker, 1)[1].split("</div>", 1)[0]) if marker in page else ""


@pytest.mark.parametrize("named", ["abc", "999999", "", "9" * 40])
def test_assigning_to_an_official_that_does_not_exist_is_a_400_next_to_the_field(
    client, routed, handler, named
):
    response = _act(client, routed, action="assign", official=named)

    assert response.status_code == 400
    said = _next_to(response.content.decode(), "official")
    assert said == (
        'Chọn một cán bộ trong danh sách. <span lang="en">Choose an official from the list.</span>'
    )
    assert 'aria-describedby="official-error"' in response.content.decode()
    routed.refresh_from_db()
    assert routed.assigned_to is None and not routed.events.exists()


def test_assigning_to_an_official_of_another_unit_is_a_400_next_to_the_field(
    client, routed, handler, le_chan_ward
):
    elsewhere = OfficialFactory(agency=le_chan_ward)
    response = _act(client, routed, action="assign", official=str(elsewhere.pk))

    assert response.status_code == 400
    said = _next_to(response.content.decode(), "official")
    assert "Assign only to staff of the agency handling the complaint." in said
    routed.refresh_from_db()
    assert routed.assigned_to is None


def test_an_unknown_official_responsible_keeps_the_answer_and_the_outcome_typed(
    client, routed, handler
):
    _act(client, routed, action="start")
    answer = "Đơn vị đã kiểm tra & xin lỗi công dân."

    response = _act(client, routed, action="conclude", outcome="substantiated",
                    response=answer, official_responsible="abc")  # fmt: skip

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose an official from the list." in _next_to(page, "official_responsible")
    typed = page.split('id="response" name="response" rows="4" maxlength="5000">')[1]
    assert unescape(typed).startswith(answer)
    assert 'value="substantiated" checked' in page
    assert 'data-testid="error">' not in page  # said once, next to its field
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.IN_HANDLING and routed.outcome == ""


@pytest.fixture
def center_staff_client(client, hai_phong):
    staff = CenterStaffFactory(agency__parent=hai_phong)
    _login(client, staff)
    return client


@pytest.mark.parametrize("named", ["abc", "999999", "far", ""])
def test_rerouting_to_an_unknown_or_unseen_agency_is_a_400_with_the_reason_kept(
    center_staff_client, routed, hong_bang_ward, far_ward, named
):
    agency = str(far_ward.pk) if named == "far" else named
    response = _act(center_staff_client, routed, action="reroute", agency=agency,
                    reason="Thuộc thẩm quyền đơn vị khác")  # fmt: skip

    assert response.status_code == 400
    page = response.content.decode()
    said = _next_to(page, "agency")
    assert said == (
        'Chọn một cơ quan trong danh sách. <span lang="en">Choose an agency from the list.</span>'
    )
    assert 'value="Thuộc thẩm quyền đơn vị khác"' in page
    assert far_ward.name not in page  # an agency out of reach is never offered nor named
    routed.refresh_from_db()
    assert routed.responsible_agency == hong_bang_ward and not routed.routings.exists()


def test_reclassifying_to_an_unknown_unit_is_a_400_with_the_category_chosen_kept(
    center_staff_client, routed, hong_bang_ward, far_ward
):
    response = _act(center_staff_client, routed, action="reclassify", category="conduct",
                    unit=str(far_ward.pk))  # fmt: skip

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose an agency from the list." in _next_to(page, "unit")
    assert '<option value="conduct" selected>' in page
    routed.refresh_from_db()
    assert routed.unit == hong_bang_ward and routed.category != "conduct"


def test_a_complaint_of_another_unit_named_in_the_address_is_still_a_404(client, routed):
    _login(client, OfficialFactory(agency=WardFactory()))
    assert _act(client, routed, action="assign", official="abc").status_code == 404


@pytest.fixture
def violation(hong_bang_ward):
    complaint = ComplaintFactory(unit=hong_bang_ward)
    return Violation.objects.create(complaint=complaint, category=complaint.category,
                                    unit=hong_bang_ward)  # fmt: skip


@pytest.mark.parametrize("named", ["abc", "999999", "other"])
def test_a_violation_not_the_leaders_is_a_400_on_the_page(client, violation, hai_phong, named):
    other = Violation.objects.create(
        complaint=ComplaintFactory(unit=WardFactory()),
        category=violation.category,
        unit=WardFactory(),
    )
    _login(client, LeaderFactory(agency=WardFactory(code="11311")))
    response = client.post(reverse("complaint-workspace:violations"),
                           {"violation": str(other.pk) if named == "other" else named,
                            "action": "Kiểm điểm cán bộ."})  # fmt: skip

    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert "There is no such violation in the units you oversee." in page
    assert "Không có vi phạm này" in page
    other.refresh_from_db()
    assert other.action_taken == ""


def test_a_refused_action_is_said_next_to_its_row_with_the_text_typed_kept(
    client, violation, hai_phong
):
    _login(client, LeaderFactory(agency=hai_phong))
    typed = "Kiểm điểm " + "x" * DESCRIPTION_MAX
    response = client.post(reverse("complaint-workspace:violations"),
                           {"violation": violation.pk, "action": typed})  # fmt: skip

    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert "Say what was done." in _next_to(page, "action")
    assert f'value="{typed}"' in page
    violation.refresh_from_db()
    assert violation.action_taken == ""


def test_a_complaint_no_longer_waiting_for_review_is_a_400_on_the_page(client, hong_bang_ward):
    published = ComplaintFactory(unit=hong_bang_ward, status=ComplaintStatus.CONCLUDED,
                                 disclosure_status=DisclosureStatus.PUBLISHED)  # fmt: skip
    _login(client, CenterStaffFactory())
    for code in (published.code, "PA-KHONG-CO", ""):
        response = client.post(reverse("complaint-workspace:disclosure"),
                               {"code": code, "text": "Đã chấn chỉnh."})  # fmt: skip
        assert response.status_code == 400
        assert "This complaint is no longer waiting for review" in unescape(
            response.content.decode()
        )
    published.refresh_from_db()
    assert published.disclosure_status == DisclosureStatus.PUBLISHED
