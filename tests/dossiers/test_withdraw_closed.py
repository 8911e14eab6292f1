"""A dossier whose result was returned (or otherwise closed) cannot be
withdrawn: the tracking page offers no withdrawal, and a request sent anyway is
refused as such, in Vietnamese and English, before any reason is asked."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from dossiers.models import DossierStatus
from tests.dossiers.factories import DossierFactory

BACKEND = "portal.accounts.backends.VNeIDSessionBackend"
CLOSED = [
    DossierStatus.RESULT_READY,
    DossierStatus.RESULT_RETURNED,
    DossierStatus.NOT_RESOLVED,
    DossierStatus.WITHDRAWN,
]


@pytest.mark.parametrize("status", CLOSED)
def test_a_closed_dossier_offers_no_withdrawal_and_refuses_one_sent_anyway(
    client, citizen, hong_bang_ward, status
):
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward, status=status)
    client.force_login(citizen, backend=BACKEND)
    page = client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()
    assert reverse("dossiers:withdraw", args=[dossier.pk]) not in page

    for reason in ("", "Không cần nữa"):
        refused = client.post(reverse("dossiers:withdraw", args=[dossier.pk]), {"reason": reason})
        body = refused.content.decode()
        assert refused.status_code == 409
        assert "A reason is required." not in body
        assert "không thể thực hiện thao tác này" in body and "not possible now" in body
    dossier.refresh_from_db()
    assert dossier.status == status


def test_the_api_refuses_withdrawing_a_returned_dossier_before_asking_a_reason(
    citizen, hong_bang_ward
):
    dossier = DossierFactory(
        applicant=citizen, agency=hong_bang_ward, status=DossierStatus.RESULT_RETURNED
    )
    api = APIClient()
    api.force_login(citizen, backend=BACKEND)
    refused = api.post(f"/api/dossiers/{dossier.pk}/withdraw/", {}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "transition_refused"


def test_an_open_dossier_still_asks_a_reason(client, citizen, hong_bang_ward):
    dossier = DossierFactory(
        applicant=citizen, agency=hong_bang_ward, status=DossierStatus.IN_PROCESSING
    )
    client.force_login(citizen, backend=BACKEND)
    assert (
        reverse("dossiers:withdraw", args=[dossier.pk])
        in client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()
    )
    refused = client.post(reverse("dossiers:withdraw", args=[dossier.pk]), {"reason": ""})
    assert refused.status_code == 400 and "A reason is required." in refused.content.decode()
