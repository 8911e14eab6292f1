"""A dossier closed with no result coming (withdrawn by the applicant, refused,
stopped, not resolved) promises no due date any more: the tracking page, the
applicant's list and the citizen API show none (null, as the OpenAPI schema
says it may be), while an open or resolved dossier keeps its date."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

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


# The citizen API says the same as the pages.


def _api(citizen) -> APIClient:
    api = APIClient()
    api.force_login(citizen, backend=LOGIN)
    return api


def test_a_dossier_withdrawn_over_the_api_comes_back_with_no_due_date(citizen, hong_bang_ward):
    dossier = _paid_dossier(citizen, hong_bang_ward, status=DossierStatus.SUBMITTED)
    api = _api(citizen)
    assert api.get(f"/api/dossiers/{dossier.pk}/").json()["due_date"] == "2026-12-04"

    withdrawn = api.post(f"/api/dossiers/{dossier.pk}/withdraw/",
                         {"reason": "Tôi không còn nhu cầu"}, format="json")  # fmt: skip

    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["due_date"] is None
    assert api.get(f"/api/dossiers/{dossier.pk}/").json()["due_date"] is None
    (listed,) = api.get("/api/dossiers/").json()["results"]
    assert listed["due_date"] is None


@pytest.mark.parametrize(
    "status,due",
    [(DossierStatus.REFUSED_AT_RECEPTION, None), (DossierStatus.PROCESSING_STOPPED, None),
     (DossierStatus.NOT_RESOLVED, None), (DossierStatus.WITHDRAWN, None),
     (DossierStatus.IN_PROCESSING, "2026-12-04"), (DossierStatus.RESULT_READY, "2026-12-04"),
     (DossierStatus.RESULT_RETURNED, "2026-12-04")],
)  # fmt: skip
def test_the_api_gives_a_due_date_only_while_a_result_is_awaited_or_came(
    citizen, hong_bang_ward, status, due
):
    dossier = _paid_dossier(citizen, hong_bang_ward, status=status)
    api = _api(citizen)

    detail = api.get(f"/api/dossiers/{dossier.pk}/").json()
    (listed,) = api.get("/api/dossiers/").json()["results"]

    assert detail["due_date"] == due and listed["due_date"] == due


def test_the_schema_says_the_due_date_may_be_null(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    due = schema["components"]["schemas"]["CitizenDossier"]["properties"]["due_date"]
    assert due["type"] == "string" and due["format"] == "date" and due["nullable"] is True
    assert "withdrawn" in due["description"]
