"""The demo's weeks of history, written in bulk as the services would have
left them: each fee paid has its record in the payment log and its move on
named as the services name it, and the history is written once."""

import datetime

import pytest
from django.utils import timezone

from dossiers.history import history_in_words
from dossiers.models import DossierEvent
from payments.models import Payment, PaymentMethod, PaymentStatus
from portal.audit.models import PaymentAction, PaymentLog
from portal.core.working_days import is_working_day
from portal.dashboards.demo_history import demo_history_ensure
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_every_fee_paid_in_the_history_has_its_payment_log_record(
    commune_official, le_chan_ward, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    ProcedureFactory(code="1.000001", fee_vnd=50_000)
    ProcedureFactory(code="1.000002", fee_vnd=0)

    report = demo_history_ensure()

    assert report is not None and report.dossiers > 100
    paid = list(Payment.objects.filter(status=PaymentStatus.PAID).select_related("dossier"))
    logs = {log.payment_id: log for log in PaymentLog.objects.all()}
    assert len(logs) == PaymentLog.objects.count() == len(paid) > 0
    for payment in paid:
        log = logs[payment.pk]
        assert (log.dossier_id, log.amount_vnd, log.created_at) == (
            payment.dossier_id, payment.amount_vnd, payment.paid_at,
        )  # fmt: skip
        if payment.method == PaymentMethod.ONLINE:
            # Settled on the platform's word: no one is named.
            assert (log.action, log.actor_id, log.actor_agency_id) == (
                PaymentAction.PAID_ONLINE, None, None,
            )  # fmt: skip
            assert log.detail == {"order_id": payment.order_id,
                                  "transaction_id": payment.transaction_id}  # fmt: skip
        else:
            # Taken at the desk: the unit's official who took it, and their unit.
            assert (log.action, log.actor_id, log.actor_agency_id) == (
                PaymentAction.TAKEN_AT_DESK, payment.recorded_by_id, payment.dossier.agency_id,
            )  # fmt: skip
            assert log.detail == {"method": payment.method, "order_id": payment.order_id,
                                  "receipt_number": payment.receipt_number}  # fmt: skip
    assert {log.action for log in logs.values()} == {
        PaymentAction.PAID_ONLINE, PaymentAction.TAKEN_AT_DESK,
    }  # fmt: skip
    assert PaymentLog.objects.filter(actor=commune_official).exists()
    # The move after each payment names whom the services would: the desk's official, or no one.
    moved_by = dict(
        DossierEvent.objects.filter(action="fee_paid").values_list("dossier_id", "actor_id")
    )
    assert moved_by == {payment.dossier_id: payment.recorded_by_id for payment in paid}
    # And its words say how the fee was paid, as they do for a dossier of today.
    desk = next(payment for payment in paid if payment.method != PaymentMethod.ONLINE)
    words = dict((event.action, text) for event, text in history_in_words(dossier=desk.dossier))
    assert f"biên lai số {desk.receipt_number}" in words["fee_paid"]

    # Written once: ensuring it again writes, and changes, nothing.
    assert demo_history_ensure() is None
    assert PaymentLog.objects.count() == len(paid)


def test_history_dossiers_are_due_as_the_services_count_it_and_reopenings_get_a_new_deadline(
    commune_official, le_chan_ward, settings, tmp_path
):
    """Every dossier past its submission (or its fee) has the due date the
    services would have given it then, the first one an apology slip moved;
    a complaint its reporter reopened was due again from the reopening."""
    from complaints.deadlines import handling_due
    from complaints.models import Complaint
    from dossiers.models import Dossier, DossierStatus
    from portal.core.working_days import due_date

    settings.MEDIA_ROOT = tmp_path / "media"
    ProcedureFactory(code="1.000001", fee_vnd=50_000, processing_days=3)
    ProcedureFactory(code="1.000002", fee_vnd=0, processing_days=5)

    # Early on a working day after another: the last afternoon's dossiers are
    # still waiting to be received, whatever the day and hour the test runs.
    day = timezone.localdate()
    while not (is_working_day(day) and is_working_day(day - datetime.timedelta(days=1))):
        day -= datetime.timedelta(days=1)
    early = timezone.make_aware(datetime.datetime.combine(day, datetime.time(7)))
    assert demo_history_ensure(now=early) is not None

    dossiers = Dossier.objects.select_related("procedure").prefetch_related("events", "apologies")
    assert dossiers.filter(status=DossierStatus.SUBMITTED).exists()
    for dossier in dossiers:
        assert dossier.due_date is not None, dossier.code
        paid = [e.at for e in dossier.events.all() if e.action == "fee_paid"]
        # The deadline runs from the payment when there is a fee, else from the submission.
        expected = due_date(paid[0] if paid else dossier.submitted_at,
                            dossier.procedure.processing_days)  # fmt: skip
        slips = sorted(dossier.apologies.all(), key=lambda slip: slip.issued_at)
        first_due = slips[0].previous_due_date if slips else dossier.due_date
        assert first_due == expected, dossier.code
    assert dossiers.filter(events__action="fee_paid").exists()

    reopened = Complaint.objects.filter(events__action="reopen").prefetch_related("events")
    assert reopened.exists()
    for complaint in reopened:
        [reopening] = [e for e in complaint.events.all() if e.action == "reopen"]
        again = handling_due(category=complaint.category, received_at=reopening.at)
        assert complaint.due_date == again, complaint.code
        if complaint.status == "concluded":  # answered again, within the new deadline
            assert reopening.at < complaint.concluded_at
            assert timezone.localdate(complaint.concluded_at) <= complaint.due_date


def test_history_counter_dossiers_are_received_as_the_desk_takes_them_or_their_fee(
    commune_official, le_chan_ward, settings, tmp_path
):
    """As dossiers.counter does it: a counter dossier is received by the desk's
    official at the moment it is submitted, or, with a fee, at the moment that
    official takes the fee; an online one waits for the unit to receive it."""
    from dossiers.models import Channel, Dossier

    settings.MEDIA_ROOT = tmp_path / "media"
    ProcedureFactory(code="1.000001", fee_vnd=50_000)
    ProcedureFactory(code="1.000002", fee_vnd=0)

    assert demo_history_ensure() is not None

    dossiers = Dossier.objects.prefetch_related("events")
    counter = [d for d in dossiers if d.channel == Channel.COUNTER]
    assert counter and any(d.fee_vnd for d in counter) and any(not d.fee_vnd for d in counter)
    for dossier in counter:
        moves = {event.action: event for event in dossier.events.all()}
        desk = moves["fee_paid"] if dossier.fee_vnd else moves["counter_submit"]
        assert "refuse_at_reception" not in moves, dossier.code
        assert (moves["receive"].at, moves["receive"].actor_id) == (
            desk.at, desk.actor_id), dossier.code  # fmt: skip
        assert desk.actor_id is not None
    later = []
    for dossier in (d for d in dossiers if d.channel == Channel.ONLINE):
        moves = {event.action: event for event in dossier.events.all()}
        if "receive" in moves:
            came = moves["fee_paid"] if dossier.fee_vnd else moves["submit"]
            later.append(moves["receive"].at > came.at)
    assert any(later)  # online, the unit receives them afterwards
