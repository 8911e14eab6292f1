"""Deadlines: overdue dossiers, the apology slip they need before moving on,
and the escalation to the unit's leaders at three times the processing time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dossiers.deadlines import ApologyRefused, apology_issue, escalations_run, is_overdue
from dossiers.exceptions import TransitionRefused
from dossiers.models import ApologySlip, Attachment, Dossier, DossierStatus
from dossiers.services import dossier_fee_paid
from dossiers.states import allowed_actions, transition
from dossiers.supplement_answers import supplement_answer
from payments.models import PaymentStatus
from portal.core.working_days import due_date, next_working_day, working_days_add
from portal.notifications.models import Notification
from tests.accounts.factories import LeaderFactory, ProvinceFactory
from tests.dossiers.factories import DossierFactory, SupplementRequestFactory
from tests.payments.factories import PaymentFactory
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus
HANOI = datetime.timezone(datetime.timedelta(hours=7))


def _overdue(unit, status=S.SUBMITTED, days_late=3, **fields):
    today = timezone.localdate()
    values = {
        "agency": unit, "status": status, "code": f"{unit.code}-261101-0001",
        "submitted_at": timezone.now() - datetime.timedelta(days=20),
        "due_date": today - datetime.timedelta(days=days_late),
    } | fields  # fmt: skip
    return DossierFactory(**values)


def _future_working_day():
    return next_working_day(timezone.localdate())


# Overdue detection


def test_a_dossier_due_on_friday_is_not_overdue_that_day_but_is_on_monday(hong_bang_ward):
    dossier = DossierFactory(agency=hong_bang_ward, status=S.IN_PROCESSING,
                             due_date=datetime.date(2026, 11, 27))  # fmt: skip
    assert not is_overdue(dossier, datetime.date(2026, 11, 27))
    assert is_overdue(dossier, datetime.date(2026, 11, 28))
    assert is_overdue(dossier, datetime.date(2026, 11, 30))


def test_tet_does_not_count_towards_the_deadline(hong_bang_ward):
    # Submitted on the Thursday before Tết Đinh Mùi (6 February 2027), three working days.
    submitted = datetime.datetime(2027, 2, 4, 9, 0, tzinfo=HANOI)
    due = due_date(submitted, 3)
    assert due > datetime.date(2027, 2, 12)  # the Tết days are not working days
    dossier = DossierFactory(agency=hong_bang_ward, status=S.IN_PROCESSING,
                             submitted_at=submitted, due_date=due)  # fmt: skip
    for day in range(5, 13):
        assert not is_overdue(dossier, datetime.date(2027, 2, day))
    assert not is_overdue(dossier, due)
    assert is_overdue(dossier, due + datetime.timedelta(days=1))


def test_a_dossier_whose_result_is_no_longer_owed_is_never_overdue(hong_bang_ward):
    for status in (S.RESULT_READY, S.RESULT_RETURNED, S.WITHDRAWN, S.NOT_RESOLVED, S.DRAFT):
        assert not is_overdue(_overdue(hong_bang_ward, status=status, code=None))


# The guard and the apology slip


def test_an_overdue_dossier_cannot_move_on_until_an_apology_is_issued(
    client, commune_official, citizen, hong_bang_ward
):
    dossier = _overdue(hong_bang_ward, applicant=citizen)
    client.force_login(commune_official, backend=LOGIN)
    response = client.post(reverse("workspace:act", args=[dossier.pk]), {"action": "receive"})
    assert response.status_code == 409
    assert "cần lập phiếu xin lỗi" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED and not dossier.events.exists()
    assert "receive" not in allowed_actions(dossier=dossier, user=commune_official)

    new_date = _future_working_day()
    slip = apology_issue(dossier=dossier, by=commune_official, new_due_date=new_date,
                         reason="Chờ xác minh từ cơ sở dữ liệu đất đai")  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.due_date == new_date and slip.new_due_date == new_date
    assert Notification.objects.filter(user=citizen, title__contains=dossier.code).exists()

    response = client.post(reverse("workspace:act", args=[dossier.pk]), {"action": "receive"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED


@pytest.mark.parametrize(
    ("status", "action", "reason"),
    [(S.RECEIVED, "start_processing", ""), (S.IN_PROCESSING, "propose_approval", ""),
     (S.IN_PROCESSING, "propose_not_resolve", "Không đủ điều kiện"),
     (S.IN_PROCESSING, "request_supplement", "Thiếu giấy tờ")],
)  # fmt: skip
def test_the_guard_refuses_each_forward_move(commune_official, hong_bang_ward, status, action,
                                             reason):  # fmt: skip
    dossier = _overdue(hong_bang_ward, status=status)
    with pytest.raises(TransitionRefused, match="quá hạn"):
        transition(dossier=dossier, action=action, by=commune_official, reason=reason)
    dossier.refresh_from_db()
    assert dossier.status == status


def test_a_dossier_on_time_moves_without_an_apology(commune_official, hong_bang_ward):
    dossier = _overdue(hong_bang_ward, days_late=-2)
    transition(dossier=dossier, action="receive", by=commune_official)
    assert dossier.status == S.RECEIVED


def test_the_apology_is_refused_when_not_lawful(
    commune_official, other_commune_official, hong_bang_ward
):
    dossier = _overdue(hong_bang_ward)
    good = _future_working_day()
    saturday = good + datetime.timedelta(days=(5 - good.weekday()) % 7)
    cases = [
        {"by": other_commune_official, "new_due_date": good, "reason": "x"},
        {"by": commune_official, "new_due_date": timezone.localdate(), "reason": "x"},
        {"by": commune_official, "new_due_date": saturday, "reason": "x"},
        {"by": commune_official, "new_due_date": good, "reason": "  "},
    ]
    for case in cases:
        with pytest.raises(ApologyRefused):
            apology_issue(dossier=dossier, **case)
    on_time = _overdue(hong_bang_ward, days_late=-2, code="11311-261101-0002")
    with pytest.raises(ApologyRefused, match="chưa quá hạn"):
        apology_issue(dossier=on_time, by=commune_official, new_due_date=good, reason="x")
    assert not ApologySlip.objects.exists()


# Escalation at three times the processing time


def test_escalation_at_three_times_the_processing_time_once(
    client, leader, commune_official, hong_bang_ward
):
    other_province_leader = LeaderFactory(agency=ProvinceFactory(code="01", name="Hà Nội"))
    procedure = ProcedureFactory(code="1.000001", name="Cấp bản sao trích lục", processing_days=2)
    # Monday 23 November 2026, 09:00; 24 November (Vietnamese Culture Day) is a
    # holiday, so six working days later is Wednesday 2 December.
    # Its due date, two working days on, is Thursday 26 November.
    submitted = datetime.datetime(2026, 11, 23, 9, tzinfo=HANOI)
    dossier = DossierFactory(
        agency=hong_bang_ward, procedure=procedure, status=S.IN_PROCESSING,
        code="11311-261123-0001", submitted_at=submitted, due_date=due_date(submitted, 2),
    )  # fmt: skip
    assert dossier.due_date == datetime.date(2026, 11, 26)
    assert escalations_run(today=datetime.date(2026, 12, 1)) == []
    assert escalations_run(today=datetime.date(2026, 12, 2)) == [dossier]
    assert escalations_run(today=datetime.date(2026, 12, 3)) == []
    dossier.refresh_from_db()
    assert dossier.escalated_at is not None
    assert Notification.objects.filter(user=leader, title__contains=dossier.code).count() == 1
    assert not Notification.objects.filter(user=other_province_leader).exists()
    assert not Notification.objects.filter(user=commune_official).exists()
    client.force_login(commune_official, backend=LOGIN)
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert 'data-testid="escalated"' in page


def test_the_escalation_notice_is_vietnamese_then_english(leader, hong_bang_ward):
    submitted = datetime.datetime(2026, 11, 23, 9, tzinfo=HANOI)
    DossierFactory(agency=hong_bang_ward, status=S.IN_PROCESSING, code="11311-261123-0001",
                   submitted_at=submitted, due_date=due_date(submitted, 2))  # fmt: skip
    with translation.override("en"):
        escalations_run(today=datetime.date(2026, 12, 30))

    body = Notification.objects.get(user=leader).body
    assert body.endswith("Hạn trả kết quả: 26/11/2026. Result due: 26/11/2026.")
    assert hong_bang_ward.name in body


def test_closed_dossiers_are_not_escalated(leader, hong_bang_ward):
    DossierFactory(agency=hong_bang_ward, status=S.RESULT_RETURNED,
                   submitted_at=datetime.datetime(2026, 1, 5, 9, tzinfo=HANOI))  # fmt: skip
    assert escalations_run(today=datetime.date(2026, 12, 1)) == []


def test_a_dossier_waiting_for_the_applicant_is_not_escalated(leader, hong_bang_ward):
    DossierFactory(agency=hong_bang_ward, status=S.SUPPLEMENT_REQUESTED,
                   submitted_at=datetime.datetime(2026, 1, 5, 9, tzinfo=HANOI),
                   due_date=datetime.date(2026, 1, 7))  # fmt: skip
    assert escalations_run(today=datetime.date(2026, 12, 1)) == []
    assert not is_overdue(DossierFactory.build(status=S.SUPPLEMENT_REQUESTED,
                                               due_date=datetime.date(2026, 1, 7)))  # fmt: skip


# The applicant's days do not count towards the escalation: the due date leaves them out.

MONDAY = datetime.datetime(2026, 11, 2, 9, tzinfo=HANOI)  # submitted: due Wednesday 4 November
ASKED = datetime.datetime(2026, 11, 3, 10, tzinfo=HANOI)
ANSWERED = datetime.datetime(2026, 11, 16, 9, tzinfo=HANOI)  # nine working days after the request


class _Clock:
    """The portal's clock, set by the test: every record made meanwhile is stamped with it."""

    def __init__(self, monkeypatch, at: datetime.datetime) -> None:
        self.at = at
        monkeypatch.setattr("django.utils.timezone.now", lambda: self.at)


def _two_day_dossier(unit, applicant, status):
    procedure = ProcedureFactory(code="1.000002", name="Chứng thực bản sao", processing_days=2)
    DossierComponentFactory(procedure=procedure, name="Bản chính giấy tờ", position=1)
    return DossierFactory(
        agency=unit, procedure=procedure, applicant=applicant, status=status,
        code="11311-261102-0001", submitted_at=MONDAY, due_date=due_date(MONDAY, 2),
    )  # fmt: skip


def _supplemented(dossier, official, clock, *, asked=ASKED, answered=ANSWERED):
    """The unit asks for a document (by default on 3 November); the applicant
    sends it (by default on 16 November)."""
    component = dossier.procedure.components.get()
    clock.at = asked
    SupplementRequestFactory(dossier=dossier, requested_by=official, components=[component],
                             reason="Bản chụp không rõ")  # fmt: skip
    clock.at = answered
    Attachment.objects.create(
        dossier=dossier, component=component, file=f"dossiers/{dossier.pk}/ban-chinh.pdf",
        original_name="ban-chinh.pdf", content_type="application/pdf", size=1024,
        sha256="0" * 64, uploaded_by=dossier.applicant,
    )  # fmt: skip
    supplement_answer(dossier=dossier, by=dossier.applicant)
    dossier.refresh_from_db()
    return dossier


def test_a_dossier_completed_before_reception_escalates_from_its_completion(
    leader, citizen, commune_official, hong_bang_ward, monkeypatch
):
    clock = _Clock(monkeypatch, MONDAY)
    dossier = _supplemented(_two_day_dossier(hong_bang_ward, citizen, S.SUBMITTED),
                            commune_official, clock)  # fmt: skip
    # Received only once complete: due two working days after 16 November.
    assert dossier.status == S.SUBMITTED and dossier.due_date == datetime.date(2026, 11, 18)

    # Six working days from the first submission were long past; from the
    # completion they run out on 25 November (24 November is a holiday).
    assert escalations_run(today=datetime.date(2026, 11, 23)) == []
    assert escalations_run(today=datetime.date(2026, 11, 25)) == [dossier]
    assert Notification.objects.filter(user=leader, title__contains=dossier.code).count() == 1


def test_the_days_a_supplement_waited_in_processing_do_not_count(
    leader, citizen, commune_official, hong_bang_ward, monkeypatch
):
    clock = _Clock(monkeypatch, MONDAY)
    dossier = _supplemented(_two_day_dossier(hong_bang_ward, citizen, S.IN_PROCESSING),
                            commune_official, clock)  # fmt: skip
    # Due 4 November, moved by the nine working days the request waited.
    assert dossier.status == S.IN_PROCESSING and dossier.due_date == datetime.date(2026, 11, 17)

    # The unit's six days: 2–3 November, then 16–20 November's first four after the answer.
    assert escalations_run(today=datetime.date(2026, 11, 20)) == []
    assert escalations_run(today=datetime.date(2026, 11, 23)) == [dossier]


@pytest.mark.parametrize(
    ("asked", "answered", "due"),
    [
        # Asked and answered the same evening, after the desk's cut-off: both
        # count on Wednesday, and no working day passed without the documents.
        ((3, 23, 23), (3, 23, 24), datetime.date(2026, 11, 4)),
        # Asked after the cut-off, answered first thing the next working day.
        ((3, 16, 0), (4, 9, 0), datetime.date(2026, 11, 4)),
        # Asked in the morning, answered after the cut-off: it counts on Wednesday.
        ((3, 10, 0), (3, 16, 0), datetime.date(2026, 11, 5)),
        # Asked in the morning, answered the next morning.
        ((3, 10, 0), (4, 9, 0), datetime.date(2026, 11, 5)),
    ],
)
def test_the_request_and_the_answer_count_on_the_working_day_each_is_made(
    citizen, commune_official, hong_bang_ward, monkeypatch, asked, answered, due
):
    clock = _Clock(monkeypatch, MONDAY)
    dossier = _supplemented(
        _two_day_dossier(hong_bang_ward, citizen, S.IN_PROCESSING), commune_official, clock,
        asked=datetime.datetime(2026, 11, asked[0], asked[1], asked[2], tzinfo=HANOI),
        answered=datetime.datetime(2026, 11, answered[0], answered[1], answered[2], tzinfo=HANOI),
    )  # fmt: skip
    assert dossier.due_date == due


def test_a_fee_paid_later_counts_from_the_payment(leader, citizen, hong_bang_ward, monkeypatch):
    clock = _Clock(monkeypatch, MONDAY)
    dossier = _two_day_dossier(hong_bang_ward, citizen, S.FINANCIAL_OBLIGATION)
    Dossier.objects.filter(pk=dossier.pk).update(due_date=None, fee_vnd=50000)
    assert escalations_run(today=datetime.date(2026, 11, 13)) == []  # the fee is unpaid
    clock.at = ANSWERED
    dossier.refresh_from_db()
    PaymentFactory(dossier=dossier, status=PaymentStatus.PAID, paid_at=ANSWERED)
    dossier = dossier_fee_paid(dossier=dossier)
    assert dossier.due_date == datetime.date(2026, 11, 18)

    assert escalations_run(today=datetime.date(2026, 11, 23)) == []
    assert escalations_run(today=datetime.date(2026, 11, 25)) == [dossier]


def test_an_apology_slip_does_not_put_the_escalation_off(
    leader, citizen, commune_official, hong_bang_ward
):
    dossier = _two_day_dossier(hong_bang_ward, citizen, S.IN_PROCESSING)
    # Late since 4 November; on the 6th the unit apologises and sets 20 November.
    apology_issue(dossier=dossier, by=commune_official, new_due_date=datetime.date(2026, 11, 20),
                  reason="Chờ xác minh", today=datetime.date(2026, 11, 6))  # fmt: skip

    # Four working days late on 10 November, as without the apology.
    assert escalations_run(today=datetime.date(2026, 11, 9)) == []
    assert escalations_run(today=datetime.date(2026, 11, 10)) == [dossier]


def test_escalations_read_in_a_fixed_number_of_queries(
    leader, citizen, commune_official, hong_bang_ward, django_assert_max_num_queries
):
    procedure = ProcedureFactory(code="1.000003", processing_days=5)
    for number in range(1, 7):
        dossier = DossierFactory(
            agency=hong_bang_ward, procedure=procedure, applicant=citizen,
            status=S.IN_PROCESSING, code=f"11311-261102-000{number}", submitted_at=MONDAY,
            due_date=due_date(MONDAY, 5),
        )  # fmt: skip
        if number % 2:
            apology_issue(dossier=dossier, by=commune_official,
                          new_due_date=datetime.date(2026, 11, 20), reason="Chờ xác minh",
                          today=datetime.date(2026, 11, 10))  # fmt: skip
    working_days_add(MONDAY.date(), 1)  # the calendar's exceptions, read once and cached

    # The dossiers with their procedure and unit, then their apology slips.
    with django_assert_max_num_queries(2):
        assert escalations_run(today=datetime.date(2026, 11, 12)) == []
