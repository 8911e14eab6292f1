"""The fee taken at the one-stop desk, in cash or by card: the official records
it with the fee receipt's number, the amount exactly the fee, and the dossier
leaves "financial obligation requested" as an online payment makes it do."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from dossiers.models import DossierStatus
from payments.desk import payment_record_at_counter
from payments.exceptions import (
    CounterPaymentRefused,
    NoFeeDue,
    PaymentNotAllowed,
    ReceiptNumberTaken,
)
from payments.models import Payment, PaymentMethod, PaymentStatus
from payments.selectors import dossier_fee_settled
from portal.notifications.models import Notification
from tests.dossiers.factories import DossierFactory
from tests.payments.conftest import FEE
from tests.pdf.reading import pdf_text

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


def _record(dossier, by, **changes):
    values = {"amount_vnd": FEE, "method": PaymentMethod.CASH, "receipt_number": "BL-000123"}
    return payment_record_at_counter(dossier=dossier, by=by, **{**values, **changes})


@pytest.mark.django_db
def test_the_fee_paid_at_the_desk_moves_the_dossier_on_as_online(fee_dossier, commune_official):
    payment = _record(fee_dossier, commune_official, method=PaymentMethod.CARD)

    fee_dossier.refresh_from_db()
    assert (payment.status, payment.method, payment.receipt_number) == (
        PaymentStatus.PAID, PaymentMethod.CARD, "BL-000123",
    )  # fmt: skip
    assert payment.recorded_by == commune_official and payment.payer == fee_dossier.applicant
    assert payment.amount_vnd == FEE and payment.paid_at is not None
    assert fee_dossier.status == DossierStatus.SUBMITTED and fee_dossier.due_date is not None
    assert fee_dossier.events.get().action == "fee_paid"  # the same move as online
    assert dossier_fee_settled(dossier=fee_dossier)
    # Told in Vietnamese, with the receipt's number.
    assert Notification.objects.filter(
        user=fee_dossier.applicant, body__contains="BL-000123"
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [{"amount_vnd": FEE - 1}, {"amount_vnd": FEE * 2}, {"receipt_number": "  "},
     {"receipt_number": "X" * 41}, {"method": PaymentMethod.ONLINE}, {"method": "cheque"}],
)  # fmt: skip
def test_a_wrong_amount_method_or_receipt_is_refused_and_nothing_recorded(
    fee_dossier, commune_official, changes
):
    with pytest.raises(CounterPaymentRefused) as refused:
        _record(fee_dossier, commune_official, **changes)

    assert " " in refused.value.message  # bilingual: "Vietnamese. English."
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.FINANCIAL_OBLIGATION
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_only_an_official_of_the_unit_takes_the_fee(fee_dossier, other_commune_official, citizen):
    for someone in (other_commune_official, citizen):
        with pytest.raises(PaymentNotAllowed):
            _record(fee_dossier, someone)
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_no_fee_is_taken_twice_nor_for_a_dossier_not_waiting(
    fee_dossier, commune_official, citizen, hong_bang_ward
):
    _record(fee_dossier, commune_official)
    with pytest.raises(NoFeeDue):
        _record(fee_dossier, commune_official, receipt_number="BL-000124")
    other = DossierFactory(applicant=citizen, agency=hong_bang_ward,
                           status=DossierStatus.FINANCIAL_OBLIGATION, fee_vnd=FEE)  # fmt: skip
    with pytest.raises(ReceiptNumberTaken):
        _record(other, commune_official)
    assert Payment.objects.count() == 1


@pytest.fixture
def official_client(client, commune_official):
    client.force_login(commune_official, backend=LOGIN)
    return client


@pytest.mark.django_db
def test_the_desk_records_the_fee_and_the_receipt_carries_it(official_client, fee_dossier):
    url = reverse("workspace:counter-fee", args=[fee_dossier.pk])
    intake = official_client.get(reverse("workspace:counter")).content.decode()
    assert 'data-testid="fees-due"' in intake and url in intake
    page = official_client.get(url)
    assert page.status_code == 200 and 'data-testid="counter-fee"' in page.content.decode()

    wrong = official_client.post(url, {"method": "cash", "amount_vnd": 5000,
                                       "receipt_number": "BL-9"})  # fmt: skip
    assert wrong.status_code == 400 and "phải đúng bằng" in wrong.content.decode()
    assert not Payment.objects.exists()

    response = official_client.post(url, {"method": "cash", "amount_vnd": FEE,
                                          "receipt_number": "BL-000777"})  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dossier", args=[fee_dossier.pk])
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == DossierStatus.SUBMITTED
    receipt = official_client.get(reverse("dossiers:receipt", args=[fee_dossier.pk]))
    text = pdf_text(receipt.content)
    assert "tiền mặt tại Bộ phận Một cửa" in text and "BL-000777" in text
    # Paid: the page sends to the dossier, and a second payment cannot be posted.
    assert official_client.get(url)["Location"] == reverse("workspace:dossier",
                                                           args=[fee_dossier.pk])  # fmt: skip
    again = official_client.post(url, {"method": "cash", "amount_vnd": FEE,
                                       "receipt_number": "BL-000778"})  # fmt: skip
    assert again.status_code == 302 and Payment.objects.count() == 1


def _cell(page: str, name: str) -> str:
    return page.split(f'data-testid="{name}">', 1)[1].split("</td>", 1)[0]


@pytest.mark.django_db
def test_staff_read_on_the_payments_page_how_the_fee_was_taken_and_by_whom(
    client, fee_dossier, commune_official, citizen, django_assert_max_num_queries
):
    _record(fee_dossier, commune_official, receipt_number="BL-000777")
    url = reverse("payments:dossier", args=[fee_dossier.pk])
    client.force_login(commune_official, backend=LOGIN)

    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()

    assert "Tiền mặt tại Bộ phận Một cửa" in _cell(page, "payment-method")
    assert "BL-000777" in _cell(page, "payment-receipt")
    assert commune_official.full_name in _cell(page, "payment-taken-by")
    # The applicant's page stays as it was: their payments, no staff columns.
    client.force_login(citizen, backend=LOGIN)
    assert 'data-testid="payment-taken-by"' not in client.get(url).content.decode()


@pytest.mark.django_db
def test_on_a_phone_each_payment_is_a_card_each_value_under_its_columns_name(
    client, fee_dossier, commune_official
):
    _record(fee_dossier, commune_official, receipt_number="BL-000777")
    client.force_login(commune_official, backend=LOGIN)

    page = client.get(reverse("payments:dossier", args=[fee_dossier.pk])).content.decode()

    table = page.split("<table ", 1)[1].split("</table>", 1)[0]
    assert table.startswith('class="table table-sm table-stack"')
    row = table.split("<tbody>", 1)[1]
    names = re.findall(
        r'<span class="d-block d-md-none[^"]*" aria-hidden="true">([^<]*)</span>', row
    )
    headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert names == headers and "Số biên lai thu phí, lệ phí" in names


@pytest.mark.django_db
def test_the_desk_fee_form_says_plainly_what_is_missing_or_wrong(official_client, fee_dossier):
    url = reverse("workspace:counter-fee", args=[fee_dossier.pk])

    empty = official_client.post(url, {"method": "cash", "amount_vnd": "", "receipt_number": ""})
    page = empty.content.decode()
    assert empty.status_code == 400
    assert ('Nhập số tiền đã thu, ví dụ 50.000. <span lang="en">Enter the amount taken, for '
            "example 50.000.</span>" in _error(page, "amount_vnd"))  # fmt: skip
    assert "Enter the number of the fee receipt handed to the citizen." in _error(
        page, "receipt_number"
    )
    zero = official_client.post(url, {"method": "cash", "amount_vnd": "0",
                                      "receipt_number": "X" * 41}).content.decode()  # fmt: skip
    assert "The amount must be more than 0." in _error(zero, "amount_vnd")
    assert "A receipt number has at most 40 characters (this one has 41)." in _error(
        zero, "receipt_number"
    )
    # None of Django's stock wording ("This field is required", "Ensure this value…").
    assert "Trường này" not in page + zero and "Đảm bảo" not in zero and "Giá trị này" not in zero
    assert not Payment.objects.exists()


def _error(page: str, field: str) -> str:
    return unescape(page.split(f'id="e-{field}">', 1)[1].split("</div>", 1)[0])


@pytest.mark.django_db
def test_a_used_receipt_number_is_a_409(official_client, fee_dossier, citizen, hong_bang_ward):
    other = DossierFactory(applicant=citizen, agency=hong_bang_ward,
                           status=DossierStatus.FINANCIAL_OBLIGATION, fee_vnd=FEE)  # fmt: skip
    data = {"method": "card", "amount_vnd": FEE, "receipt_number": "BL-1"}
    assert (
        official_client.post(
            reverse("workspace:counter-fee", args=[fee_dossier.pk]), data
        ).status_code
        == 302
    )
    response = official_client.post(reverse("workspace:counter-fee", args=[other.pk]), data)
    assert response.status_code == 409
    other.refresh_from_db()
    assert other.status == DossierStatus.FINANCIAL_OBLIGATION


@pytest.mark.django_db
def test_nobody_else_reaches_the_fee_desk(client, fee_dossier, other_commune_official, citizen):
    url = reverse("workspace:counter-fee", args=[fee_dossier.pk])
    client.force_login(other_commune_official, backend=LOGIN)
    assert client.get(url).status_code == 404
    data = {"method": "cash", "amount_vnd": FEE, "receipt_number": "BL-2"}
    assert client.post(url, data).status_code == 404
    client.force_login(citizen, backend=LOGIN)
    assert client.post(url, data).status_code == 403
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_a_counter_submission_with_a_fee_goes_to_the_fee_desk(
    official_client, commune_official, django_capture_on_commit_callbacks
):
    from dossiers.counter import counter_intake_start
    from tests.procedures.factories import ProcedureFactory

    procedure = ProcedureFactory(code="1.000894", agency_kinds=["commune_committee"],
                                 fee_vnd=8000)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        dossier = counter_intake_start(official=commune_official, personal_id="031099004321",
                                       procedure=procedure, consent=True)  # fmt: skip

    response = official_client.post(reverse("workspace:counter-submit", args=[dossier.pk]), {})

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:counter-fee", args=[dossier.pk])
