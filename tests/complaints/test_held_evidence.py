"""Evidence attached to a complaint form sent back with errors: kept for the
next post of the same session (a browser cannot fill a file input again),
never for another session, removable, and purged when never claimed."""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from complaints.held_evidence import held_evidence_purge
from complaints.models import Complaint, ComplaintEvidence, HeldEvidence
from tests.complaints.test_views import NEW, _form, _login

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CONTACT = {"reporter_name": "Trần Thị Mai", "reporter_phone": "0912345678"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _file(name="ảnh yêu cầu.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


def _tokens(response) -> list[str]:
    return re.findall(r'name="evidence_held" value="([^"]+)"', response.content.decode())


def _files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.mark.parametrize("logged_in", [True, False], ids=["citizen", "without an account"])
def test_a_refused_post_keeps_the_file_and_the_corrected_post_files_it(
    client, citizen, hong_bang_ward, media, logged_in, django_capture_on_commit_callbacks
):
    if logged_in:
        _login(client, citizen)
    contact = {} if logged_in else CONTACT

    refused = client.post(NEW, _form(hong_bang_ward, description="", evidence=[_file()], **contact))

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Đã đính kèm: ảnh yêu cầu.png (72" in page  # the size, as filesizeformat says it
    assert "Xóa tệp này" in page and 'data-testid="evidence-again"' not in page
    [token] = _tokens(refused)
    assert HeldEvidence.objects.get().original_name == "ảnh yêu cầu.png"

    with django_capture_on_commit_callbacks(execute=True):
        filed = client.post(NEW, _form(hong_bang_ward, evidence_held=token, **contact))

    assert filed.status_code == 302
    evidence = ComplaintEvidence.objects.get(complaint=Complaint.objects.get())
    assert evidence.original_name == "ảnh yêu cầu.png" and evidence.content_type == "image/png"
    assert evidence.size == len(PNG) and evidence.file.read() == PNG
    assert not HeldEvidence.objects.exists()
    assert _files(media) == [evidence.file.name]  # the held copy went with its row


def test_another_session_s_token_does_not_attach_the_file(client, citizen, hong_bang_ward):
    _login(client, citizen)
    [token] = _tokens(client.post(NEW, _form(hong_bang_ward, description="", evidence=[_file()])))
    other = Client()
    _login(other, citizen)  # even the same person, in another session

    assert other.post(NEW, _form(hong_bang_ward, evidence_remove=token)).status_code == 302
    other.post(NEW, _form(hong_bang_ward, evidence_held=token))

    assert Complaint.objects.count() == 2 and not ComplaintEvidence.objects.exists()
    held = HeldEvidence.objects.get()  # still its own session's, untouched
    assert held.token == token and held.file.read() == PNG


def test_a_file_held_can_be_removed(client, citizen, hong_bang_ward, media,
                                    django_capture_on_commit_callbacks):  # fmt: skip
    _login(client, citizen)
    [token] = _tokens(client.post(NEW, _form(hong_bang_ward, description="", evidence=[_file()])))

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            NEW, _form(hong_bang_ward, description="", evidence_held=token, evidence_remove=token)
        )

    assert again.status_code == 400 and "Đã đính kèm" not in again.content.decode()
    assert not HeldEvidence.objects.exists() and not _files(media)


def test_files_held_count_towards_the_limit_of_three(client, citizen, hong_bang_ward):
    _login(client, citizen)
    refused = client.post(
        NEW, _form(hong_bang_ward, description="", evidence=[_file("1.png"), _file("2.png")])
    )
    tokens = _tokens(refused)
    assert len(tokens) == 2

    over = client.post(
        NEW, _form(hong_bang_ward, evidence_held=tokens, evidence=[_file("3.png"), _file("4.png")])
    )

    assert over.status_code == 400 and not Complaint.objects.exists()
    assert "Attach at most 3 files." in over.content.decode()
    assert _tokens(over) == tokens  # the two held stay; the two new are to attach again
    assert 'data-testid="evidence-again"' in over.content.decode()


def test_a_file_that_could_not_be_kept_is_asked_for_again_in_both_languages(
    client, citizen, hong_bang_ward, monkeypatch
):
    storage_class = type(storages["default"])

    def full_disk(storage, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_class, "_save", full_disk)
    _login(client, citizen)

    refused = client.post(NEW, _form(hong_bang_ward, description="", evidence=[_file()]))

    assert refused.status_code == 400 and not HeldEvidence.objects.exists()
    page = refused.content.decode()
    again = re.search(r'data-testid="evidence-again">(.*?)</div>', page).group(1)
    assert again.startswith("Tệp đính kèm bạn chọn chưa được giữ lại: hãy đính kèm lại.")
    assert '<span lang="en">The file you attached was not kept: please attach it again.' in again


def test_a_file_purged_before_the_corrected_post_is_asked_for_again(
    client, citizen, hong_bang_ward
):
    _login(client, citizen)
    [token] = _tokens(client.post(NEW, _form(hong_bang_ward, description="", evidence=[_file()])))
    HeldEvidence.objects.all().delete()

    again = client.post(NEW, _form(hong_bang_ward, description="", evidence_held=token))

    assert 'data-testid="evidence-again"' in again.content.decode()


def test_unclaimed_files_are_purged_on_a_schedule(citizen, hong_bang_ward, client, media,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    _login(client, citizen)
    client.post(NEW, _form(hong_bang_ward, description="", evidence=[_file("cũ.png")]))
    client.post(NEW, _form(hong_bang_ward, description="", evidence=[_file("mới.png")]))
    HeldEvidence.objects.filter(original_name="cũ.png").update(
        held_at=timezone.now() - datetime.timedelta(hours=3)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert held_evidence_purge() == 1

    kept = HeldEvidence.objects.get()
    assert kept.original_name == "mới.png" and _files(media) == [kept.file.name]
    schedule = django_settings.CELERY_BEAT_SCHEDULE["complaints-purge-held-evidence"]
    assert schedule["task"] == "complaints.held_evidence_purge"
