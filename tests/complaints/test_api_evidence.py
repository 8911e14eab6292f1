"""Evidence through the complaints API: filed as multipart with the complaint,
listed in its detail, downloaded only by the reporter (account or tracking
token) and the complaint's handlers; a bad file refuses the whole complaint."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from complaints.models import Complaint, ComplaintEvidence
from tests.accounts.factories import CitizenFactory, OfficialFactory, WardFactory

pytestmark = pytest.mark.django_db

INTAKE = "/api/complaints/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _body(unit, evidence, **fields):
    return {"category": "reprovide_data", "description": "Bị yêu cầu nộp bản sao căn cước.",
            "unit": unit.code, "evidence": evidence, **fields}  # fmt: skip


def _download(api, url, **params):
    response = api.get(url, params)
    return response, b"".join(response.streaming_content) if response.status_code == 200 else b""


def test_a_citizen_files_with_evidence_and_downloads_it(api, citizen, hong_bang_ward, media):
    api.force_authenticate(citizen)
    files = [SimpleUploadedFile("ảnh yêu cầu.png", PNG, content_type="image/png"),
             SimpleUploadedFile("giấy hẹn.pdf", PDF, content_type="application/pdf")]  # fmt: skip

    created = api.post(INTAKE, _body(hong_bang_ward, files), format="multipart")

    assert created.status_code == 201
    listed = created.json()["evidence"]
    assert [(e["name"], e["size"], e["content_type"]) for e in listed] == [
        ("ảnh yêu cầu.png", len(PNG), "image/png"), ("giấy hẹn.pdf", len(PDF), "application/pdf")
    ]  # fmt: skip
    assert all(e["uploaded_at"] for e in listed)
    assert all("ảnh" not in e.file.name for e in ComplaintEvidence.objects.all())  # random names
    response, content = _download(api, listed[1]["url"])
    assert response.status_code == 200 and content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    code = Complaint.objects.get().code
    tracked = api.get(f"/api/complaints/{code}/").json()["evidence"]
    assert [e["name"] for e in tracked] == ["ảnh yêu cầu.png", "giấy hẹn.pdf"]
    mine = api.get("/api/complaints/mine/").json()
    assert [e["name"] for e in mine[0]["evidence"]] == ["ảnh yêu cầu.png", "giấy hẹn.pdf"]


def test_a_reporter_without_an_account_downloads_with_the_tracking_token(
    api, hong_bang_ward, media
):
    body = _body(hong_bang_ward, [SimpleUploadedFile("anh.png", PNG)],
                 **{"contact.name": "Mai", "contact.phone": "0912345678"})  # fmt: skip

    created = api.post(INTAKE, body, format="multipart")

    assert created.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.reporter_name == "Mai" and complaint.reporter_phone == "0912345678"
    url = created.json()["evidence"][0]["url"]
    assert url.endswith(f"?t={complaint.tracking_token}")
    response, content = _download(api, url)
    assert response.status_code == 200 and content == PNG
    bare = url.split("?")[0]
    assert api.get(bare).status_code == 404
    assert api.get(bare, {"t": "not-the-token"}).json()["code"] == "not_found"
    tracked = api.get(f"/api/complaints/{complaint.code}/", {"t": complaint.tracking_token})
    assert tracked.json()["evidence"][0]["url"] == url


def test_only_the_reporter_and_the_handlers_get_the_file(api, citizen, hong_bang_ward, media):
    api.force_authenticate(citizen)
    api.post(INTAKE, _body(hong_bang_ward, [SimpleUploadedFile("anh.png", PNG)]),
             format="multipart")  # fmt: skip
    complaint = Complaint.objects.get()
    complaint.responsible_agency = hong_bang_ward
    complaint.save(update_fields=["responsible_agency"])
    evidence = ComplaintEvidence.objects.get()
    url = f"/api/complaints/{complaint.code}/evidence/{evidence.pk}/"

    for stranger in (CitizenFactory(), OfficialFactory(agency=WardFactory())):
        api.force_authenticate(stranger)
        refused = api.get(url)
        assert refused.status_code == 404 and refused.json()["code"] == "not_found"

    api.force_authenticate(OfficialFactory(agency=hong_bang_ward))
    queued = api.get("/api/complaints/handling/").json()[0]["evidence"]
    assert queued[0]["url"] == url  # no tracking token for handlers
    response, content = _download(api, url)
    assert response.status_code == 200 and content == PNG
    assert (
        api.get(f"/api/complaints/{complaint.code}/evidence/{evidence.pk + 1}/").status_code == 404
    )


@pytest.mark.parametrize(
    ("files", "message"),
    [([SimpleUploadedFile(f"{n}.png", PNG) for n in range(4)],
      "Đính kèm tối đa 3 tệp. Attach at most 3 files."),
     ([SimpleUploadedFile("don.pdf", b"MZ\x90\x00" + b"\x00" * 60)],  # a program named .pdf
      "không phải là PDF, JPEG, PNG (kiểm tra theo nội dung tệp, không theo tên tệp). "
      "The file “don.pdf” is not a PDF, JPEG, PNG file"),
     ([SimpleUploadedFile("lon.png", PNG + b"\x00" * 1024 * 1024)],
      "cho phép. The file “lon.png” is larger than the")],
)  # fmt: skip
def test_bad_evidence_is_a_400_and_stores_nothing(
    api, citizen, hong_bang_ward, media, settings, files, message
):
    settings.DOSSIER_UPLOAD_MAX_MB = 1
    api.force_authenticate(citizen)

    response = api.post(INTAKE, _body(hong_bang_ward, files), format="multipart")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and message in body["detail"]
    assert list(body["fields"]) == ["evidence"] and message in body["fields"]["evidence"][0]
    assert not Complaint.objects.exists() and not ComplaintEvidence.objects.exists()
    assert not list(media.rglob("*"))  # nothing written


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


FILES = {"pdf": ("giấy hẹn.pdf", PDF, "application/pdf"), "png": ("ảnh.png", PNG, "image/png")}


@pytest.mark.parametrize(
    ("kind", "accept"),
    [("pdf", "application/octet-stream"), ("pdf", "application/pdf"), ("pdf", "*/*"),
     ("png", "application/octet-stream"), ("png", "image/png"), ("png", "image/*"),
     ("png", BROWSER_ACCEPT), ("png", "application/json")],
)  # fmt: skip
def test_the_file_comes_whatever_the_client_accepts(
    api, citizen, hong_bang_ward, media, kind, accept
):
    name, content, content_type = FILES[kind]
    api.force_authenticate(citizen)
    created = api.post(INTAKE, _body(hong_bang_ward, [SimpleUploadedFile(name, content)]),
                       format="multipart")  # fmt: skip
    url = created.json()["evidence"][0]["url"]

    response = api.get(url, HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in response["Content-Disposition"]


@pytest.mark.parametrize("accept", ["application/octet-stream", "image/png", "application/json"])
def test_a_stranger_is_refused_in_json_whatever_they_accept(
    api, citizen, hong_bang_ward, media, accept
):
    api.force_authenticate(citizen)
    created = api.post(INTAKE, _body(hong_bang_ward, [SimpleUploadedFile("anh.png", PNG)]),
                       format="multipart")  # fmt: skip
    url = created.json()["evidence"][0]["url"].split("?")[0]  # without the tracking token
    assert api.get(url, HTTP_ACCEPT=accept).status_code == 200
    api.force_authenticate(CitizenFactory())

    refused = api.get(url, HTTP_ACCEPT=accept)

    assert refused.status_code == 404
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["code"] == "not_found"
    api.force_authenticate(None)
    assert api.get(url, HTTP_ACCEPT=accept).json()["code"] == "not_found"


def test_a_storage_failure_is_a_503_and_files_nothing(
    api, citizen, hong_bang_ward, storage_fails_on_the_second_file
):
    api.force_authenticate(citizen)
    files = [SimpleUploadedFile("anh.png", PNG), SimpleUploadedFile("don.pdf", PDF)]

    response = api.post(INTAKE, _body(hong_bang_ward, files), format="multipart")

    assert response.status_code == 503
    assert response.json()["code"] == "storage_unavailable"
    assert "Không lưu được tệp đính kèm" in response.json()["detail"]
    assert "please try again later" in response.json()["detail"]
    assert not Complaint.objects.exists() and not ComplaintEvidence.objects.exists()
    assert not [path for path in storage_fails_on_the_second_file.rglob("*") if path.is_file()]
