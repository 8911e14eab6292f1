"""Once the fee is paid, the payer downloads its electronic fee receipt (biên
lai thu phí, lệ phí điện tử) from the payment page and the tracking page: who
paid how much, for which dossier and procedure, when, and under which
references, in the collecting unit's name. Paid at the desk, it carries the
paper receipt's number and who took the money. Only the applicant and the
unit's officials get it; anyone else, or a payment not paid, gets a 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from payments.desk import payment_record_at_counter
from payments.fee_receipts import fee_receipt_pdf
from payments.models import PaymentMethod, PaymentStatus
from portal.accounts.models import AgencyKind
from tests.accounts.factories import AgencyFactory, CitizenFactory
from tests.payments.conftest import FEE
from tests.payments.factories import PaymentFactory
from tests.pdf.reading import pdf_reader, pdf_text

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PAID_AT = datetime.datetime(2026, 11, 25, 3, 7, tzinfo=datetime.UTC)  # 10:07 in Hà Nội


def _paid_online(dossier, **changes):
    values = {
        "status": PaymentStatus.PAID,
        "paid_at": PAID_AT,
        "transaction_id": "PG2611250000ABCD",
        "order_id": "MCS2611254F2A9C01B7E3",
    }
    return PaymentFactory(dossier=dossier, **{**values, **changes})


def _get(client, user, url):
    client.force_login(user, backend=LOGIN)
    return client.get(url)


def test_the_receipt_of_an_online_payment_names_payer_dossier_amount_time_and_references(
    client, citizen, fee_dossier
):
    payment = _paid_online(fee_dossier)

    response = _get(client, citizen, reverse("payments:fee-receipt", args=[fee_dossier.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"bien-lai-{fee_dossier.code}-{payment.order_id}.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text  # diacritics kept
    assert "Đơn vị thu phí, lệ phí: UBND phường Hồng Bàng" in text
    assert "Người nộp tiền: Nguyễn Văn An" in text
    assert f"Mã hồ sơ: {fee_dossier.code}" in text
    assert fee_dossier.procedure.name in text and fee_dossier.procedure.code in text
    assert "Số tiền: 50.000 đồng" in text
    assert "Số tiền bằng chữ: Năm mươi nghìn đồng chẵn" in text
    assert "10 giờ 07 phút, ngày 25 tháng 11 năm 2026" in text
    assert "Mã giao dịch trên nền tảng thanh toán: PG2611250000ABCD" in text
    assert "Mã đơn hàng: MCS2611254F2A9C01B7E3" in text
    assert "Trực tuyến" in text
    assert pdf_reader(response.content).metadata.title == "Biên lai thu phí, lệ phí"


def test_a_fee_taken_at_the_desk_gets_a_receipt_with_the_paper_number_and_the_official(
    client, citizen, fee_dossier, commune_official
):
    payment = payment_record_at_counter(
        dossier=fee_dossier,
        by=commune_official,
        amount_vnd=FEE,
        method=PaymentMethod.CASH,
        receipt_number="BL-000123",
    )

    url = reverse("payments:fee-receipt-payment", args=[fee_dossier.pk, payment.pk])
    text = pdf_text(_get(client, citizen, url).content)

    assert "Tiền mặt, tại Bộ phận Một cửa" in text
    assert "Số biên lai giấy đã giao tại quầy: BL-000123" in text
    assert "NGƯỜI THU TIỀN" in text and "Lê Thị Hoa" in text
    assert f"Mã đơn hàng: {payment.order_id}" in text


def test_a_payment_owed_back_says_so_on_its_receipt(client, citizen, fee_dossier):
    _paid_online(fee_dossier)
    twice = _paid_online(
        fee_dossier, order_id="MCS261125SECOND", transaction_id="PG2", refund_due=True
    )

    url = reverse("payments:fee-receipt-payment", args=[fee_dossier.pk, twice.pk])
    text = pdf_text(_get(client, citizen, url).content)

    assert "Mã đơn hàng: MCS261125SECOND" in text
    assert "khoản này sẽ được hoàn trả" in text
    # The dossier's receipt is the one that settled the fee, not the one owed back.
    settled = pdf_text(
        _get(client, citizen, reverse("payments:fee-receipt", args=[fee_dossier.pk])).content
    )
    assert "MCS261125SECOND" not in settled


def test_the_amount_in_words_reads_the_empty_hundreds_and_is_not_even_below_a_thousand(
    citizen, fee_dossier
):
    fee_dossier.fee_vnd = 1_005_500
    fee_dossier.save(update_fields=["fee_vnd"])

    text = pdf_text(fee_receipt_pdf(payment=_paid_online(fee_dossier)))

    assert "Số tiền: 1.005.500 đồng" in text
    assert "Số tiền bằng chữ: Một triệu không trăm linh năm nghìn năm trăm đồng" in text
    assert "đồng chẵn" not in text


def test_a_unit_under_a_department_dates_its_receipt_at_the_city_above_both(hai_phong, fee_dossier):
    # The unit and its department name no place; the city's committee above them does.
    department = AgencyFactory(name="Sở Nông nghiệp và Môi trường", parent=hai_phong,
                               kind=AgencyKind.PROVINCIAL_DEPARTMENT)  # fmt: skip
    fee_dossier.agency = AgencyFactory(
        name="Chi nhánh Văn phòng đăng ký đất đai Hồng Bàng", parent=department,
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
    )  # fmt: skip
    fee_dossier.save(update_fields=["agency"])

    text = pdf_text(fee_receipt_pdf(payment=_paid_online(fee_dossier)))

    assert "Hải Phòng, ngày 25 tháng 11 năm 2026" in text
    assert "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text  # the heading keeps the direct parent


def test_the_units_official_gets_it_too(client, fee_dossier, commune_official):
    _paid_online(fee_dossier)

    url = reverse("payments:fee-receipt", args=[fee_dossier.pk])
    assert _get(client, commune_official, url).status_code == 200


@pytest.mark.parametrize("who", ["other_citizen", "other_commune_official", "center_staff"])
def test_nobody_else_gets_it(client, request, fee_dossier, who):
    payment = _paid_online(fee_dossier)
    user = CitizenFactory() if who == "other_citizen" else request.getfixturevalue(who)

    for url in (
        reverse("payments:fee-receipt", args=[fee_dossier.pk]),
        reverse("payments:fee-receipt-payment", args=[fee_dossier.pk, payment.pk]),
    ):
        assert _get(client, user, url).status_code == 404


def test_a_payment_not_paid_has_no_receipt(client, citizen, fee_dossier):
    pending = PaymentFactory(dossier=fee_dossier)

    assert (
        _get(
            client,
            citizen,
            reverse("payments:fee-receipt-payment", args=[fee_dossier.pk, pending.pk]),
        ).status_code
        == 404
    )
    assert (
        _get(client, citizen, reverse("payments:fee-receipt", args=[fee_dossier.pk])).status_code
        == 404
    )


def test_another_dossiers_payment_is_not_reached_through_this_one(client, citizen, fee_dossier):
    from tests.dossiers.factories import DossierFactory

    mine = DossierFactory(
        applicant=citizen,
        agency=fee_dossier.agency,
        code="11311-261125-0002",
        submitted_at=PAID_AT,
        status=fee_dossier.status,
        fee_vnd=FEE,
    )
    payment = _paid_online(fee_dossier)

    url = reverse("payments:fee-receipt-payment", args=[mine.pk, payment.pk])
    assert _get(client, citizen, url).status_code == 404


def test_the_payment_page_links_the_receipt_of_the_paid_payment_only(client, citizen, fee_dossier):
    failed = PaymentFactory(dossier=fee_dossier, status=PaymentStatus.FAILED)
    paid = _paid_online(fee_dossier)

    page = _get(
        client, citizen, reverse("payments:dossier", args=[fee_dossier.pk])
    ).content.decode()

    assert reverse("payments:fee-receipt-payment", args=[fee_dossier.pk, paid.pk]) in page
    assert reverse("payments:fee-receipt-payment", args=[fee_dossier.pk, failed.pk]) not in page
    assert "Biên lai thu phí, lệ phí (PDF)" in page


def test_the_payment_page_offers_no_receipt_to_who_may_not_have_it(
    client, fee_dossier, center_staff
):
    _paid_online(fee_dossier)
    response = _get(client, center_staff, reverse("payments:dossier", args=[fee_dossier.pk]))

    # The centre's staff read the payments (they refund one paid twice), not the papers.
    assert response.status_code == 200
    assert 'data-testid="fee-receipt"' not in response.content.decode()


def test_the_tracking_page_links_the_receipt_once_the_fee_is_paid(client, citizen, fee_dossier):
    track = reverse("dossiers:track", args=[fee_dossier.pk])
    receipt = reverse("payments:fee-receipt", args=[fee_dossier.pk])
    assert receipt not in _get(client, citizen, track).content.decode()

    _paid_online(fee_dossier)

    assert receipt in client.get(track).content.decode()
