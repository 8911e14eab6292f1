"""A dossier taken at the counter with a fee: once the official takes the fee
at the desk it is received at once, in the same act, by that official, as one
with no fee is on submission; paid online later by the citizen, it waits for
the unit to receive it, as an online dossier does."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Dossier, DossierEvent, DossierStatus
from dossiers.states import allowed_actions, status_history_national
from payments.desk import payment_record_at_counter
from payments.exceptions import CounterPaymentRefused, NoFeeDue, PaymentNotAllowed
from payments.models import Payment, PaymentMethod, PaymentStatus
from payments.settlement import payment_settle
from portal.core.working_days import due_date
from portal.notifications.models import Notification
from tests.accounts.factories import OfficialFactory
from tests.payments.factories import PaymentFactory
from tests.procedures.factories import ProcedureFactory

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
FEE = 20_000
SENT_ON = "đã được chuyển đến cơ quan giải quyết"


@pytest.fixture
def counter_fee_dossier(commune_official, django_capture_on_commit_callbacks) -> Dossier:
    """Taken and submitted at the desk by Lê Thị Hoa two weeks ago, waiting for its fee."""
    from dossiers.counter import counter_intake_start, counter_submit

    procedure = ProcedureFactory(code="1.000898", agency_kinds=["commune_committee"],
                                 processing_days=5, fee_vnd=FEE)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        dossier = counter_intake_start(official=commune_official, personal_id="031099004321",
                                       procedure=procedure, consent=True)  # fmt: skip
    dossier = counter_submit(dossier=dossier, by=commune_official, values={})
    # Submitted long ago, so that a due date counted from then would show.
    earlier = timezone.now() - datetime.timedelta(days=14)
    Dossier.objects.filter(pk=dossier.pk).update(submitted_at=earlier)
    DossierEvent.objects.filter(dossier=dossier).update(at=earlier)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.FINANCIAL_OBLIGATION
    return dossier


def _take_fee(dossier, by, **changes) -> Payment:
    values = {"amount_vnd": FEE, "method": PaymentMethod.CASH, "receipt_number": "BL-000501"}
    return payment_record_at_counter(dossier=dossier, by=by, **{**values, **changes})


def _moves(dossier) -> list[tuple]:
    return [(event.action, event.from_status, event.to_status, event.actor)
            for event in dossier.events.order_by("at", "id")]  # fmt: skip


@pytest.mark.django_db
def test_the_fee_taken_at_the_desk_has_the_counter_dossier_received_by_that_official(
    counter_fee_dossier, commune_official
):
    dossier = counter_fee_dossier
    colleague = OfficialFactory(personal_id="031190007777", full_name="Phạm Thu Trang",
                                agency=commune_official.agency)  # fmt: skip

    payment = _take_fee(dossier, colleague)

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    S = DossierStatus
    assert _moves(dossier) == [
        ("counter_request_fee", S.DRAFT, S.FINANCIAL_OBLIGATION, commune_official),
        ("fee_paid", S.FINANCIAL_OBLIGATION, S.SUBMITTED, colleague),
        ("receive", S.SUBMITTED, S.RECEIVED, colleague),  # whoever took the fee
    ]
    # The national portal hears each move: fee requested (6), submitted (1), received (2).
    assert [step["status"] for step in status_history_national(dossier=dossier)] == [6, 1, 2]
    # The processing time runs from the payment, the reception's moment, not the submission.
    paid_at = dossier.events.get(action="fee_paid").at
    assert dossier.events.get(action="receive").at >= paid_at >= payment.paid_at - (
        datetime.timedelta(seconds=5))  # fmt: skip
    assert dossier.due_date == due_date(paid_at, 5)
    assert dossier.due_date != due_date(dossier.submitted_at, 5)
    actions = allowed_actions(dossier=dossier, user=commune_official)
    assert "start_processing" in actions and "receive" not in actions
    # Told it was received, with its appointment date, and not that it was merely sent on.
    notices = Notification.objects.filter(user=dossier.applicant)
    received = notices.get(title__startswith="Đã tiếp nhận hồ sơ")
    assert received.title == f"Đã tiếp nhận hồ sơ {dossier.code}. Dossier {dossier.code} received."
    assert f"Ngày hẹn trả kết quả: {dossier.due_date:%d/%m/%Y}" in received.body
    assert "UBND phường Hồng Bàng tiếp nhận" in received.body
    assert not notices.filter(title__contains=SENT_ON).exists()
    assert notices.filter(body__contains="BL-000501").exists()  # and the fee receipt's number


@pytest.mark.django_db
def test_a_second_desk_payment_receives_nothing_twice(counter_fee_dossier, commune_official):
    from dossiers.services import dossier_fee_paid

    dossier = counter_fee_dossier
    _take_fee(dossier, commune_official)

    with pytest.raises(NoFeeDue):
        _take_fee(dossier, commune_official, receipt_number="BL-000502")
    dossier_fee_paid(dossier=dossier, by=commune_official)  # a repeated confirmation

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED and dossier.events.count() == 3
    assert Payment.objects.count() == 1
    assert Notification.objects.filter(title__startswith="Đã tiếp nhận hồ sơ").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("changes", [{"amount_vnd": FEE - 1}, {"receipt_number": ""},
                                     {"method": PaymentMethod.ONLINE}])  # fmt: skip
def test_a_refused_desk_payment_neither_pays_nor_receives(
    counter_fee_dossier, commune_official, other_commune_official, citizen, changes
):
    dossier = counter_fee_dossier
    with pytest.raises(CounterPaymentRefused):
        _take_fee(dossier, commune_official, **changes)
    for someone in (other_commune_official, dossier.applicant):
        with pytest.raises(PaymentNotAllowed):
            _take_fee(dossier, someone)

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.FINANCIAL_OBLIGATION and dossier.due_date is None
    assert [move[0] for move in _moves(dossier)] == ["counter_request_fee"]
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_paid_online_later_the_counter_dossier_waits_for_the_unit_to_receive_it(
    counter_fee_dossier, commune_official
):
    """Nobody at the desk saw the payment, nor the citizen with it: the unit receives it."""
    dossier = counter_fee_dossier
    payment = PaymentFactory(dossier=dossier)

    payment_settle(payment_id=payment.pk, status=PaymentStatus.PAID,
                   transaction_id=payment.transaction_id)  # fmt: skip

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert [(move[0], move[3]) for move in _moves(dossier)] == [
        ("counter_request_fee", commune_official), ("fee_paid", None),
    ]  # fmt: skip
    assert dossier.due_date == due_date(dossier.events.get(action="fee_paid").at, 5)
    assert "receive" in allowed_actions(dossier=dossier, user=commune_official)
    assert Notification.objects.filter(user=dossier.applicant, title__contains=SENT_ON).exists()


@pytest.mark.django_db
def test_an_online_dossier_paid_at_the_desk_still_waits_for_the_unit(
    commune_official, citizen, hong_bang_ward
):
    """Its papers were sent online and nobody checked them at the desk: taking
    the fee there is not receiving it."""
    from tests.dossiers.factories import DossierFactory

    dossier = DossierFactory(
        applicant=citizen, agency=hong_bang_ward, status=DossierStatus.FINANCIAL_OBLIGATION,
        fee_vnd=FEE, code="11311-261125-0009", submitted_at=timezone.now(),
    )  # fmt: skip

    _take_fee(dossier, commune_official)

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert not dossier.events.filter(action="receive").exists()


@pytest.fixture
def official_client(client, commune_official):
    client.force_login(commune_official, backend=LOGIN)
    return client


def _messages(response) -> str:
    return " ".join(str(message) for message in response.wsgi_request._messages)


@pytest.mark.django_db
def test_the_desk_fee_page_receives_the_counter_dossier_and_a_second_press_changes_nothing(
    official_client, counter_fee_dossier, commune_official
):
    dossier = counter_fee_dossier
    url = reverse("workspace:counter-fee", args=[dossier.pk])
    page = official_client.get(url).content.decode()
    assert "được tiếp nhận ngay" in page.split('data-testid="fee-then">', 1)[1].split("</p>")[0]
    data = {"method": "cash", "amount_vnd": FEE, "receipt_number": "BL-000777"}

    response = official_client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dossier", args=[dossier.pk])
    assert f"hồ sơ {dossier.code} đã được tiếp nhận" in _messages(response)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert [move[0] for move in _moves(dossier)] == ["counter_request_fee", "fee_paid", "receive"]

    # Pressed again (a double click, the back button): to the dossier, nothing recorded again.
    again = official_client.post(url, {**data, "receipt_number": "BL-000778"})

    assert again.status_code == 302
    assert again["Location"] == reverse("workspace:dossier", args=[dossier.pk])
    assert "đã được nộp" in _messages(again)
    assert official_client.get(url).status_code == 302
    assert Payment.objects.count() == 1 and dossier.events.count() == 3


@pytest.mark.django_db
def test_another_units_official_still_finds_no_fee_page_once_it_is_paid(
    client, counter_fee_dossier, commune_official, other_commune_official
):
    _take_fee(counter_fee_dossier, commune_official)
    client.force_login(other_commune_official, backend=LOGIN)

    url = reverse("workspace:counter-fee", args=[counter_fee_dossier.pk])
    response = client.post(url, {"method": "cash", "amount_vnd": FEE, "receipt_number": "BL-9"})

    assert response.status_code == 404
    assert Payment.objects.count() == 1
