"""Nobody handles a complaint about themselves: the official the reporter
names, or one who acted on the dossier it is about, is neither routed it by a
rule, nor assigned it, nor may take it up; another official of the unit does."""

import pytest
from django.test import Client

from complaints.exceptions import ComplaintInvalid
from complaints.handling import complaint_assign, complaint_start
from complaints.models import ComplaintCategory, ComplaintStatus
from complaints.selectors import complaint_assignees
from complaints.services import Report, complaint_file
from dossiers.models import DossierEvent, DossierStatus
from tests.accounts.factories import OfficialFactory
from tests.complaints.factories import RoutingRuleFactory
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


@pytest.fixture
def hoa(hong_bang_ward):
    return OfficialFactory(full_name="Lê Thị Hoa", agency=hong_bang_ward)


@pytest.fixture
def colleague(hong_bang_ward):
    return OfficialFactory(full_name="Trần Văn Bảo", agency=hong_bang_ward)


@pytest.fixture
def file_complaint(citizen, hong_bang_ward, django_capture_on_commit_callbacks):
    def file(**fields):
        report = Report(category=ComplaintCategory.REPROVIDE_DATA, unit=hong_bang_ward,
                        description="Cán bộ yêu cầu nộp lại giấy khai sinh.", **fields)  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            complaint = complaint_file(report=report, reporter=citizen)
        complaint.refresh_from_db()
        return complaint

    return file


def test_a_rule_does_not_hand_a_complaint_to_the_official_it_names(
    file_complaint, hong_bang_ward, hoa, colleague
):
    RoutingRuleFactory(position=10, target_agency=hong_bang_ward, target_official=hoa)

    named = file_complaint(official_named="  le thi HOA ")
    other = file_complaint(official_named="Nguyễn Văn Khác")

    assert named.status == ComplaintStatus.ROUTED
    assert named.responsible_agency == hong_bang_ward and named.assigned_to is None
    assert other.assigned_to == hoa


def test_an_official_who_acted_on_the_dossier_is_not_offered_nor_assigned_it(
    file_complaint, citizen, hong_bang_ward, hoa, colleague
):
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward, code="11311-261207-0001",
                             status=DossierStatus.RECEIVED)  # fmt: skip
    DossierEvent.objects.create(dossier=dossier, action="receive", from_status="submitted",
                                to_status="received", actor=hoa)  # fmt: skip
    RoutingRuleFactory(position=10, target_agency=hong_bang_ward)
    complaint = file_complaint(dossier=dossier)

    assert list(complaint_assignees(complaint=complaint)) == [colleague]
    with pytest.raises(ComplaintInvalid, match="another official of the unit handles it"):
        complaint_assign(complaint=complaint, official=hoa, by=colleague)
    with pytest.raises(ComplaintInvalid, match="another official of the unit handles it"):
        complaint_start(complaint=complaint, by=hoa)
    complaint.refresh_from_db()
    assert complaint.assigned_to is None and complaint.status == ComplaintStatus.ROUTED

    complaint_start(complaint=complaint, by=colleague)
    complaint.refresh_from_db()
    assert complaint.assigned_to == colleague


def test_the_named_official_taking_it_up_over_http_is_refused_and_nothing_changes(
    file_complaint, hong_bang_ward, hoa
):
    RoutingRuleFactory(position=10, target_agency=hong_bang_ward)
    complaint = file_complaint(official_named="Lê Thị Hoa")
    client = Client()
    client.force_login(hoa, backend=LOGIN)

    response = client.post(f"/workspace/complaints/{complaint.code}/act/", {"action": "start"})

    complaint.refresh_from_db()
    assert response.status_code == 400
    page = response.content.decode()
    assert "một cán bộ khác của đơn vị xử lý" in page and "another official" in page
    assert complaint.status == ComplaintStatus.ROUTED and complaint.assigned_to is None
