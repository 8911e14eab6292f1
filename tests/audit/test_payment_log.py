"""The payment log is read in the admin, in Vietnamese, and like the rest of the
audit log it cannot be changed there, through the ORM or in the database."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from dossiers.models import DossierStatus
from payments.models import PaymentMethod, PaymentStatus
from portal.audit.models import AppendOnlyError, PaymentAction, PaymentLog
from portal.audit.services import payment_log_record
from tests.dossiers.factories import DossierFactory
from tests.payments.factories import PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(citizen, hong_bang_ward, commune_official):
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward, fee_vnd=1_250_000,
                             status=DossierStatus.SUBMITTED,
                             code="11311-261125-0042")  # fmt: skip
    desk = PaymentFactory(dossier=dossier, status=PaymentStatus.PAID, paid_at=timezone.now(),
                          method=PaymentMethod.CASH, receipt_number="BL-000123",
                          recorded_by=commune_official, checkout_url="")  # fmt: skip
    online = PaymentFactory(dossier=dossier, status=PaymentStatus.PAID, refund_due=True,
                            paid_at=timezone.now())  # fmt: skip
    return [
        payment_log_record(action=PaymentAction.TAKEN_AT_DESK, actor=commune_official,
                           payment=desk, detail={"receipt_number": "BL-000123"}),
        payment_log_record(action=PaymentAction.REFUND_DUE, actor=None, payment=online),
    ]  # fmt: skip


def test_the_payment_log_is_listed_in_vietnamese(admin_client, entries):
    response = admin_client.get("/admin/audit/paymentlog/", HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 200
    html = response.content.decode()
    assert "nhật ký thu, hoàn phí, lệ phí" in html.lower()
    assert "Thu phí, lệ phí tại Bộ phận Một cửa" in html
    assert "Nộp trùng phí, lệ phí đã nộp: phải hoàn trả" in html
    assert "11311-261125-0042" in html and "1.250.000 ₫" in html
    assert "Lê Thị Hoa" in html and "Nền tảng thanh toán" in html
    assert entries[1].payment.order_id in html


def test_the_payment_log_is_searched_by_receipt_number(admin_client, entries):
    response = admin_client.get("/admin/audit/paymentlog/", {"q": "BL-000123"})

    html = response.content.decode()
    assert entries[0].payment.order_id in html and entries[1].payment.order_id not in html


def test_the_payment_log_cannot_be_added_changed_or_deleted_in_the_admin(admin_client, entries):
    entry = entries[0]
    assert admin_client.get("/admin/audit/paymentlog/add/").status_code == 403
    change = admin_client.get(f"/admin/audit/paymentlog/{entry.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    delete = admin_client.post(f"/admin/audit/paymentlog/{entry.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert PaymentLog.objects.count() == 2


def test_the_payment_log_refuses_changes_in_the_orm_and_the_database(entries):
    entry = entries[0]
    entry.amount_vnd = 1
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        PaymentLog.objects.all().delete()
    for statement in ("UPDATE audit_paymentlog SET amount_vnd = 1", "DELETE FROM audit_paymentlog"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)

    assert set(PaymentLog.objects.values_list("amount_vnd", flat=True)) == {1_250_000}


def test_an_officials_action_must_name_the_official(entries):
    with pytest.raises(DatabaseError), transaction.atomic():
        payment_log_record(action=PaymentAction.REFUNDED, actor=None, payment=entries[1].payment)
