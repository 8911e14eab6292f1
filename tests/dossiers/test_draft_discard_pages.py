"""A citizen deletes their draft from the data check and from its tracking
page too, not only from its form: asked first, through the same discard
that the form uses; only their own draft, never a submitted dossier or a
draft taken at the one-stop desk."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Channel, Dossier, DossierStatus
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory, PrefillSnapshotFactory, PrefillSourceFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


@pytest.fixture
def draft(citizen, hong_bang_ward) -> Dossier:
    """A draft whose data check never ended: a source still being read."""
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward)
    snapshot = PrefillSnapshotFactory(dossier=dossier, finished_at=None)
    PrefillSourceFactory(dossier=dossier, snapshot=snapshot, status="pending", found={})
    return dossier


def _discard_offered(page: str, dossier: Dossier) -> bool:
    return f'action="{reverse("dossiers:discard", args=[dossier.pk])}"' in page


@pytest.mark.parametrize("page", ["dossiers:prefill", "dossiers:track"])
def test_the_data_check_and_the_tracking_page_delete_the_draft(signed_in, draft, page):
    shown = signed_in.get(reverse(page, args=[draft.pk])).content.decode()
    assert _discard_offered(shown, draft)
    assert "Hủy bản nháp" in shown  # asked first, in a disclosure that needs no script
    assert 'data-testid="draft-discard"' in shown and "không thể hoàn tác" in shown

    response = signed_in.post(reverse("dossiers:discard", args=[draft.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("dossiers:list")
    assert not Dossier.objects.filter(pk=draft.pk).exists()
    assert "Đã xóa bản nháp" in signed_in.get(response["Location"]).content.decode()


def test_a_submitted_dossier_offers_no_deletion_and_keeps_it(signed_in, citizen, hong_bang_ward):
    dossier = DossierFactory(
        applicant=citizen, agency=hong_bang_ward, code="11311-261207-0001",
        status=DossierStatus.SUBMITTED, submitted_at=timezone.now(),
    )  # fmt: skip

    page = signed_in.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()

    assert not _discard_offered(page, dossier)
    response = signed_in.post(reverse("dossiers:discard", args=[dossier.pk]))

    assert response.status_code == 409
    assert Dossier.objects.filter(pk=dossier.pk, status=DossierStatus.SUBMITTED).exists()


def test_a_draft_taken_at_the_desk_offers_no_deletion_online(signed_in, citizen,
                                                             commune_official):  # fmt: skip
    dossier = DossierFactory(applicant=citizen, agency=commune_official.agency,
                             channel=Channel.COUNTER, assigned_to=commune_official,
                             counter_consent_at=timezone.now())  # fmt: skip

    page = signed_in.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()

    assert not _discard_offered(page, dossier)
    assert signed_in.post(reverse("dossiers:discard", args=[dossier.pk])).status_code == 409
    assert Dossier.objects.filter(pk=dossier.pk).exists()


def test_nobody_but_the_applicant_deletes_the_draft(client, draft, commune_official):
    for someone in (CitizenFactory(), commune_official):
        client.force_login(someone, backend=LOGIN)
        assert not _discard_offered(
            client.get(reverse("dossiers:prefill", args=[draft.pk])).content.decode(), draft
        )
        assert client.post(reverse("dossiers:discard", args=[draft.pk])).status_code == 404
    assert Dossier.objects.filter(pk=draft.pk).exists()
