"""What the payer is told about a payment is stored, and e-mailed, in both
languages, Vietnamese first ("Vietnamese. English."), like the portal's other
notices: whichever language the request that sent it was in."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone, translation

from payments.models import PaymentMethod, PaymentStatus
from payments.notifications import (
    counter_paid_notify,
    failed_notify,
    paid_notify,
    refund_due_notify,
    refunded_notify,
)
from portal.notifications.models import Notification
from tests.payments.factories import PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(fee_dossier):
    return PaymentFactory(
        dossier=fee_dossier, status=PaymentStatus.PAID, paid_at=timezone.now(),
        receipt_number="BL-000123", refund_id="RF-42", failure_code="insufficient_funds",
    )  # fmt: skip


# Each notice: (Vietnamese in the title, English in the title, Vietnamese in
# the body, English in the body).
NOTICES = [
    (paid_notify, "Đã nộp phí, lệ phí cho hồ sơ", "Fee paid for dossier",
     "Nền tảng thanh toán đã xác nhận", "The payment platform confirmed"),
    (refund_due_notify, "đã được nộp hai lần", "paid twice",
     "sẽ được hoàn trả cho bạn", "will be refunded to you"),
    (failed_notify, "không thành công", "did not go through",
     "Tài khoản không đủ số dư để thanh toán.", "The account balance was not enough."),
    (counter_paid_notify, "Đã nộp phí, lệ phí cho hồ sơ", "Fee paid for dossier",
     "tại Bộ phận Một cửa", "at the one-stop desk"),
    (refunded_notify, "Đã hoàn tiền", "refunded",
     "đã được hoàn trả qua nền tảng thanh toán", "was refunded through the payment platform"),
]  # fmt: skip


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("notice,title_vi,title_en,body_vi,body_en", NOTICES)
def test_each_payment_notice_is_stored_vietnamese_first_then_english(
    payment,
    notice,
    title_vi,
    title_en,
    body_vi,
    body_en,
    language,
    django_capture_on_commit_callbacks,
):
    payment.payer.email = "an@example.vn"
    payment.payer.save(update_fields=["email"])
    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        notice(payment)

    told = Notification.objects.get(user=payment.payer)
    assert payment.dossier.reference in told.title
    assert title_vi in told.title and title_en in told.title
    assert told.title.index(title_vi) < told.title.index(title_en)
    assert body_vi in told.body and body_en in told.body
    assert told.body.index(body_vi) < told.body.index(body_en)
    sent = mail.outbox[-1]
    assert sent.subject == told.title and told.body in sent.body


def test_the_desk_notice_names_the_method_in_both_languages(payment):
    payment.method = PaymentMethod.CASH
    counter_paid_notify(payment)

    body = Notification.objects.get(user=payment.payer).body
    assert "Tiền mặt tại Bộ phận Một cửa" in body
    assert "In cash at the one-stop desk" in body and "BL-000123" in body
