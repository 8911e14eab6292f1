"""The tracking page says whether the dossier's fee is paid, not only its amount."""

import pytest
from django.urls import reverse

from payments.models import PaymentStatus
from tests.payments.factories import PaymentFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


def _fee(client, dossier) -> str:
    page = client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()
    fee = page[page.index('data-testid="fee"') :]
    return fee[: fee.index("</dd>")]


def test_the_fee_is_shown_unpaid_until_the_platform_confirms_it(client, citizen, fee_dossier):
    client.force_login(citizen, backend=LOGIN)
    payment = PaymentFactory(dossier=fee_dossier)

    assert "50.000" in _fee(client, fee_dossier) and "chưa nộp" in _fee(client, fee_dossier)

    payment.status = PaymentStatus.PAID
    payment.save(update_fields=["status"])
    assert "đã nộp" in _fee(client, fee_dossier) and "chưa nộp" not in _fee(client, fee_dossier)
