"""Uploads: only what data does not replace (or a data gap), within size and
count limits, typed by content not by name, kept under random names in
private storage, and served only to those allowed to see the dossier."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dossiers.attachments import attachment_add, attachment_remove, original_name_clean
from dossiers.exceptions import (
    DossierError,
    ReplacedByData,
    UploadLimitReached,
    UploadTooLarge,
    UploadTypeRefused,
)
from dossiers.models import Attachment, DossierStatus, PrefillStatus
from tests.accounts.factories import CitizenFactory, LeaderFactory
from tests.dossiers.factories import (
    DossierFactory,
    PrefillSourceFactory,
    SupplementRequestFactory,
)
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(64)
LINUX_PROGRAM = b"\x7fELF\x02\x01\x01" + bytes(64)
RANDOM_NAME = re.compile(r"^dossiers/\d+/[0-9a-f]{32}$")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.004222", name="Đăng ký thường trú")


@pytest.fixture
def residence(procedure):
    component = DossierComponentFactory(procedure=procedure, code="xac-nhan-cu-tru",
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    ElectronicReplacementFactory(component=component, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    return component


@pytest.fixture
def lease(procedure):
    return DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha",
                                   name="Hợp đồng thuê nhà")  # fmt: skip


@pytest.fixture
def dossier(citizen, hong_bang_ward, procedure):
    return DossierFactory(applicant=citizen, agency=hong_bang_ward, procedure=procedure)


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


def _file(name="giay-to.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _add(dossier, component, upload=None, by=None):
    return attachment_add(dossier=dossier, component=component, upload=upload or _file(),
                          by=by or dossier.applicant)  # fmt: skip


def _stored(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def _submitted(dossier):
    dossier.status = DossierStatus.SUBMITTED
    dossier.code = "11311-261125-0001"
    dossier.save(update_fields=["status", "code"])
    return dossier


# The service


def test_a_file_is_kept_under_a_random_name_with_its_type_size_and_digest(
    dossier, lease, _private_media
):
    attachment = _add(dossier, lease, _file("Hợp đồng thuê nhà.pdf"))

    assert attachment.original_name == "Hợp đồng thuê nhà.pdf"
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.uploaded_by == dossier.applicant
    assert RANDOM_NAME.match(attachment.file.name)
    assert "thue" not in attachment.file.name and ".pdf" not in attachment.file.name
    [stored] = _stored(_private_media)
    assert stored.read_bytes() == PDF and stored.name != attachment.original_name
    second = _add(dossier, lease, _file("Hợp đồng thuê nhà.pdf"))
    assert second.file.name != attachment.file.name


def test_stored_files_have_no_public_address(dossier, lease, signed_in):
    attachment = _add(dossier, lease)

    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018
    assert signed_in.get(f"/media/{attachment.file.name}").status_code == 404


def test_a_component_replaced_by_data_is_refused_and_nothing_is_kept(
    dossier, residence, _private_media
):
    PrefillSourceFactory(dossier=dossier)

    with pytest.raises(ReplacedByData) as refused:
        _add(dossier, residence)

    assert "CSDL quốc gia về dân cư" in refused.value.message
    assert "you do not have to provide it" in refused.value.message
    assert refused.value.components == [residence]
    assert not Attachment.objects.exists() and _stored(_private_media) == []


def test_a_component_whose_source_is_not_heard_from_is_refused_too(dossier, residence):
    PrefillSourceFactory(dossier=dossier, status=PrefillStatus.UNAVAILABLE, found={},
                         fields=["permanent_address"])  # fmt: skip

    with pytest.raises(ReplacedByData):
        _add(dossier, residence)


def test_a_data_gap_is_uploaded(dossier, residence):
    PrefillSourceFactory(dossier=dossier, status=PrefillStatus.NOT_FOUND, found={})

    attachment = _add(dossier, residence)

    assert attachment.component == residence


def test_a_file_larger_than_the_limit_is_refused(dossier, lease, settings, _private_media):
    settings.DOSSIER_UPLOAD_MAX_MB = 1

    with pytest.raises(UploadTooLarge):
        _add(dossier, lease, _file(content=PDF + bytes(1024 * 1024)))

    assert not Attachment.objects.exists() and _stored(_private_media) == []
    _add(dossier, lease, _file(content=PDF + bytes(1024 * 1024 - len(PDF))))  # exactly 1 MB


def test_a_dossier_holds_at_most_the_configured_number_of_files(
    dossier, lease, settings, _private_media
):
    settings.DOSSIER_UPLOAD_MAX_FILES = 2
    _add(dossier, lease)
    _add(dossier, lease)

    with pytest.raises(UploadLimitReached):
        _add(dossier, lease)

    assert Attachment.objects.count() == 2 and len(_stored(_private_media)) == 2


def test_the_type_comes_from_the_content_not_the_name(dossier, lease):
    png_named_pdf = _add(dossier, lease, _file("scan.pdf", PNG, "application/pdf"))
    jpeg_without_extension = _add(dossier, lease, _file("anh", JPEG, "application/octet-stream"))

    assert png_named_pdf.content_type == "image/png"
    assert png_named_pdf.original_name == "scan.pdf"
    assert jpeg_without_extension.content_type == "image/jpeg"


@pytest.mark.parametrize(
    "content", [WINDOWS_PROGRAM, LINUX_PROGRAM, b"#!/bin/sh\nrm -rf /\n", b"<html><script>"]
)
def test_a_file_whose_content_is_not_an_accepted_type_is_refused_whatever_its_name(
    dossier, lease, content, _private_media
):
    with pytest.raises(UploadTypeRefused) as refused:
        _add(dossier, lease, _file("giay-khai-sinh.pdf", content, "application/pdf"))

    assert "giay-khai-sinh.pdf" in refused.value.message
    assert not Attachment.objects.exists() and _stored(_private_media) == []


def test_webp_and_heic_are_accepted_only_when_configured(dossier, lease, settings):
    webp = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(32)
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00" + bytes(32)
    with pytest.raises(UploadTypeRefused):
        _add(dossier, lease, _file("a.webp", webp, "image/webp"))

    settings.DOSSIER_UPLOAD_TYPES = ["application/pdf", "image/webp", "image/heic"]

    assert _add(dossier, lease, _file("a.webp", webp)).content_type == "image/webp"
    assert _add(dossier, lease, _file("IMG_0001.HEIC", heic)).content_type == "image/heic"


def test_an_empty_file_is_refused(dossier, lease):
    with pytest.raises(DossierError):
        _add(dossier, lease, _file(content=b""))


def test_only_the_applicant_uploads_and_only_while_the_dossier_is_open(dossier, lease):
    with pytest.raises(DossierError):
        _add(dossier, lease, by=CitizenFactory())

    _submitted(dossier)
    with pytest.raises(DossierError):
        _add(dossier, lease)

    SupplementRequestFactory(dossier=dossier, components=[lease])
    assert _add(dossier, lease).dossier == dossier


def test_a_component_of_another_procedure_is_refused(dossier):
    with pytest.raises(DossierError):
        _add(dossier, DossierComponentFactory())


def test_names_are_cleaned_for_display_and_never_used_on_disk():
    assert original_name_clean("C:\\Users\\An\\Giấy khai sinh.pdf") == "Giấy khai sinh.pdf"
    assert original_name_clean("../../etc/passwd") == "passwd"
    assert original_name_clean("a\x00b\nc.pdf") == "abc.pdf"
    assert original_name_clean("") == "tep"
    long = original_name_clean("x" * 400 + ".pdf")
    assert len(long) == 255 and long.endswith(".pdf")


def test_a_file_is_removed_before_submission_only(
    dossier, lease, _private_media, django_capture_on_commit_callbacks
):
    kept = _add(dossier, lease)
    removed = _add(dossier, lease)

    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=removed, by=dossier.applicant)

    assert list(Attachment.objects.all()) == [kept] and len(_stored(_private_media)) == 1
    _submitted(dossier)
    with pytest.raises(DossierError):
        attachment_remove(attachment=kept, by=dossier.applicant)
    assert Attachment.objects.filter(pk=kept.pk).exists()


# Through HTTP


def test_an_upload_goes_back_where_the_applicant_was(signed_in, dossier, lease):
    response = signed_in.post(
        f"/dossiers/{dossier.pk}/documents/",
        {"component": lease.pk, "file": _file(), "next": f"/dossiers/{dossier.pk}/form/"},
    )

    assert response.status_code == 302 and response["Location"] == f"/dossiers/{dossier.pk}/form/"
    assert Attachment.objects.get().component == lease


def test_an_upload_never_goes_back_to_another_site(signed_in, dossier, lease):
    response = signed_in.post(
        f"/dossiers/{dossier.pk}/documents/",
        {"component": lease.pk, "file": _file(), "next": "https://evil.example/"},
    )

    assert response["Location"] == f"/dossiers/{dossier.pk}/documents/"


def test_htmx_gets_the_refreshed_panel(signed_in, dossier, lease):
    response = signed_in.post(
        f"/dossiers/{dossier.pk}/documents/", {"component": lease.pk, "file": _file("hd.pdf")},
        headers={"HX-Request": "true"},
    )  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200 and 'id="components-panel"' in page
    attachment = Attachment.objects.get()
    assert f"/dossiers/{dossier.pk}/documents/{attachment.pk}/" in page and "hd.pdf" in page


def test_a_replaced_component_is_refused_over_http_with_the_reason(signed_in, dossier, residence):
    PrefillSourceFactory(dossier=dossier)

    response = signed_in.post(
        f"/dossiers/{dossier.pk}/documents/", {"component": residence.pk, "file": _file()},
        headers={"HX-Request": "true"},
    )  # fmt: skip

    assert response.status_code == 409
    assert "you do not have to provide it" in response.content.decode()
    assert 'data-testid="replaced-by-data"' in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("upload", "status"),
    [
        (lambda: _file("a.pdf", WINDOWS_PROGRAM), 415),
        (lambda: _file("a.pdf", b""), 400),
    ],
)
def test_bad_files_get_a_4xx_with_the_reason_next_to_the_field(
    signed_in, dossier, lease, upload, status
):
    response = signed_in.post(
        f"/dossiers/{dossier.pk}/documents/", {"component": lease.pk, "file": upload()}
    )

    assert response.status_code == status
    assert 'data-testid="upload-error"' in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_form_without_a_file_or_with_an_unknown_component_gets_a_400(signed_in, dossier, lease):
    url = f"/dossiers/{dossier.pk}/documents/"
    assert signed_in.post(url, {"component": lease.pk}).status_code == 400
    for component in ("x", "²", "9" * 40, ""):
        assert signed_in.post(url, {"component": component, "file": _file()}).status_code == 400
    other = DossierComponentFactory()
    assert signed_in.post(url, {"component": other.pk, "file": _file()}).status_code == 400
    assert not Attachment.objects.exists()


def test_a_too_large_upload_gets_a_413_whether_or_not_its_length_was_declared(
    signed_in, dossier, lease, settings, _private_media
):
    settings.DOSSIER_UPLOAD_MAX_MB = 1
    url = f"/dossiers/{dossier.pk}/documents/"
    # Past the limit, within the envelope's allowance: dropped while it arrives,
    # before the service (which would name the file) ever sees it.
    response = signed_in.post(url, {"component": lease.pk,
                                    "file": _file(content=PDF + bytes(1024 * 1024))})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 413
    assert 'data-testid="upload-error"' in page and "giay-to.pdf" not in page
    # Far past it: answered from the declared length, unread.
    far_past = _file(content=PDF + bytes(2 * 1024 * 1024))
    response = signed_in.post(url, {"component": lease.pk, "file": far_past})
    assert response.status_code == 413 and 'data-testid="panel-error"' in response.content.decode()
    assert not Attachment.objects.exists() and _stored(_private_media) == []


def test_a_file_refused_unread_is_answered_next_to_the_field_named_in_the_address(
    signed_in, dossier, lease, settings, _private_media
):
    settings.DOSSIER_UPLOAD_MAX_MB = 1
    page = signed_in.get(f"/dossiers/{dossier.pk}/documents/").content.decode()
    address = f"/dossiers/{dossier.pk}/documents/?component={lease.pk}"
    assert page.count(f'action="{address}"') == page.count(f'hx-post="{address}"') == 1
    far_past = PDF + bytes(2 * 1024 * 1024)  # refused from its declared length, unread

    for headers in ({}, {"HX-Request": "true"}):
        response = signed_in.post(address, {"component": lease.pk, "file": _file(content=far_past)},
                                  headers=headers)  # fmt: skip
        page = response.content.decode()
        assert response.status_code == 413
        assert f'<div class="invalid-feedback d-block" id="file-error-{lease.pk}"' in page
        assert 'data-testid="panel-error"' not in page
        assert re.search(rf'id="file-{lease.pk}"[^>]*aria-describedby="file-help-{lease.pk} '
                         rf'file-error-{lease.pk}"', page)  # fmt: skip
    # A component of another procedure in the address: the reason at the top.
    other = DossierComponentFactory()
    response = signed_in.post(f"/dossiers/{dossier.pk}/documents/?component={other.pk}",
                              {"component": other.pk, "file": _file(content=far_past)})  # fmt: skip
    assert response.status_code == 413 and 'data-testid="panel-error"' in response.content.decode()
    assert not Attachment.objects.exists() and _stored(_private_media) == []


def test_each_upload_button_names_its_document_for_screen_readers(signed_in, dossier, lease):
    DossierComponentFactory(procedure=dossier.procedure, code="so-ho-khau", name="Sổ hộ khẩu")

    page = signed_in.get(f"/dossiers/{dossier.pk}/documents/").content.decode()

    names = re.findall(
        r'<button type="submit" class="btn btn-sm btn-primary" id="upload-\d+">'
        r'Tải lên<span class="visually-hidden">: (.*?)</span></button>',
        page,
    )
    assert sorted(names) == ["Hợp đồng thuê nhà", "Sổ hộ khẩu"]


def test_an_upload_needs_the_csrf_token(citizen, dossier, lease):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen, backend=LOGIN)

    response = client.post(f"/dossiers/{dossier.pk}/documents/",
                           {"component": lease.pk, "file": _file()})  # fmt: skip

    assert response.status_code == 403 and not Attachment.objects.exists()


def test_someone_else_cannot_upload_to_a_dossier(client, dossier, lease, commune_official):
    client.force_login(CitizenFactory(), backend=LOGIN)
    url = f"/dossiers/{dossier.pk}/documents/"
    assert client.post(url, {"component": lease.pk, "file": _file()}).status_code == 404
    client.force_login(commune_official, backend=LOGIN)
    assert client.post(url, {"component": lease.pk, "file": _file()}).status_code == 404
    assert not Attachment.objects.exists()


def test_removing_over_http(signed_in, dossier, lease, django_capture_on_commit_callbacks):
    attachment = _add(dossier, lease)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            f"/dossiers/{dossier.pk}/documents/{attachment.pk}/remove/",
            headers={"HX-Request": "true"},
        )

    assert response.status_code == 200 and not Attachment.objects.exists()


def test_removing_a_submitted_file_is_refused_over_http(signed_in, dossier, lease):
    attachment = _add(dossier, lease)
    _submitted(dossier)

    response = signed_in.post(f"/dossiers/{dossier.pk}/documents/{attachment.pk}/remove/")

    assert response.status_code == 400 and Attachment.objects.filter(pk=attachment.pk).exists()


# Downloads


def test_the_applicant_downloads_with_the_sniffed_type_and_the_original_name(
    signed_in, dossier, lease
):
    attachment = _add(dossier, lease, _file("Giấy khai sinh của An.pdf", PNG, "application/pdf"))

    response = signed_in.get(f"/dossiers/{dossier.pk}/documents/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "filename*=UTF-8''Gi%E1%BA%A5y%20khai%20sinh%20c%E1%BB%A7a%20An.pdf" in disposition
    assert 'filename="Giay khai sinh cua An.pdf"' in disposition
    assert "no-store" in response["Cache-Control"]


def test_the_official_of_the_unit_downloads_a_submitted_dossiers_files(
    client, dossier, lease, commune_official
):
    attachment = _add(dossier, lease)
    _submitted(dossier)
    client.force_login(commune_official, backend=LOGIN)

    response = client.get(f"/dossiers/{dossier.pk}/documents/{attachment.pk}/")

    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_a_leader_above_the_unit_downloads_too(client, dossier, lease, hai_phong):
    attachment = _add(dossier, lease)
    _submitted(dossier)
    client.force_login(LeaderFactory(agency=hai_phong), backend=LOGIN)

    assert client.get(f"/dossiers/{dossier.pk}/documents/{attachment.pk}/").status_code == 200


def test_nobody_else_gets_the_file(client, dossier, lease, other_commune_official,
                                   commune_official):  # fmt: skip
    attachment = _add(dossier, lease)
    url = f"/dossiers/{dossier.pk}/documents/{attachment.pk}/"
    # A draft is its applicant's alone, even for the unit's official.
    client.force_login(commune_official, backend=LOGIN)
    assert client.get(url).status_code == 404
    _submitted(dossier)

    client.force_login(CitizenFactory(), backend=LOGIN)
    assert client.get(url).status_code == 404
    client.force_login(other_commune_official, backend=LOGIN)
    assert client.get(url).status_code == 404
    assert client.get(f"/dossiers/{dossier.pk}/documents/").status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_a_file_of_another_dossier_is_not_reached_through_mine(signed_in, citizen, lease):
    mine = DossierFactory(applicant=citizen, procedure=lease.procedure)
    theirs = DossierFactory(procedure=lease.procedure)
    attachment = _add(theirs, lease)

    response = signed_in.get(f"/dossiers/{mine.pk}/documents/{attachment.pk}/")

    assert response.status_code == 404


# The panel


def test_the_form_page_shows_what_data_replaces_and_what_to_upload(signed_in, dossier, residence,
                                                                   lease):  # fmt: skip
    PrefillSourceFactory(dossier=dossier)
    dossier.preview_confirmed_at = dossier.created_at
    dossier.save(update_fields=["preview_confirmed_at"])

    page = signed_in.get(f"/dossiers/{dossier.pk}/form/").content.decode()

    assert 'data-component="xac-nhan-cu-tru" data-action="nothing" data-state="ok"' in page
    assert f"DC-{dossier.subject_personal_id}" in page and "CSDL quốc gia về dân cư" in page
    assert 'data-component="hop-dong-thue-nha" data-action="upload"' in page
    assert page.count('name="file"') == 1  # an upload form for the lease only
    assert f'name="component" value="{lease.pk}"' in page


def test_a_document_uploaded_no_longer_says_it_is_needed(signed_in, dossier, lease):
    page = signed_in.get(f"/dossiers/{dossier.pk}/documents/").content.decode()
    assert "Cần tải lên: chưa có cơ sở dữ liệu quốc gia nào lưu giấy tờ này." in page

    _add(dossier, lease)
    page = signed_in.get(f"/dossiers/{dossier.pk}/documents/").content.decode()

    assert "Đã tải lên: chưa có cơ sở dữ liệu quốc gia nào lưu giấy tờ này." in page
    assert "Cần tải lên:" not in page


def test_an_upload_under_way_shows_its_progress_and_cannot_be_sent_twice(signed_in, dossier, lease):
    page = signed_in.get(f"/dossiers/{dossier.pk}/documents/").content.decode()

    form = page[page.index(f'hx-post="/dossiers/{dossier.pk}/documents/?component={lease.pk}"') :]
    form = form[: form.index("</form>")]
    assert 'hx-disabled-elt="find button[type=submit]"' in form
    assert f'hx-indicator="#uploading-{lease.pk}"' in form
    assert f'id="uploading-{lease.pk}" role="status"' in form and "Đang tải lên…" in form


def test_the_panel_shows_a_data_gap_with_its_upload_form(signed_in, dossier, residence):
    PrefillSourceFactory(dossier=dossier, status=PrefillStatus.NOT_FOUND, found={})

    page = signed_in.get(f"/dossiers/{dossier.pk}/documents/").content.decode()

    assert 'data-action="upload_data_gap" data-state="data_gap"' in page
    assert 'data-testid="data-gap"' in page and f'value="{residence.pk}"' in page


def test_the_official_sees_the_panel_without_upload_or_remove_controls(
    client, dossier, lease, commune_official
):
    _add(dossier, lease)
    _submitted(dossier)
    client.force_login(commune_official, backend=LOGIN)

    page = client.get(f"/dossiers/{dossier.pk}/documents/").content.decode()

    assert 'data-testid="attachment"' in page
    assert 'name="file"' not in page and "/remove/" not in page


@pytest.mark.parametrize("htmx", [True, False])
def test_a_refused_upload_keeps_the_other_documents_and_the_forms_saved_values(
    signed_in, dossier, lease, settings, _private_media, htmx
):
    settings.DOSSIER_UPLOAD_MAX_MB = 1
    household = DossierComponentFactory(procedure=dossier.procedure, code="so-ho-khau",
                                        name="Sổ hộ khẩu")  # fmt: skip
    kept = _add(dossier, lease, _file(name="hop-dong.pdf"))
    dossier.form_values = {"phone": "0912345678"}
    dossier.save(update_fields=["form_values"])
    url = f"/dossiers/{dossier.pk}/documents/?component={household.pk}"
    form = f"/dossiers/{dossier.pk}/form/"
    headers = {"HX-Request": "true"} if htmx else {}

    too_large = signed_in.post(url, {"component": household.pk, "next": form,
                                     "file": _file(content=PDF + bytes(1024 * 1024))},
                               headers=headers)  # fmt: skip
    wrong_type = signed_in.post(url, {"component": household.pk, "next": form,
                                      "file": _file(name="so.pdf", content=WINDOWS_PROGRAM)},
                                headers=headers)  # fmt: skip

    assert (too_large.status_code, wrong_type.status_code) == (413, 415)
    for response in (too_large, wrong_type):
        page = response.content.decode()
        assert "hop-dong.pdf" in page  # the other document is still there, and shown
        assert f'name="next" value="{form}"' in page  # a retry leads back to the form
        if not htmx:
            assert f'href="{form}"' in page
    assert list(Attachment.objects.all()) == [kept]
    dossier.refresh_from_db()
    assert dossier.form_values == {"phone": "0912345678"}
