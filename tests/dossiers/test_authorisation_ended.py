"""Once the authorisation a draft was started under is revoked or has
expired, its applicant no longer sees the principal's data in it: its pages,
its files and the API say how and when the authorisation ended, and offer
only to discard it."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from dossiers.attachments import attachment_add
from dossiers.models import Authorisation, Dossier
from dossiers.services import dossier_form_keep
from tests.dossiers.test_attachments import PDF
from tests.dossiers.test_journey import (
    LOGIN,
    _address,
    _agent_draft_under_authorisation,
    _uploadable,
)
from tests.dossiers.test_journey import procedure as procedure  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

FILE_NAME = "giay-uy-quyen-cua-an.pdf"
TYPED_PHONE = "0912345678"


def _filled_agent_draft(citizen, procedure, unit):
    """Bình's draft for An, confirmed, with a typed value and a file."""
    agent, authorisation, dossier = _agent_draft_under_authorisation(citizen, procedure, unit)
    as_agent = Client()
    as_agent.force_login(agent, backend=LOGIN)
    assert as_agent.post(f"/dossiers/{dossier.pk}/confirm/").status_code == 302
    dossier_form_keep(dossier=dossier, by=agent, values={"phone": TYPED_PHONE})
    upload = SimpleUploadedFile(FILE_NAME, PDF, content_type="application/pdf")
    attachment = attachment_add(dossier=dossier, component=_uploadable(procedure), upload=upload,
                                by=agent)  # fmt: skip
    return as_agent, authorisation, dossier, attachment


def _draft_pages(dossier, attachment) -> list[str]:
    return [f"/dossiers/{dossier.pk}/", f"/dossiers/{dossier.pk}/form/",
            f"/dossiers/{dossier.pk}/prefill/", f"/dossiers/{dossier.pk}/prefill/panel/",
            f"/dossiers/{dossier.pk}/documents/"]  # fmt: skip


def _principal_data(dossier) -> list[str]:
    return ["Nguyễn Văn An", _address(dossier), TYPED_PHONE, FILE_NAME]


def test_the_agent_sees_the_principals_data_while_the_authorisation_is_in_force(
    gateway_live, citizen, procedure, hong_bang_ward
):
    as_agent, _authorisation, dossier, attachment = _filled_agent_draft(
        citizen, procedure, hong_bang_ward
    )

    form = as_agent.get(f"/dossiers/{dossier.pk}/form/").content.decode()
    documents = as_agent.get(f"/dossiers/{dossier.pk}/documents/").content.decode()
    file = as_agent.get(f"/dossiers/{dossier.pk}/documents/{attachment.pk}/")

    assert _address(dossier) in form and TYPED_PHONE in form
    assert FILE_NAME in documents
    assert file.status_code == 200
    assert as_agent.get(f"/api/dossiers/{dossier.pk}/").status_code == 200


def test_a_revoked_authorisation_hides_the_principals_data_from_the_drafts_pages(
    gateway_live, citizen, procedure, hong_bang_ward
):
    as_agent, authorisation, dossier, attachment = _filled_agent_draft(
        citizen, procedure, hong_bang_ward
    )
    as_principal = Client()
    as_principal.force_login(citizen, backend=LOGIN)
    as_principal.post(f"/dossiers/authorisations/{authorisation.pk}/revoke/")
    revoked_on = timezone.localdate().strftime("%d/%m/%Y")
    hidden = _principal_data(dossier)

    for url in _draft_pages(dossier, attachment):
        page = as_agent.get(url)
        text = page.content.decode()
        assert page.status_code == 403, url
        assert 'data-testid="authorisation-ended"' in text, url
        assert f"đã thu hồi ủy quyền ngày {revoked_on}" in text, url
        assert f"revoked the authorisation on {revoked_on}" in text, url
        assert f'action="/dossiers/{dossier.pk}/discard/"' in text, url
        assert f'action="/dossiers/{dossier.pk}/submit/"' not in text, url
        assert not [value for value in hidden if value in text], url
    # An action refused there shows the same page, not the data.
    refused = as_agent.post(f"/dossiers/{dossier.pk}/form/save/", {"phone": "0987654321"})
    assert refused.status_code == 403
    assert not [value for value in hidden if value in refused.content.decode()]

    # Discarding still works, and deletes what was read and kept for the draft.
    assert as_agent.post(f"/dossiers/{dossier.pk}/discard/").status_code == 302
    assert not Dossier.objects.filter(pk=dossier.pk).exists()


def test_the_drafts_files_cannot_be_downloaded_once_the_authorisation_expired(
    gateway_live, citizen, procedure, hong_bang_ward
):
    as_agent, authorisation, dossier, attachment = _filled_agent_draft(
        citizen, procedure, hong_bang_ward
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Authorisation.objects.filter(pk=authorisation.pk).update(
        valid_from=yesterday - datetime.timedelta(days=5), valid_until=yesterday
    )

    file = as_agent.get(f"/dossiers/{dossier.pk}/documents/{attachment.pk}/")
    page = as_agent.get(f"/dossiers/{dossier.pk}/")

    assert file.status_code == 403
    assert file.get("Content-Disposition") is None and PDF not in file.content
    expired_on = yesterday.strftime("%d/%m/%Y")
    assert f"Ủy quyền đã hết hạn ngày {expired_on}" in page.content.decode()
    assert f"The authorisation expired on {expired_on}" in page.content.decode()


def test_the_api_refuses_the_drafts_data_once_the_authorisation_ended(
    gateway_live, citizen, procedure, hong_bang_ward
):
    as_agent, authorisation, dossier, _attachment = _filled_agent_draft(
        citizen, procedure, hong_bang_ward
    )
    as_principal = Client()
    as_principal.force_login(citizen, backend=LOGIN)
    as_principal.post(f"/dossiers/authorisations/{authorisation.pk}/revoke/")

    detail = as_agent.get(f"/api/dossiers/{dossier.pk}/")
    form = as_agent.get(f"/api/dossiers/{dossier.pk}/form/")

    for answer in (detail, form):
        assert answer.status_code == 403
        assert answer.json()["code"] == "no_right_to_act"
        assert "đã thu hồi ủy quyền ngày" in answer.json()["detail"]
        assert "revoked the authorisation on" in answer.json()["detail"]
        assert not [value for value in _principal_data(dossier) if value in answer.content.decode()]


def test_a_renewed_authorisation_shows_the_draft_again(
    gateway_live, citizen, procedure, hong_bang_ward
):
    from dossiers.services import authorisation_record, authorisation_revoke

    as_agent, authorisation, dossier, _attachment = _filled_agent_draft(
        citizen, procedure, hong_bang_ward
    )
    authorisation_revoke(authorisation=authorisation, by=citizen)
    today = timezone.localdate()
    authorisation_record(
        principal=citizen, agent_personal_id=authorisation.agent_personal_id,
        valid_from=today, valid_until=today + datetime.timedelta(days=10),
    )  # fmt: skip

    form = as_agent.get(f"/dossiers/{dossier.pk}/form/")

    assert form.status_code == 200 and TYPED_PHONE in form.content.decode()


def test_my_dossiers_says_the_authorisation_ended_instead_of_complete_and_submit(
    gateway_live, citizen, procedure, hong_bang_ward
):
    as_agent, authorisation, dossier, _attachment = _filled_agent_draft(
        citizen, procedure, hong_bang_ward
    )
    as_principal = Client()
    as_principal.force_login(citizen, backend=LOGIN)
    as_principal.post(f"/dossiers/authorisations/{authorisation.pk}/revoke/")
    revoked_on = timezone.localdate().strftime("%d/%m/%Y")

    page = as_agent.get("/dossiers/").content.decode()
    listed = as_agent.get("/api/dossiers/").json()["results"]

    step = page.split('data-testid="next-step"')[1].split("</td>")[0]
    assert f"đã thu hồi ủy quyền ngày {revoked_on}" in step
    assert f"revoked the authorisation on {revoked_on}" in step
    assert f'href="/dossiers/{dossier.pk}/"' in step
    assert f'href="/dossiers/{dossier.pk}/form/"' not in step
    [row] = [row for row in listed if row["id"] == dossier.pk]
    assert row["next_step"]["code"] == "authorisation_ended"
    assert f"revoked the authorisation on {revoked_on}" in row["next_step"]["text"]


def test_my_dossiers_offers_to_complete_the_draft_while_the_authorisation_is_in_force(
    gateway_live, citizen, procedure, hong_bang_ward
):
    as_agent, _authorisation, dossier, _attachment = _filled_agent_draft(
        citizen, procedure, hong_bang_ward
    )

    page = as_agent.get("/dossiers/").content.decode()
    [row] = [row for row in as_agent.get("/api/dossiers/").json()["results"]
             if row["id"] == dossier.pk]  # fmt: skip

    assert f'href="/dossiers/{dossier.pk}/form/"' in page
    assert 'data-testid="authorisation-ended"' not in page
    assert row["next_step"]["code"] == "complete_and_submit"


def test_submitting_once_the_authorisation_expired_is_refused_with_its_date(
    gateway_live, citizen, procedure, hong_bang_ward
):
    as_agent, authorisation, dossier, _attachment = _filled_agent_draft(
        citizen, procedure, hong_bang_ward
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Authorisation.objects.filter(pk=authorisation.pk).update(
        valid_from=yesterday - datetime.timedelta(days=5), valid_until=yesterday
    )
    expired_on = yesterday.strftime("%d/%m/%Y")

    answer = as_agent.post(f"/api/dossiers/{dossier.pk}/submit/", content_type="application/json")
    page = as_agent.post(f"/dossiers/{dossier.pk}/submit/").content.decode()

    assert answer.status_code == 403 and answer.json()["code"] == "no_right_to_act"
    assert answer.json()["detail"].count(f"expired on {expired_on}") == 1
    assert f"Ủy quyền đã hết hạn ngày {expired_on}" in answer.json()["detail"]
    assert page.count(f"The authorisation expired on {expired_on}, so") == 1
    assert "or it has expired" not in page
    assert Dossier.objects.get(pk=dossier.pk).status == "draft"
