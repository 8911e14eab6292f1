"""The citizen API's files through HTTP, as the documents page shows them:
each file with the round it came with (the submission or the n-th supplement
request), the earlier file a supplement asked for again kept with the
official's reason and, once answered, what superseded it; and taking back a
file of the supplement still waiting (DELETE), refused with the API's
bilingual 404 or 409 for anything else, nothing changed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from dossiers.attachments import attachment_add
from dossiers.models import Attachment, Channel, Dossier, DossierEvent, DossierStatus
from dossiers.supplement_answers import supplement_answer
from portal.audit.models import AccessLog, ComplianceEvent
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory, SupplementRequestFactory
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
REASON = "Bản chụp giấy xác nhận bị mờ, không đọc được"
NO_FILE = "Không có tệp này trong hồ sơ. There is no such file in the dossier."


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.004222", name="Đăng ký thường trú")


@pytest.fixture
def proof(procedure):
    return DossierComponentFactory(procedure=procedure, code="cho-o-hop-phap", position=1,
                                   name="Giấy tờ chứng minh chỗ ở hợp pháp")  # fmt: skip


@pytest.fixture
def lease(procedure):
    return DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha", position=2,
                                   name="Hợp đồng thuê nhà")  # fmt: skip


def _upload(dossier, component, by, name):
    upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    return attachment_add(dossier=dossier, component=component, upload=upload, by=by)


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


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_login(citizen, backend=LOGIN)
    return client


def _files(api, dossier, component) -> list[dict]:
    """The component's files as the API lists them (GET form/), newest first."""
    form = api.get(f"/api/dossiers/{dossier.pk}/form/")
    assert form.status_code == 200
    (item,) = [item for item in form.json()["components"] if item["code"] == component.code]
    return item["attachments"]


def _uploaded(api, dossier, component, name) -> dict:
    response = api.post(f"/api/dossiers/{dossier.pk}/attachments/",
                        {"component": component.code, "file": SimpleUploadedFile(name, PDF)},
                        format="multipart")  # fmt: skip
    assert response.status_code == 201, response.content
    return response.json()


def _round(supplement, number: int) -> dict:
    return {"id": supplement.pk, "number": number,
            "requested_at": supplement.created_at.isoformat().replace("+00:00", "Z"),
            "reason": supplement.reason}  # fmt: skip


def _records(dossier) -> tuple:
    """What a removal could leave behind: the dossier's state and every trail."""
    stored = Dossier.objects.get(pk=dossier.pk)
    return (stored.status, stored.due_date, DossierEvent.objects.filter(dossier=dossier).count(),
            ComplianceEvent.objects.count(), AccessLog.objects.count())  # fmt: skip


# Rounds.


def test_each_file_says_its_round_and_the_earlier_one_the_officials_reason(
    api, dossier, proof, lease, supplement
):
    earlier = Attachment.objects.get(dossier=dossier, component=proof)

    (before,) = _files(api, dossier, proof)
    assert (before["id"], before["round"], before["supplement_request"]) == (earlier.pk, 0, None)
    assert before["asked_again"] == _round(supplement, 1)
    assert (before["superseded"], before["superseded_by"], before["removable"]) == (
        False, [], False
    )  # fmt: skip

    new = _uploaded(api, dossier, proof, "proof-moi.pdf")

    assert (new["round"], new["supplement_request"], new["asked_again"]) == (
        1, _round(supplement, 1), None
    )  # fmt: skip
    assert (new["superseded"], new["removable"]) == (False, True)
    answer, kept = _files(api, dossier, proof)
    assert answer == new
    assert (kept["id"], kept["round"], kept["asked_again"]["reason"]) == (earlier.pk, 0, REASON)
    assert (kept["superseded"], kept["superseded_by"], kept["removable"]) == (
        True, [new["id"]], False
    )  # fmt: skip
    # The lease was not asked again: a file of the submission, nothing more.
    (contract,) = _files(api, dossier, lease)
    assert (contract["round"], contract["asked_again"], contract["superseded"]) == (0, None, False)


def test_the_rounds_are_those_the_documents_page_shows(
    api, client, citizen, dossier, proof, supplement
):
    _uploaded(api, dossier, proof, "proof-moi.pdf")
    client.force_login(citizen, backend=LOGIN)
    page = client.get(f"/dossiers/{dossier.pk}/documents/").content.decode()
    card = page[page.index(f'data-component="{proof.code}"') :].split('<li class="card', 1)[0]

    files = _files(api, dossier, proof)

    # The panel lists the same files in the same order, each in the same round.
    shown = [int(part.split('"', 1)[0]) for part in card.split('data-round="')[1:]]
    assert shown == [file["round"] for file in files] == [1, 0]
    assert f"Bản đã nộp trước — cán bộ yêu cầu bổ sung: {REASON}" in card
    for file in files:
        removal = f"/documents/{file['id']}/remove/"
        assert (removal in card) == file["removable"]


def test_a_draft_s_files_are_of_the_submission_and_may_all_be_taken_back(
    api, citizen, hong_bang_ward, procedure, proof
):
    draft = DossierFactory(applicant=citizen, agency=hong_bang_ward, procedure=procedure)
    uploaded = _uploaded(api, draft, proof, "proof.pdf")

    assert (uploaded["round"], uploaded["supplement_request"], uploaded["removable"]) == (
        0, None, True
    )  # fmt: skip
    assert api.delete(f"/api/dossiers/{draft.pk}/attachments/{uploaded['id']}/").status_code == 204
    assert not Attachment.objects.filter(dossier=draft).exists()


# Taking a file back.


def test_the_applicant_takes_back_a_file_of_the_open_supplement(
    api, dossier, proof, supplement, django_capture_on_commit_callbacks
):
    wrong = _uploaded(api, dossier, proof, "nham.pdf")
    stored = Attachment.objects.get(pk=wrong["id"])
    storage, name = stored.file.storage, stored.file.name
    before = _records(dossier)

    with django_capture_on_commit_callbacks(execute=True):
        removed = api.delete(f"/api/dossiers/{dossier.pk}/attachments/{wrong['id']}/")

    assert removed.status_code == 204 and not removed.content
    assert not Attachment.objects.filter(pk=wrong["id"]).exists()
    assert not storage.exists(name)  # the file goes with its row
    assert _records(dossier) == before
    # The supplement waits for a file again: the earlier one is no longer superseded.
    (earlier,) = _files(api, dossier, proof)
    assert (earlier["round"], earlier["superseded"], earlier["superseded_by"]) == (0, False, [])
    asked = api.get(f"/api/dossiers/{dossier.pk}/").json()["supplement"]["items"]
    assert [(item["uploads"], item["answered"]) for item in asked] == [(0, False)]


def test_a_removal_over_the_api_leaves_what_the_portal_s_removal_leaves(
    api, client, citizen, dossier, proof, supplement
):
    through_api = _uploaded(api, dossier, proof, "qua-api.pdf")
    through_page = _uploaded(api, dossier, proof, "qua-trang.pdf")
    client.force_login(citizen, backend=LOGIN)
    start = _records(dossier)

    page = client.post(f"/dossiers/{dossier.pk}/documents/{through_page['id']}/remove/")
    after_page = _records(dossier)
    removed = api.delete(f"/api/dossiers/{dossier.pk}/attachments/{through_api['id']}/")

    assert page.status_code == 302 and removed.status_code == 204
    assert start == after_page == _records(dossier)
    assert not Attachment.objects.filter(pk__in=[through_api["id"], through_page["id"]]).exists()


# Refusals: nothing changes.


def _kept(attachment: Attachment) -> None:
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert attachment.file.storage.exists(attachment.file.name)


def test_a_file_submitted_before_the_request_stays_in_the_record(api, dossier, proof, supplement):
    earlier = Attachment.objects.get(dossier=dossier, component=proof)
    before = _records(dossier)

    refused = api.delete(f"/api/dossiers/{dossier.pk}/attachments/{earlier.pk}/")

    assert refused.status_code == 409 and refused.json()["code"] == "refused"
    detail = refused.json()["detail"]
    assert "đã được nộp trước khi cơ quan yêu cầu bổ sung" in detail
    assert "was submitted before the supplement request" in detail
    assert detail.index("được giữ trong hồ sơ") < detail.index("it stays in the dossier's record")
    _kept(earlier)
    assert _records(dossier) == before


def test_no_file_is_taken_back_once_the_answer_is_sent(api, citizen, dossier, proof, supplement):
    new = _uploaded(api, dossier, proof, "proof-moi.pdf")
    supplement_answer(dossier=dossier, by=citizen)
    before = _records(dossier)

    assert [file["removable"] for file in _files(api, dossier, proof)] == [False, False]
    refused = api.delete(f"/api/dossiers/{dossier.pk}/attachments/{new['id']}/")

    assert refused.status_code == 409 and refused.json()["code"] == "refused"
    assert "Hồ sơ đã nộp giữ nguyên các tệp đã nộp." in refused.json()["detail"]
    assert "A submitted dossier keeps the files it was submitted with." in refused.json()["detail"]
    _kept(Attachment.objects.get(pk=new["id"]))
    assert _records(dossier) == before


def test_another_person_s_dossier_or_file_is_a_404_as_if_it_did_not_exist(
    api, dossier, proof, supplement, hong_bang_ward, procedure
):
    stranger = CitizenFactory()
    theirs = DossierFactory(applicant=stranger, agency=hong_bang_ward, procedure=procedure)
    their_file = _upload(theirs, proof, stranger, "cua-nguoi-khac.pdf")
    mine = _uploaded(api, dossier, proof, "proof-moi.pdf")
    missing = their_file.pk + 1000

    # Another's dossier answers as one that does not exist.
    theirs_answer = api.delete(f"/api/dossiers/{theirs.pk}/attachments/{their_file.pk}/")
    nothing = api.delete(f"/api/dossiers/{theirs.pk + 1000}/attachments/{their_file.pk}/")
    assert theirs_answer.status_code == nothing.status_code == 404
    assert theirs_answer.json() == nothing.json()
    assert theirs_answer.json()["code"] == "not_found"
    # Another's file through one's own dossier answers as a file that does not exist.
    through_mine = api.delete(f"/api/dossiers/{dossier.pk}/attachments/{their_file.pk}/")
    no_file = api.delete(f"/api/dossiers/{dossier.pk}/attachments/{missing}/")
    assert through_mine.status_code == no_file.status_code == 404
    assert through_mine.json() == no_file.json() == {"code": "not_found", "detail": NO_FILE}
    # And the other person cannot take back the applicant's file.
    other = APIClient()
    other.force_login(stranger, backend=LOGIN)
    assert other.delete(f"/api/dossiers/{dossier.pk}/attachments/{mine['id']}/").status_code == 404
    _kept(their_file)
    _kept(Attachment.objects.get(pk=mine["id"]))


def test_staff_and_anonymous_callers_are_refused(dossier, proof, supplement, commune_official):
    earlier = Attachment.objects.get(dossier=dossier, component=proof)
    url = f"/api/dossiers/{dossier.pk}/attachments/{earlier.pk}/"
    staff = APIClient()
    staff.force_login(commune_official, backend=LOGIN)

    assert APIClient().delete(url).status_code == 403
    assert staff.delete(url).status_code == 403
    _kept(earlier)


def test_a_draft_taken_at_the_desk_keeps_its_files(api, citizen, procedure, proof,
                                                   commune_official):  # fmt: skip
    desk_draft = DossierFactory(procedure=procedure, agency=commune_official.agency,
                                applicant=citizen, channel=Channel.COUNTER,
                                counter_consent_at=timezone.now(),
                                assigned_to=commune_official)  # fmt: skip
    kept = Attachment(dossier=desk_draft, component=proof, original_name="giay-to.pdf",
                      content_type="application/pdf", size=len(PDF), sha256="0" * 64,
                      uploaded_by=commune_official)  # fmt: skip
    kept.file.save("upload", SimpleUploadedFile("giay-to.pdf", PDF), save=True)

    assert [file["removable"] for file in _files(api, desk_draft, proof)] == [False]
    refused = api.delete(f"/api/dossiers/{desk_draft.pk}/attachments/{kept.pk}/")

    assert refused.status_code == 409 and refused.json()["code"] == "taken_at_the_desk"
    _kept(kept)


# The schema.


def test_the_schema_documents_each_file_s_round_and_its_removal(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]

    attachment = components["CitizenAttachment"]
    assert {"round", "supplement_request", "asked_again", "superseded", "superseded_by",
            "removable"} <= set(attachment["required"])  # fmt: skip
    for name in ("supplement_request", "asked_again"):
        field = attachment["properties"][name]
        assert field["nullable"] and field["allOf"][0]["$ref"].endswith("/CitizenSupplementRound")
    assert "official" in attachment["properties"]["asked_again"]["description"]
    assert {"id", "number", "requested_at", "reason"} <= set(
        components["CitizenSupplementRound"]["required"]
    )
    removal = schema["paths"]["/api/dossiers/{id}/attachments/{attachment_pk}/"]["delete"]
    assert {"204", "403", "404", "409"} <= set(removal["responses"])
    assert "content" not in removal["responses"]["204"]
    for code in ("404", "409"):
        answer = removal["responses"][code]["content"]["application/json"]
        assert answer["schema"]["$ref"].endswith("/DossierError")
    conflict = removal["responses"]["409"]["content"]["application/json"]["examples"]
    assert next(iter(conflict.values()))["value"]["code"] == "refused"
    assert "supplement request" in removal["description"]
