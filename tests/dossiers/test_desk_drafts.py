"""A draft taken at the one-stop desk is the official's to complete and
submit: its applicant sees it (read-only, saying it is being received at the
desk) but cannot change, upload to, submit or discard it online, on the pages
or through the API; each path answers 409 in Vietnamese and English and
changes nothing, while the official goes on and submits it."""

from __future__ import annotations

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dossiers import services
from dossiers.attachments import attachment_add, attachment_remove
from dossiers.exceptions import TakenAtTheDesk
from dossiers.models import Attachment, Channel, Dossier, DossierStatus
from tests.dossiers.factories import DossierFactory, PrefillSnapshotFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    eform_fields,
)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
REFUSAL_VI = "đang được cán bộ tiếp nhận tại Bộ phận một cửa"
REFUSAL_EN = "being received at the one-stop desk"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def procedure(db):
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"], processing_days=3,
                                 fee_vnd=0)  # fmt: skip
    form = FormDefinitionFactory(code="to-khai-cu-tru", fields=eform_fields("phone"))
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1,
                            name="Tờ khai thay đổi thông tin cư trú", form=form)  # fmt: skip
    DossierComponentFactory(procedure=procedure, code="hop-dong", position=2,
                            name="Hợp đồng cho ở nhờ")  # fmt: skip
    return procedure


def _desk_draft(procedure, citizen, official, **extra) -> Dossier:
    """A draft as counter intake leaves it: the citizen's, taken by the official."""
    dossier = DossierFactory(
        procedure=procedure, form=procedure.components.get(code="to-khai").form,
        agency=official.agency, applicant=citizen, channel=Channel.COUNTER,
        counter_consent_at=timezone.now(), assigned_to=official,
        form_values={"phone": "0912345678"}, **extra,
    )  # fmt: skip
    PrefillSnapshotFactory(dossier=dossier)
    return dossier


@pytest.fixture
def desk_draft(procedure, citizen, commune_official):
    # The citizen has looked at the data on the screen at the desk: even then it stays the desk's.
    return _desk_draft(procedure, citizen, commune_official, preview_confirmed_at=timezone.now())


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_login(citizen, backend=LOGIN)
    return client


def _unchanged(dossier: Dossier) -> None:
    stored = Dossier.objects.get(pk=dossier.pk)
    assert stored.status == DossierStatus.DRAFT and stored.code is None
    assert stored.form_values == {"phone": "0912345678"}
    assert stored.preview_confirmed_at == dossier.preview_confirmed_at
    assert not stored.attachments.exists() and not stored.events.exists()


def _pdf(name: str = "hop-dong.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.mark.django_db
def test_every_online_write_refuses_the_desks_draft_in_the_service_layer(desk_draft, citizen):
    contract = desk_draft.procedure.components.get(code="hop-dong")
    writes = [
        lambda: services.dossier_form_keep(dossier=desk_draft, by=citizen,
                                           values={"phone": "0987654321"}),
        lambda: services.dossier_form_save(dossier=desk_draft, by=citizen,
                                           values={"phone": "0987654321"}),
        lambda: services.dossier_preview_confirm(dossier=desk_draft, by=citizen),
        lambda: services.dossier_submit(dossier=desk_draft, by=citizen, values={}),
        lambda: services.dossier_draft_discard(dossier=desk_draft, by=citizen),
        lambda: services.dossier_prefill_retry(dossier=desk_draft, by=citizen),
        lambda: attachment_add(dossier=desk_draft, component=contract, upload=_pdf(),
                               by=citizen),
    ]  # fmt: skip
    for write in writes:
        with pytest.raises(TakenAtTheDesk) as refused:
            write()
        assert REFUSAL_VI in refused.value.message and REFUSAL_EN in refused.value.message
    _unchanged(desk_draft)


@pytest.mark.django_db
def test_a_file_the_official_kept_cannot_be_removed_by_the_citizen(desk_draft, citizen,
                                                                 commune_official):  # fmt: skip
    contract = desk_draft.procedure.components.get(code="hop-dong")
    kept = Attachment(dossier=desk_draft, component=contract, original_name="hop-dong.pdf",
                      content_type="application/pdf", size=len(PDF), sha256="0" * 64,
                      uploaded_by=commune_official)  # fmt: skip
    kept.file.save("upload", _pdf(), save=True)
    with pytest.raises(TakenAtTheDesk):
        attachment_remove(attachment=kept, by=citizen)
    assert Attachment.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_the_pages_answer_409_and_change_nothing(citizen_client, desk_draft):
    contract = desk_draft.procedure.components.get(code="hop-dong")
    pk = desk_draft.pk
    posts = [
        (reverse("dossiers:form-save", args=[pk]), {"phone": "0987654321"}),
        (reverse("dossiers:value-wrong", args=[pk]), {"phone": "0987654321", "field": "phone"}),
        (reverse("dossiers:submit", args=[pk]), {"phone": "0987654321"}),
        (reverse("dossiers:confirm", args=[pk]), {}),
        (reverse("dossiers:discard", args=[pk]), {}),
        (reverse("dossiers:prefill-retry", args=[pk]), {}),
        (reverse("dossiers:documents", args=[pk]), {"component": contract.pk, "file": _pdf()}),
    ]
    for url, data in posts:
        response = citizen_client.post(url, data)
        assert response.status_code == 409, url
        page = unescape(response.content.decode())
        assert REFUSAL_VI in page and REFUSAL_EN in page, url
    _unchanged(desk_draft)


@pytest.mark.django_db
def test_the_citizen_reads_it_as_being_received_at_the_desk(citizen_client, desk_draft):
    pk = desk_draft.pk
    # Nothing to fill in online: the form and the data check lead to the tracking page.
    for name in ("dossiers:form", "dossiers:prefill"):
        response = citizen_client.get(reverse(name, args=[pk]))
        assert response.status_code == 302 and response["Location"] == reverse(
            "dossiers:track", args=[pk]
        )
    track = citizen_client.get(reverse("dossiers:track", args=[pk]))
    page = track.content.decode()
    assert track.status_code == 200 and 'data-testid="taken-at-desk"' in page
    assert "0912345678" in page  # what the desk typed so far, read-only
    assert reverse("dossiers:form", args=[pk]) not in page
    assert reverse("dossiers:discard", args=[pk]) not in page

    listing = citizen_client.get(reverse("dossiers:list")).content.decode()
    step = listing.split('data-testid="next-step"', 1)[1].split("</td>", 1)[0]
    assert 'data-testid="taken-at-desk"' in step and reverse("dossiers:form", args=[pk]) not in step

    documents = citizen_client.get(reverse("dossiers:documents", args=[pk]))
    page = documents.content.decode()
    assert documents.status_code == 200 and 'data-testid="taken-at-desk"' in page
    assert 'type="file"' not in page and reverse("dossiers:form", args=[pk]) not in page


@pytest.mark.django_db
def test_the_api_answers_409_taken_at_the_desk_and_changes_nothing(api, desk_draft):
    pk = desk_draft.pk
    base = f"/api/dossiers/{pk}/"
    calls = [
        lambda: api.patch(f"{base}form/", {"values": {"phone": "0987654321"}}, format="json"),
        lambda: api.put(f"{base}form/", {"values": {"phone": "0987654321"}}, format="json"),
        lambda: api.post(f"{base}confirm/"),
        lambda: api.post(f"{base}submit/", {"values": {}}, format="json"),
        lambda: api.post(f"{base}attachments/", {"component": "hop-dong", "file": _pdf()},
                         format="multipart"),
    ]  # fmt: skip
    for call in calls:
        response = call()
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "taken_at_the_desk"
        assert REFUSAL_VI in response.json()["detail"] and REFUSAL_EN in response.json()["detail"]
    _unchanged(desk_draft)

    shown = api.get(base).json()
    assert shown["channel"] == "counter" and shown["next_step"]["code"] == "taken_at_desk"
    assert "submit" not in shown["allowed_actions"]
    listed = api.get("/api/dossiers/").json()["results"]
    assert [item["next_step"]["code"] for item in listed] == ["taken_at_desk"]


@pytest.mark.django_db
def test_the_official_still_submits_it_and_then_it_is_the_citizens_as_any_other(
    citizen_client, desk_draft, commune_official
):
    from dossiers.counter import counter_submit

    citizen_client.post(reverse("dossiers:submit", args=[desk_draft.pk]), {"phone": "0987654321"})
    dossier = counter_submit(dossier=desk_draft, by=commune_official,
                             values={"phone": "0912345678"})  # fmt: skip
    assert dossier.status == DossierStatus.RECEIVED  # submitted and received at the desk
    track = citizen_client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()
    assert 'data-testid="taken-at-desk"' not in track and dossier.code in track


@pytest.mark.django_db
def test_an_online_draft_of_the_same_citizen_is_still_theirs_to_change(
    citizen_client, procedure, citizen, hong_bang_ward
):
    online = DossierFactory(procedure=procedure, agency=hong_bang_ward, applicant=citizen,
                            form=procedure.components.get(code="to-khai").form,
                            preview_confirmed_at=timezone.now())  # fmt: skip
    response = citizen_client.post(reverse("dossiers:form-save", args=[online.pk]),
                                   {"phone": "0987654321"})  # fmt: skip
    assert response.status_code == 302
    assert Dossier.objects.get(pk=online.pk).form_values["phone"] == "0987654321"
    assert citizen_client.post(reverse("dossiers:discard", args=[online.pk])).status_code == 302
    assert not Dossier.objects.filter(pk=online.pk).exists()
