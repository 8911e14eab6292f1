"""A dossier closed with no result coming (withdrawn by the applicant, refused,
stopped, not resolved) promises no due date any more: the tracking page and
the applicant's list show none, while an open dossier keeps its date."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.models import DossierStatus
from dossiers.services import dossier_withdraw
from payments.models import PaymentStatus
from tests.dossiers.factories import DossierFactory
from tests.payments.factories import PaymentFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
DUE = datetime.date(2026, 12, 4)


def _paid_dossier(citizen, agency, *, status=DossierStatus.IN_PROCESSING, code="11311-261125-0001"):
    dossier = DossierFactory(
        applicant=citizen, agency=agency, status=status, code=code, fee_vnd=20000,
        submitted_at=timezone.now(), due_date=DUE,
    )  # fmt: skip
    PaymentFactory(dossier=dossier, status=PaymentStatus.PAID, paid_at=timezone.now())
    return dossier


def test_a_dossier_withdrawn_after_its_fee_was_paid_shows_no_due_date(
    client, citizen, hong_bang_ward
):
    dossier = _paid_dossier(citizen, hong_bang_ward)
    dossier_withdraw(dossier=dossier, by=citizen, reason="Tôi không còn nhu cầu")
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()
    listed = client.get(reverse("dossiers:list")).content.decode()

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN
    assert 'data-testid="due-date"' not in page and "04/12/2026" not in page
    assert 'data-testid="fee"' in page  # the fee and that it was paid, as they stand
    assert "04/12/2026" not in listed


@pytest.mark.parametrize(
    "status",
    [DossierStatus.REFUSED_AT_RECEPTION, DossierStatus.PROCESSING_STOPPED,
     DossierStatus.NOT_RESOLVED],
)  # fmt: skip
def test_a_dossier_closed_without_a_result_shows_no_due_date(
    client, citizen, hong_bang_ward, status
):
    dossier = _paid_dossier(citizen, hong_bang_ward, status=status)
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()

    assert 'data-testid="due-date"' not in page


@pytest.mark.parametrize("status", [DossierStatus.IN_PROCESSING, DossierStatus.RESULT_RETURNED])
def test_an_open_or_resolved_dossier_keeps_its_due_date(client, citizen, hong_bang_ward, status):
    dossier = _paid_dossier(citizen, hong_bang_ward, status=status)
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()
    listed = client.get(reverse("dossiers:list")).content.decode()

    assert 'data-testid="due-date">04/12/2026<' in page and "04/12/2026" in listed
