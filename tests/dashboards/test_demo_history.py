"""The demo's weeks of history, written in bulk as the services would have
left them: each fee paid has its record in the payment log and its move on
named as the services name it, and the history is written once."""

import pytest

from dossiers.history import history_in_words
from dossiers.models import DossierEvent
from payments.models import Payment, PaymentMethod, PaymentStatus
from portal.audit.models import PaymentAction, PaymentLog
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
