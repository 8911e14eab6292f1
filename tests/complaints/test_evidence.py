"""Evidence attached to a complaint: checked like dossier uploads, stored
under a random name, served only to the reporter and the handlers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import Complaint, ComplaintEvidence
from tests.accounts.factories import OfficialFactory, WardFactory
from tests.complaints.test_views import NEW, _form, _login

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _file(name="ảnh yêu cầu.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_evidence_is_kept_and_served_to_the_reporter_and_handlers_only(
    client, citizen, hong_bang_ward, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _login(client, citizen)
    client.post(NEW, _form(hong_bang_ward, evidence=[_file()]))
    complaint = Complaint.objects.get()
    evidence = ComplaintEvidence.objects.get()
    assert evidence.original_name == "ảnh yêu cầu.png" and evidence.content_type == "image/png"
    assert "ảnh" not in evidence.file.name  # a random name on disk
    url = reverse("complaints:evidence", kwargs={"code": complaint.code, "pk": evidence.pk})

    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert download["Content-Disposition"].startswith("attachment")

    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(url, {"t": complaint.tracking_token}).status_code == 200
    complaint.responsible_agency = hong_bang_ward
    complaint.save()
    _login(client, OfficialFactory(agency=hong_bang_ward))
    assert client.get(url).status_code == 200
    _login(client, OfficialFactory(agency=WardFactory()))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "files",
    [[SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60)],  # a program named .pdf
     [SimpleUploadedFile(f"{n}.png", PNG) for n in range(4)]],  # too many
)  # fmt: skip
def test_bad_evidence_refuses_the_whole_complaint(client, citizen, hong_bang_ward, files,
                                                  settings, tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    _login(client, citizen)
    response = client.post(NEW, _form(hong_bang_ward, evidence=files))
    assert response.status_code == 400
    assert not Complaint.objects.exists() and not ComplaintEvidence.objects.exists()
    assert not list(tmp_path.rglob("*"))  # nothing written


def test_a_storage_failure_shows_the_form_again_and_files_nothing(
    client, citizen, hong_bang_ward, storage_fails_on_the_second_file
):
    _login(client, citizen)

    response = client.post(NEW, _form(hong_bang_ward, evidence=[_file(), _file("hai.png")]))

    assert response.status_code == 503
    page = response.content.decode()
    assert "Không lưu được tệp đính kèm" in page and "please try again later" in page
    assert "Cán bộ yêu cầu tôi nộp bản sao sổ hộ khẩu." in page  # what was typed is kept
    assert not Complaint.objects.exists() and not ComplaintEvidence.objects.exists()
    assert not [path for path in storage_fails_on_the_second_file.rglob("*") if path.is_file()]
