"""Answering a supplement request by upload: a document asked for again keeps
its earlier file in the record, marked with the official's reason, next to
the new one; the component says one thing (needed, or provided in this
supplement); the applicant may take back only a file of the supplement
still waiting; the official sees which round each file came with, newest
first, and the earlier file superseded."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dossiers.attachment_rounds import submitted_files
from dossiers.attachments import attachment_add, attachment_remove
from dossiers.counter_supplements import supplement_receive_at_desk
from dossiers.exceptions import DossierError
from dossiers.models import Attachment, Dossier, DossierStatus
from dossiers.supplement_answers import supplement_answer
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory, SupplementRequestFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
REASON = "Bản chụp giấy xác nhận bị mờ, không đọc được"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.004222", name="Đăng ký thường trú")


@pytest.fixture
def proof(procedure):
    """A paper no database holds yet: data replaces it only from next month."""
    component = DossierComponentFactory(procedure=procedure, code="cho-o-hop-phap", position=1,
                                        name="Giấy tờ chứng minh chỗ ở hợp pháp")  # fmt: skip
    ElectronicReplacementFactory(
        component=component, document_type="land_use_certificate", fields=["land_use_certificates"],
        effective_date=timezone.localdate() + datetime.timedelta(days=30),
    )  # fmt: skip
    return component


@pytest.fixture
def lease(procedure):
    return DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha", position=2,
                                   name="Hợp đồng thuê nhà")  # fmt: skip


@pytest.fixture
def dossier(citizen, hong_bang_ward, procedure, proof, lease):
    """Submitted with proof.pdf and hop-dong.pdf, now in processing."""
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward, procedure=procedure,
                             preview_confirmed_at=timezone.now())  # fmt: skip
    _upload(dossier, proof, citizen, "proof.pdf")
    _upload(dossier, lease, citizen, "hop-dong.pdf")
    Dossier.objects.filter(pk=dossier.pk).update(
        status=DossierStatus.IN_PROCESSING, code="H31.11311-261207-0001",
        submitted_at=timezone.now(),
    )  # fmt: skip
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def supplement(dossier, proof, commune_official):
    """The official found proof.pdf wrong and asks for it again."""
    return SupplementRequestFactory(dossier=dossier, requested_by=commune_official,
                                    components=[proof], reason=REASON)  # fmt: skip


def _upload(dossier, component, by, name="proof.pdf"):
    upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    return attachment_add(dossier=dossier, component=component, upload=upload, by=by)


def _card(page: str, component) -> str:
    """The applicant's panel card of one component."""
    return page[page.index(f'data-component="{component.code}"') :].split('<li class="card', 1)[0]


def _item(page: str, component) -> str:
    """The official's page's entry of one component."""
    part = page[page.index(f'id="component-{component.pk}"') :].split("</section>", 1)[0]
    return part.split('data-testid="component"', 1)[0]


def _files(dossier, component):
    files = submitted_files(dossier=dossier, attachments=Attachment.objects.filter(dossier=dossier))
    return files[component.pk]


# The rounds, in the domain.


def test_a_file_asked_for_again_stays_marked_and_the_new_one_answers_it(
    dossier, proof, lease, citizen, supplement
):
    earlier = Attachment.objects.get(dossier=dossier, component=proof)

    (only,) = _files(dossier, proof)
    assert (only.attachment, only.round, only.asked_again, only.superseded) == (
        earlier, 0, supplement, False
    )  # fmt: skip
    assert not only.in_open_supplement

    new = _upload(dossier, proof, citizen)
    files = _files(dossier, proof)
    assert [(f.attachment, f.round, f.superseded, f.in_open_supplement) for f in files] == [
        (new, 1, False, True), (earlier, 0, True, False)
    ]  # fmt: skip
    assert files[0].supplement == supplement and files[0].asked_again is None
    assert files[1].asked_again_round == 1
    # The lease was not asked again: its file is of the submission, nothing more.
    (lease_file,) = _files(dossier, lease)
    assert (lease_file.round, lease_file.asked_again, lease_file.superseded) == (0, None, False)


def test_the_applicant_takes_back_a_file_of_this_supplement_never_an_earlier_one(
    dossier, proof, lease, citizen, supplement
):
    earlier = Attachment.objects.get(dossier=dossier, component=proof)
    wrong = _upload(dossier, proof, citizen, "nham.pdf")
    extra = _upload(dossier, lease, citizen, "phu-luc.pdf")  # not asked, but of this supplement

    attachment_remove(attachment=wrong, by=citizen)
    attachment_remove(attachment=extra, by=citizen)
    with pytest.raises(DossierError) as refused:
        attachment_remove(attachment=earlier, by=citizen)

    assert "được giữ trong hồ sơ" in refused.value.message
    assert "it stays in the dossier's record" in refused.value.message
    kept = Attachment.objects.filter(dossier=dossier).values_list("original_name", flat=True)
    assert set(kept) == {"proof.pdf", "hop-dong.pdf"}
    assert earlier.file.storage.exists(earlier.file.name)


def test_no_file_is_taken_back_once_the_answer_is_sent(dossier, proof, citizen, supplement):
    new = _upload(dossier, proof, citizen)
    supplement_answer(dossier=dossier, by=citizen)

    with pytest.raises(DossierError):
        attachment_remove(attachment=new, by=citizen)

    assert Attachment.objects.filter(dossier=dossier).count() == 3
    files = _files(dossier, proof)
    assert [(f.round, f.superseded, f.in_open_supplement) for f in files] == [
        (1, False, False), (0, True, False)
    ]  # fmt: skip


def test_only_the_applicant_takes_a_file_back(dossier, proof, citizen, supplement,
                                              commune_official):  # fmt: skip
    new = _upload(dossier, proof, citizen)
    for someone in (commune_official, CitizenFactory()):
        with pytest.raises(DossierError):
            attachment_remove(attachment=new, by=someone)
    assert Attachment.objects.filter(pk=new.pk).exists()


def test_a_paper_seen_at_the_desk_supersedes_the_earlier_file(
    dossier, proof, supplement, commune_official
):
    supplement_receive_at_desk(dossier=dossier, by=commune_official, scans={},
                               papers_seen=[proof.pk])  # fmt: skip

    (earlier,) = _files(dossier, proof)
    assert (earlier.round, earlier.asked_again, earlier.superseded) == (0, supplement, True)


# The applicant's pages.


def test_the_component_asked_again_says_one_thing_before_and_after_the_upload(
    client, dossier, proof, citizen, supplement
):
    client.force_login(citizen, backend=LOGIN)
    documents = f"/dossiers/{dossier.pk}/documents/"

    card = _card(client.get(documents).content.decode(), proof)
    assert card.count('class="badge') == 1 and "Cần tải lên</span>" in card
    assert "Đã tải lên" not in card and "Hiện vẫn cần tải lên" not in card
    assert card.count('<p class="mb-2') == 1  # one status line: what the supplement asks
    assert f"Bản đã nộp trước — cán bộ yêu cầu bổ sung: {REASON}" in card
    assert "Xóa tệp" not in card  # what was submitted cannot be taken back

    response = client.post(documents, {"component": proof.pk,
                                       "file": SimpleUploadedFile("proof.pdf", PDF)})  # fmt: skip
    assert response.status_code == 302

    card = _card(client.get(documents).content.decode(), proof)
    assert card.count('class="badge') == 1 and "Đã nộp bổ sung</span>" in card
    assert "Cần tải lên" not in card and "Hiện vẫn cần tải lên" not in card
    assert card.count('<p class="mb-2') == 1
    today = timezone.localdate().strftime("%d/%m/%Y")
    # The answer first, then the earlier file, still kept with why it was asked again.
    assert card.index(f"Bản bổ sung ngày {today}") < card.index("Bản đã nộp trước")
    assert card.count("Xóa tệp") == 1
    new = Attachment.objects.filter(dossier=dossier, component=proof).latest("uploaded_at")
    assert f"/documents/{new.pk}/remove/" in card


def test_an_uploaded_component_replaced_later_is_not_also_said_to_be_needed(
    client, citizen, hong_bang_ward, procedure, proof
):
    draft = DossierFactory(applicant=citizen, agency=hong_bang_ward, procedure=procedure,
                           preview_confirmed_at=timezone.now())  # fmt: skip
    _upload(draft, proof, citizen)
    client.force_login(citizen, backend=LOGIN)

    card = _card(client.get(f"/dossiers/{draft.pk}/documents/").content.decode(), proof)

    assert "Đã tải lên</span>" in card and "Hiện vẫn cần tải lên" not in card
    assert "Đã tải lên: từ ngày" in card and card.count("Xóa tệp") == 1


def test_removing_over_http_takes_back_only_a_file_of_this_supplement(
    client, dossier, proof, citizen, supplement
):
    earlier = Attachment.objects.get(dossier=dossier, component=proof)
    new = _upload(dossier, proof, citizen)
    client.force_login(citizen, backend=LOGIN)

    refused = client.post(f"/dossiers/{dossier.pk}/documents/{earlier.pk}/remove/",
                          headers={"HX-Request": "true"})  # fmt: skip
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "đã được nộp trước khi cơ quan yêu cầu bổ sung" in body
    assert "was submitted before the supplement request" in body
    assert Attachment.objects.filter(pk=earlier.pk).exists()

    removed = client.post(f"/dossiers/{dossier.pk}/documents/{new.pk}/remove/")
    assert removed.status_code == 302
    assert not Attachment.objects.filter(pk=new.pk).exists()


def test_removing_another_dossier_s_file_or_after_the_answer_changes_nothing(
    client, dossier, proof, citizen, hong_bang_ward, procedure, supplement
):
    stranger = CitizenFactory()
    theirs = DossierFactory(applicant=stranger, agency=hong_bang_ward, procedure=procedure)
    their_file = _upload(theirs, proof, stranger, "cua-nguoi-khac.pdf")
    new = _upload(dossier, proof, citizen)
    client.force_login(citizen, backend=LOGIN)

    # Another dossier's file through one's own dossier, and another's dossier: both unknown.
    for pk, file_pk in ((dossier.pk, their_file.pk), (theirs.pk, their_file.pk)):
        assert client.post(f"/dossiers/{pk}/documents/{file_pk}/remove/").status_code == 404
    client.force_login(stranger, backend=LOGIN)
    assert client.post(f"/dossiers/{dossier.pk}/documents/{new.pk}/remove/").status_code == 404

    supplement_answer(dossier=dossier, by=citizen)
    client.force_login(citizen, backend=LOGIN)
    after = client.post(f"/dossiers/{dossier.pk}/documents/{new.pk}/remove/")
    assert after.status_code == 400
    assert "A submitted dossier keeps the files it was submitted with." in after.content.decode()
    assert Attachment.objects.filter(pk__in=[their_file.pk, new.pk]).count() == 2


# The official's page.


def test_the_official_sees_each_file_s_round_newest_first_and_the_superseded_one(
    client, dossier, proof, lease, citizen, supplement, commune_official
):
    new = _upload(dossier, proof, citizen)
    supplement_answer(dossier=dossier, by=citizen)
    earlier = Attachment.objects.get(dossier=dossier, component=proof, original_name="proof.pdf",
                                     pk__lt=new.pk)  # fmt: skip
    client.force_login(commune_official, backend=LOGIN)

    page = client.get(f"/workspace/{dossier.pk}/").content.decode()

    component = _item(page, proof)
    at_new = component.index(f"/documents/{new.pk}/")
    at_earlier = component.index(f"/documents/{earlier.pk}/")
    assert at_new < at_earlier  # newest first
    new_line, earlier_line = component[at_new:at_earlier], component[at_earlier:]
    assert f"Bổ sung lần 1, {new.uploaded_at.astimezone():%d/%m/%Y}" in new_line
    assert "data-superseded" not in component[:at_new].rsplit("<li", 1)[1]
    assert "Nộp lần đầu," in earlier_line
    assert "Đã được thay bằng bản bổ sung lần 1" in earlier_line
    assert "data-superseded" in component[:at_earlier].rsplit("<li", 1)[1]
    lease_part = _item(page, lease)
    assert "Nộp lần đầu," in lease_part and "bổ sung" not in lease_part


def test_the_official_sees_a_file_asked_again_before_the_answer(
    client, dossier, proof, supplement, commune_official
):
    client.force_login(commune_official, backend=LOGIN)
    page = client.get(f"/workspace/{dossier.pk}/").content.decode()
    component = _item(page, proof)
    assert "Được yêu cầu bổ sung lại (lần 1)" in component and "data-superseded" not in component


def test_the_files_stay_scoped_to_those_who_may_see_the_dossier(
    client, dossier, proof, citizen, supplement, other_commune_official
):
    new = _upload(dossier, proof, citizen)
    client.force_login(other_commune_official, backend=LOGIN)

    assert client.get(f"/workspace/{dossier.pk}/").status_code == 404
    assert client.get(f"/dossiers/{dossier.pk}/documents/{new.pk}/").status_code == 404
    client.force_login(CitizenFactory(), backend=LOGIN)
    assert client.get(f"/dossiers/{dossier.pk}/documents/").status_code == 404
