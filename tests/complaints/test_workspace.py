"""The handlers' pages and the reporter's answers, over HTTP."""

import pytest
from django.urls import reverse

from complaints.models import ComplaintStatus, Violation
from portal.audit.models import ComplianceEventKind
from portal.audit.services import compliance_event_record
from tests.accounts.factories import OfficialFactory, WardFactory
from tests.complaints.factories import ComplaintFactory
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user, backend="portal.accounts.backends.VNeIDSessionBackend")


@pytest.fixture
def handler(client, hong_bang_ward):
    official = OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Hoa")
    _login(client, official)
    return official


def _act(client, complaint, **data):
    return client.post(reverse("complaint-workspace:act", kwargs={"code": complaint.code}), data)


def test_a_handler_takes_up_and_concludes_from_the_page(client, routed, handler):
    queue = client.get(reverse("complaint-workspace:queue"))
    assert routed.code in queue.content.decode()

    assert _act(client, routed, action="start").status_code == 302
    response = _act(client, routed, action="conclude", outcome="substantiated",
                    response="Đã chấn chỉnh, xin lỗi công dân.", confirmed="1")  # fmt: skip
    assert response.status_code == 302
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.CONCLUDED
    assert Violation.objects.filter(complaint=routed, unit=routed.unit).exists()


def test_an_illegal_move_is_a_409_that_changes_nothing(client, routed, handler):
    response = _act(client, routed, action="conclude", outcome="substantiated", response="x")
    assert response.status_code == 409
    assert "không thể thực hiện" in response.content.decode()
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.ROUTED


def test_bad_input_is_a_400_that_changes_nothing(client, routed, handler):
    _act(client, routed, action="start")
    response = _act(client, routed, action="conclude", outcome="", response="")
    assert response.status_code == 400
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.IN_HANDLING


def test_another_agencys_staff_and_citizens_cannot_see_it(client, routed, citizen):
    detail = reverse("complaint-workspace:complaint", kwargs={"code": routed.code})
    _login(client, OfficialFactory(agency=WardFactory()))
    assert client.get(detail).status_code == 404
    assert _act(client, routed, action="start").status_code == 404
    assert routed.code not in client.get(reverse("complaint-workspace:queue")).content.decode()
    _login(client, citizen)
    assert client.get(detail).status_code == 403


def test_the_linked_dossiers_history_and_refused_requests_are_in_view(client, routed, handler):
    dossier = DossierFactory(agency=routed.unit, applicant=routed.reporter,
                             code="11311-261125-0007")  # fmt: skip
    routed.dossier = dossier
    routed.save()
    compliance_event_record(kind=ComplianceEventKind.REPROVIDE_REFUSED, actor=handler,
                            reference=dossier.reference)  # fmt: skip
    page = client.get(reverse("complaint-workspace:complaint", kwargs={"code": routed.code}))
    html = page.content.decode()
    assert dossier.code in html
    assert 'data-testid="compliance-events"' in html


def test_the_reporter_answers_and_rates_through_the_tracking_link(client, routed, handler):
    _act(client, routed, action="start")
    _act(client, routed, action="ask_reporter", question="Bạn đến ngày nào?")
    client.logout()
    act = reverse("complaints:reporter-act", kwargs={"code": routed.code})

    assert client.post(act, {"action": "reply", "text": "Hôm qua", "t": "wrong"}).status_code == 404
    client.post(act, {"action": "reply", "text": "Ngày 20/11.", "t": routed.tracking_token})
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.IN_HANDLING

    _login(client, handler)
    _act(client, routed, action="conclude", outcome="unsubstantiated",
         response="Không có căn cứ.", confirmed="1")  # fmt: skip
    client.logout()
    refused = client.post(act, {"action": "rate", "rating": "1", "t": routed.tracking_token})
    assert refused.status_code == 400  # a low rating needs the reason
    client.post(act, {"action": "rate", "rating": "1", "comment": "Chưa thỏa đáng.",
                      "t": routed.tracking_token})  # fmt: skip
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.IN_HANDLING and routed.rating == 1


def test_the_service_center_reclassifies_and_routing_runs_again(
    client, routed, hong_bang_ward, django_capture_on_commit_callbacks
):
    from tests.accounts.factories import CenterStaffFactory
    from tests.complaints.factories import RoutingRuleFactory

    staff = CenterStaffFactory()
    RoutingRuleFactory(position=1, category="conduct", target_agency=staff.agency)
    _login(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(client, routed, action="reclassify", category="conduct",
                        unit=hong_bang_ward.pk)  # fmt: skip
    assert response.status_code == 302
    routed.refresh_from_db()
    assert routed.category == "conduct" and routed.responsible_agency == staff.agency
    assert routed.routings.get().automatic


def test_a_wrong_data_complaint_opens_a_correction_at_the_owner(
    client, routed, handler, gateway_live, data_owner
):
    from datasources.models import CorrectionRequest

    routed.category = "wrong_data"
    routed.save()
    _act(client, routed, action="start")
    response = _act(
        client, routed, action="correction", source_field="population:permanent_address"
    )
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert (request.source, request.field) == ("population", "permanent_address")
    assert request.subject_personal_id == routed.reporter.personal_id
    assert _act(client, routed, action="correction", source_field="nope:x").status_code == 400


def test_the_queue_flags_the_complaints_past_their_answer_date(client, routed, handler):
    import datetime

    from django.utils import timezone

    late = ComplaintFactory(unit=routed.unit, responsible_agency=routed.unit,
                            status=ComplaintStatus.ROUTED, routing_due=False,
                            due_date=timezone.localdate() - datetime.timedelta(days=1))  # fmt: skip
    routed.due_date = timezone.localdate() + datetime.timedelta(days=3)
    routed.save(update_fields=["due_date"])

    page = client.get(reverse("complaint-workspace:queue")).content.decode()

    rows = {row.split('href="')[1].split('"')[0]: row for row in page.split("<tr")[2:]}
    late_row = rows[reverse("complaint-workspace:complaint", kwargs={"code": late.code})]
    on_time_row = rows[reverse("complaint-workspace:complaint", kwargs={"code": routed.code})]
    assert 'data-overdue="true"' in late_row and "Quá hạn" in late_row
    assert 'data-overdue="true"' not in on_time_row and "Quá hạn" not in on_time_row


def test_the_queue_is_a_table_on_a_desktop_and_one_card_per_complaint_on_a_phone(
    client, routed, handler
):
    import re

    page = client.get(reverse("complaint-workspace:queue")).content.decode()

    table = re.search(r'<table ([^>]*data-testid="complaint-table"[^>]*)>(.*?)</table>', page,
                      re.S)  # fmt: skip
    assert table and "table-stack" in table.group(1)
    assert '<caption class="visually-hidden">' in table.group(2)
    columns = ["Mã phản ánh", "Nội dung", "Cơ quan, đơn vị bị phản ánh", "Trạng thái",
               "Cán bộ được phân công", "Hạn trả lời"]  # fmt: skip
    assert re.findall(r'<th scope="col">(.*?)</th>', table.group(2)) == columns
    # Below md each cell names its column, for sight only: screen readers read the headers.
    row = re.search(r'<tr data-testid="complaint-row"[^>]*>(.*?)</tr>', table.group(2), re.S)
    labels = re.findall(r'<span class="d-block d-md-none[^"]*" aria-hidden="true">(.*?)</span>',
                        row.group(1))  # fmt: skip
    assert labels == columns


def test_the_complaint_page_says_when_its_answer_is_overdue_and_when_no_routing_is_recorded(
    client, routed, handler
):
    import datetime

    from django.utils import timezone

    url = reverse("complaint-workspace:complaint", kwargs={"code": routed.code})
    routed.due_date = timezone.localdate() - datetime.timedelta(days=1)
    routed.save(update_fields=["due_date"])
    routed.routings.all().delete()

    page = client.get(url).content.decode()

    due = page.split('data-testid="due-date">')[1].split("</dd>")[0]
    assert "Quá hạn" in due
    assert "Chưa ghi nhận lần chuyển xử lý nào." in page

    routed.due_date = timezone.localdate() + datetime.timedelta(days=1)
    routed.save(update_fields=["due_date"])
    due = client.get(url).content.decode().split('data-testid="due-date">')[1].split("</dd>")[0]
    assert "Quá hạn" not in due


def test_a_refused_conclusion_shows_again_the_answer_typed_and_the_choices_made(
    client, routed, handler
):
    _act(client, routed, action="start")
    answer = "Đơn vị đã kiểm tra, cán bộ đã xin lỗi công dân & sẽ không tái diễn."

    response = _act(client, routed, action="conclude", outcome="", response=answer,
                    official_responsible=str(handler.pk))  # fmt: skip

    assert response.status_code == 400
    page = response.content.decode()
    typed = page.split('id="response" name="response" rows="4" maxlength="5000">')[1]
    assert typed.startswith("Đơn vị đã kiểm tra, cán bộ đã xin lỗi công dân &amp; sẽ không")
    assert f'<option value="{handler.pk}" selected>' in page
    routed.refresh_from_db()
    assert routed.status == ComplaintStatus.IN_HANDLING


def test_a_step_taken_is_confirmed_in_the_page_s_language(client, routed, handler, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.post(reverse("complaint-workspace:act", kwargs={"code": routed.code}),
                       {"action": "start"}, follow=True).content.decode()  # fmt: skip
    assert f"Complaint {routed.code} updated." in page
