"""The payment of a fee in a dossier's history: after "financial obligation
requested" (national status 6), the move to "submitted" says how the fee was
paid, online through the national payment platform with its transaction, or
at the desk by the official who took it against a numbered fee receipt, and
that the processing time runs from it; on the tracking page, the workspace
page and the citizen API, in Vietnamese and English. The official who took it
is the move's actor; the national status history stays in its ten codes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from dossiers.history import history_in_words
from dossiers.models import DossierEvent, DossierStatus
from dossiers.services import dossier_fee_paid
from payments.models import Payment, PaymentStatus
from tests.payments.conftest import FEE
from tests.payments.factories import PaymentFactory
from tests.payments.test_webhook import deliver, notice

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
RUNS_FROM_VI = "thời hạn giải quyết được tính từ thời điểm nộp phí"
RUNS_FROM_EN = "its processing time runs from this payment"


@pytest.fixture
def fee_dossier(fee_dossier, citizen):
    """Waiting for its fee, as taken at submission (the move to status 6)."""
    DossierEvent.objects.create(
        dossier=fee_dossier, action="request_fee", actor=citizen,
        from_status=DossierStatus.DRAFT, to_status=DossierStatus.FINANCIAL_OBLIGATION,
    )  # fmt: skip
    return fee_dossier


def _logged_in(user, client_class=Client):
    client = client_class()
    client.force_login(user, backend=LOGIN)
    return client


def _step(page: str, action: str) -> str:
    """The history's line of the move `action` on a page."""
    start = page.index(f'data-action="{action}"')
    return page[start : page.index("</li>", start)]


def _fee_paid_everywhere(dossier, citizen, official, language: str) -> dict[str, str]:
    """The words of the payment's move on the tracking page, the workspace page and the API."""
    header = {"HTTP_ACCEPT_LANGUAGE": language}
    track = _logged_in(citizen).get(reverse("dossiers:track", args=[dossier.pk]), **header)
    workspace = _logged_in(official).get(reverse("workspace:dossier", args=[dossier.pk]), **header)
    api = _logged_in(citizen, APIClient).get(f"/api/dossiers/{dossier.pk}/", **header)
    assert track.status_code == workspace.status_code == api.status_code == 200
    steps = api.json()["history"]
    assert [step["action"] for step in steps] == ["request_fee", "fee_paid"]
    assert steps[1]["status"] == DossierStatus.SUBMITTED
    return {
        "track": _step(track.content.decode(), "fee_paid"),
        "workspace": _step(workspace.content.decode(), "fee_paid"),
        "api": steps[1]["description"],
    }


def _national_history(client, dossier) -> list[tuple[int, str]]:
    body = client.get(reverse("workspace:national-status", args=[dossier.pk])).json()
    return [(step["status"], step["note"]) for step in body["history"]]


def test_a_fee_taken_at_the_desk_is_told_with_the_official_and_the_fee_receipt(
    fee_dossier, citizen, commune_official
):
    official = _logged_in(commune_official)
    response = official.post(
        reverse("workspace:counter-fee", args=[fee_dossier.pk]),
        {"method": "cash", "amount_vnd": f"{FEE:,}".replace(",", "."),
         "receipt_number": "BL-000123"},
    )  # fmt: skip

    assert response.status_code == 302
    event = DossierEvent.objects.get(dossier=fee_dossier, action="fee_paid")
    assert event.actor == commune_official  # who moved it on: the official who took the fee
    vietnamese = _fee_paid_everywhere(fee_dossier, citizen, commune_official, "vi")
    english = _fee_paid_everywhere(fee_dossier, citizen, commune_official, "en")
    for place in ("track", "workspace", "api"):
        assert (
            "Cán bộ Lê Thị Hoa đã thu phí, lệ phí tại Bộ phận Một cửa (biên lai số BL-000123)"
            in vietnamese[place]
        ), place
        assert RUNS_FROM_VI in vietnamese[place], place
        assert (
            "The fee was taken at the one-stop desk by Lê Thị Hoa (fee receipt no. BL-000123)"
            in english[place]
        ), place
        assert RUNS_FROM_EN in english[place], place
    # The national portal reads the same two statuses as before, without the words.
    assert _national_history(official, fee_dossier) == [(6, ""), (1, "")]


def test_a_fee_paid_online_is_told_with_the_platform_and_its_transaction(
    client, fee_dossier, citizen, commune_official
):
    payment = PaymentFactory(dossier=fee_dossier)

    assert deliver(client, notice(payment)).status_code == 200

    event = DossierEvent.objects.get(dossier=fee_dossier, action="fee_paid")
    assert event.actor is None  # the platform's word: no one to name
    vietnamese = _fee_paid_everywhere(fee_dossier, citizen, commune_official, "vi")
    english = _fee_paid_everywhere(fee_dossier, citizen, commune_official, "en")
    for place in ("track", "workspace", "api"):
        assert (
            "Đã nộp phí, lệ phí trực tuyến qua Nền tảng thanh toán quốc gia "
            f"(mã giao dịch {payment.transaction_id})" in vietnamese[place]
        ), place
        assert RUNS_FROM_VI in vietnamese[place], place
        assert (
            "The fee was paid online through the national payment platform "
            f"(transaction {payment.transaction_id})" in english[place]
        ), place
        assert RUNS_FROM_EN in english[place], place
    assert _national_history(_logged_in(commune_official), fee_dossier) == [(6, ""), (1, "")]


def test_an_online_payment_after_the_desk_took_the_fee_does_not_rewrite_the_history(
    client, fee_dossier, citizen, commune_official
):
    """Paid online once the desk had taken the fee, it is owed back: the
    dossier went on with the desk's payment, and the history says so."""
    official = _logged_in(commune_official)
    official.post(
        reverse("workspace:counter-fee", args=[fee_dossier.pk]),
        {"method": "card", "amount_vnd": str(FEE), "receipt_number": "BL-000124"},
    )  # fmt: skip
    late = PaymentFactory(dossier=fee_dossier)

    assert deliver(client, notice(late)).status_code == 200

    late.refresh_from_db()
    assert late.status == PaymentStatus.PAID and late.refund_due
    words = _fee_paid_everywhere(fee_dossier, citizen, commune_official, "vi")
    for place, text in words.items():
        assert "biên lai số BL-000124" in text and late.transaction_id not in text, place


def test_the_service_names_the_official_who_took_the_fee(fee_dossier, commune_official):
    Payment.objects.create(
        dossier=fee_dossier, payer=fee_dossier.applicant, amount_vnd=FEE, order_id="MCS-DESK-1",
        status=PaymentStatus.PAID, method="cash", receipt_number="BL-9",
        recorded_by=commune_official,
    )  # fmt: skip

    dossier = dossier_fee_paid(dossier=fee_dossier, by=commune_official)

    event = dossier.events.get(action="fee_paid")
    assert (dossier.status, event.actor) == (DossierStatus.SUBMITTED, commune_official)
    assert dossier.due_date is not None


def test_a_move_on_without_a_payment_on_record_still_says_the_time_runs_from_then(
    fee_dossier, citizen
):
    """A dossier whose fee was waived (none due any more) moves on by the same
    move, on the portal's word: no payment to tell, but what it means."""
    fee_dossier.fee_vnd = 0
    fee_dossier.save(update_fields=["fee_vnd"])

    dossier_fee_paid(dossier=fee_dossier)

    words = dict((event.action, text) for event, text in history_in_words(dossier=fee_dossier))
    assert words["fee_paid"] == (
        "Đã nộp phí, lệ phí: hồ sơ được chuyển đến cơ quan giải quyết; "
        "thời hạn giải quyết được tính từ thời điểm nộp phí."
    )


def test_the_fee_page_names_a_payment_by_the_platform_transaction_beside_the_order(
    client, fee_dossier, citizen
):
    payment = PaymentFactory(dossier=fee_dossier)
    assert deliver(client, notice(payment)).status_code == 200

    page = _logged_in(citizen).get(
        reverse("payments:dossier", args=[fee_dossier.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    )

    # The number the platform's checkout and the tracking page show, as well as the portal's own.
    html = page.content.decode()
    assert f"<code>{payment.order_id}</code>" in html
    assert f"Mã giao dịch: <code>{payment.transaction_id}</code>" in html
