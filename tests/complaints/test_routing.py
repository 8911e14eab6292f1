"""Routing: ordered rules, first match wins, the province's service center
when none matches; automatic and manual routings recorded; routing again
when the category or the unit changes."""

import pytest

from complaints.exceptions import ComplaintInvalid
from complaints.models import ComplaintCategory, ComplaintStatus, Routing
from complaints.routing import complaint_reroute, complaint_route
from complaints.services import Report, complaint_file, complaint_reclassify
from portal.accounts.models import AgencyKind
from portal.notifications.models import Notification
from tests.accounts.factories import AgencyFactory, CenterStaffFactory, OfficialFactory
from tests.complaints.factories import ComplaintFactory, RoutingRuleFactory
from tests.procedures.factories import ProcedureFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service_center(hai_phong):
    return CenterStaffFactory().agency


@pytest.fixture
def justice_department(hai_phong):
    return AgencyFactory(code="31.STP", name="Sở Tư pháp thành phố Hải Phòng",
                         kind=AgencyKind.PROVINCIAL_DEPARTMENT, parent=hai_phong,
                         province_code=31)  # fmt: skip


@pytest.fixture
def file_complaint(citizen, django_capture_on_commit_callbacks):
    """File as the citizen, running what waits for the commit (the routing task)."""

    def file(unit, **fields):
        report = Report(category=fields.pop("category", ComplaintCategory.REPROVIDE_DATA),
                        description="Bị yêu cầu nộp lại giấy tờ.", unit=unit, **fields)  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            complaint = complaint_file(report=report, reporter=citizen)
        complaint.refresh_from_db()
        return complaint

    return file


def test_filing_routes_the_complaint_by_the_first_matching_rule(
    file_complaint, hong_bang_ward, justice_department, service_center
):
    official = OfficialFactory(agency=hong_bang_ward)
    RoutingRuleFactory(position=10, category=ComplaintCategory.CONDUCT,
                       target_agency=justice_department)  # fmt: skip
    matching = RoutingRuleFactory(position=20, category=ComplaintCategory.REPROVIDE_DATA,
                                  unit=hong_bang_ward.parent, target_agency=hong_bang_ward,
                                  target_official=official)  # fmt: skip
    RoutingRuleFactory(position=30, target_agency=justice_department)  # matches too, but later

    complaint = file_complaint(hong_bang_ward)  # routed by the task, run on commit
    complaint.refresh_from_db()

    assert complaint.status == ComplaintStatus.ROUTED
    assert complaint.responsible_agency == hong_bang_ward and complaint.assigned_to == official
    routing = complaint.routings.get()
    assert routing.automatic and routing.rule == matching


def test_rule_order_is_the_position_not_the_creation_order(
    file_complaint, hong_bang_ward, justice_department, service_center
):
    RoutingRuleFactory(position=50, target_agency=hong_bang_ward)
    first = RoutingRuleFactory(position=5, target_agency=justice_department)
    complaint = file_complaint(hong_bang_ward)
    assert complaint.routings.get().rule == first


def test_a_rule_by_sector_or_procedure_matches_only_complaints_about_it(
    file_complaint, hong_bang_ward, justice_department, service_center
):
    civil_status = SectorFactory(code="ho-tich")
    birth = ProcedureFactory(code="1.001193", sector=civil_status)
    RoutingRuleFactory(position=10, sector=civil_status, target_agency=justice_department)
    about_birth = file_complaint(hong_bang_ward, procedure=birth)
    about_nothing = file_complaint(hong_bang_ward)
    about_birth.refresh_from_db()
    about_nothing.refresh_from_db()
    assert about_birth.responsible_agency == justice_department
    assert about_nothing.responsible_agency == service_center


def test_without_a_matching_rule_the_province_service_center_takes_it(
    file_complaint, hong_bang_ward, service_center
):
    RoutingRuleFactory(position=10, category=ComplaintCategory.CONDUCT,
                       target_agency=hong_bang_ward)  # fmt: skip
    complaint = file_complaint(hong_bang_ward)
    complaint.refresh_from_db()
    routing = complaint.routings.get()
    assert complaint.responsible_agency == service_center
    assert routing.automatic and routing.rule is None


def test_an_inactive_rule_is_skipped(file_complaint, hong_bang_ward, service_center):
    RoutingRuleFactory(position=1, target_agency=hong_bang_ward, active=False)
    complaint = file_complaint(hong_bang_ward)
    complaint.refresh_from_db()
    assert complaint.responsible_agency == service_center


def test_routing_twice_routes_once(file_complaint, hong_bang_ward, service_center):
    complaint = file_complaint(hong_bang_ward)
    assert complaint_route(complaint_id=complaint.pk) is None
    assert Routing.objects.filter(complaint=complaint).count() == 1


def test_reclassifying_routes_again_under_the_new_facts(
    file_complaint,
    django_capture_on_commit_callbacks,
    hong_bang_ward,
    justice_department,
    service_center,
):
    RoutingRuleFactory(position=10, category=ComplaintCategory.WRONG_DATA,
                       target_agency=justice_department)  # fmt: skip
    complaint = file_complaint(hong_bang_ward)
    staff = CenterStaffFactory()

    with django_capture_on_commit_callbacks(execute=True):
        complaint_reclassify(complaint=complaint, by=staff, category=ComplaintCategory.WRONG_DATA)

    complaint.refresh_from_db()
    assert complaint.responsible_agency == justice_department
    assert [r.automatic for r in complaint.routings.all()] == [True, True]
    assert complaint.events.filter(action="reclassify", actor=staff).exists()


def test_manual_rerouting_needs_a_reason_and_is_recorded(
    file_complaint, hong_bang_ward, justice_department, service_center
):
    complaint = file_complaint(hong_bang_ward)
    staff = CenterStaffFactory()
    with pytest.raises(ComplaintInvalid):
        complaint_reroute(complaint=complaint, agency=justice_department, by=staff, reason=" ")

    complaint_reroute(complaint=complaint, agency=justice_department, by=staff,
                      reason="Thuộc thẩm quyền của Sở Tư pháp")  # fmt: skip

    complaint.refresh_from_db()
    manual = complaint.routings.last()
    assert complaint.responsible_agency == justice_department
    assert not manual.automatic and manual.by == staff and manual.reason


def test_the_reporter_is_told_when_another_agency_handles_it_not_when_it_changes_hands_within(
    citizen, file_complaint, hong_bang_ward, justice_department, service_center
):
    """Whom it is assigned to inside the agency is the administration's own
    (complaints.reporter_history): the reporter hears of the agency alone."""
    complaint = file_complaint(hong_bang_ward)
    staff = CenterStaffFactory()
    sent_to_a_unit = Notification.objects.filter(
        user=citizen, title__contains="đã được chuyển đến đơn vị xử lý"
    )
    assert sent_to_a_unit.count() == 1  # routed once filed: the centre, by the fallback

    for official in OfficialFactory.create_batch(2, agency=service_center):
        complaint_reroute(complaint=complaint, agency=service_center, official=official, by=staff,
                          reason="Chuyển cán bộ khác xử lý")  # fmt: skip
    complaint_reroute(complaint=complaint, agency=service_center, by=staff, reason="Trả về đơn vị")
    assert sent_to_a_unit.count() == 1
    assert complaint.routings.count() == 4

    complaint_reroute(complaint=complaint, agency=justice_department, by=staff,
                      reason="Thuộc thẩm quyền của Sở Tư pháp")  # fmt: skip
    assert sent_to_a_unit.count() == 2
    assert sent_to_a_unit.first().body.startswith(f"Đơn vị xử lý: {justice_department.name}.")


def test_an_official_of_another_agency_cannot_be_routed_to(
    file_complaint, hong_bang_ward, justice_department, service_center
):
    complaint = ComplaintFactory(unit=hong_bang_ward)
    stranger = OfficialFactory(agency=hong_bang_ward)
    with pytest.raises(ComplaintInvalid) as refused:
        complaint_reroute(complaint=complaint, agency=justice_department, official=stranger,
                          by=CenterStaffFactory(), reason="Chuyển")  # fmt: skip
    assert refused.value.field == "official"
    assert not complaint.routings.exists()
