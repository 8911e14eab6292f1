"""The supplement brought to the one-stop desk, as the request slip says the
applicant may: an official of the dossier's unit records, for each item
asked, a scan (checked as any upload) or the paper seen, and the dossier goes
back as an online answer sends it: the same due date, history, national
status and notices, with who received it at the desk. Refused, nothing
changed, when no supplement waits, the official is not of the unit, or an
item asked has nothing for it."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dossiers.attachments import attachment_add
from dossiers.counter import PAPER_SEEN, CounterRefused
from dossiers.counter_supplements import supplement_receive_at_desk
from dossiers.data_gaps import data_gap_record
from dossiers.exceptions import DossierError, TransitionRefused, UploadTypeRefused
from dossiers.models import (
    Attachment,
    ComponentEvidence,
    ComponentEvidenceKind,
    Dossier,
    DossierStatus,
    SupplementRequest,
)
from dossiers.states import status_history_national
from dossiers.supplement_answers import RECEIVED_AT_DESK_NOTE, supplement_answer
from portal.core.working_days import due_date, received_on, working_days_add, working_days_between
from portal.notifications.models import Notification
from tests.accounts.factories import OfficialFactory
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
S = DossierStatus


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.004222", name="Đăng ký thường trú")


@pytest.fixture
def residence(procedure):
    component = DossierComponentFactory(procedure=procedure, code="xac-nhan-cu-tru", position=1,
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    ElectronicReplacementFactory(component=component, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    return component


@pytest.fixture
def lease(procedure):
    return DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha", position=2,
                                   name="Hợp đồng thuê nhà")  # fmt: skip


@pytest.fixture
def colleague(hong_bang_ward):
    return OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Mai")


@pytest.fixture
def dossier(citizen, hong_bang_ward, procedure, residence, lease, data_owner):
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward, procedure=procedure,
                             status=S.IN_PROCESSING, code="H31.11311-261207-0001",
                             submitted_at=timezone.now(),
                             due_date=working_days_add(timezone.localdate(), 2))  # fmt: skip
    PrefillSourceFactory(dossier=dossier)  # the source answered with the address
    return dossier


def _gap(dossier, residence, official):
    data_gap_record(dossier=dossier, component=residence, by=official,
                    evidence="CSDL dân cư trả về địa chỉ thường trú cũ.")  # fmt: skip


def _scan(name="hop-dong-thue-nha.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _moves(dossier):
    return list(dossier.events.order_by("id").values_list("action", "from_status", "to_status"))


def _files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _unchanged(dossier, media_root, *, status=S.SUPPLEMENT_REQUESTED) -> None:
    dossier.refresh_from_db()
    assert dossier.status == status
    assert not Attachment.objects.filter(dossier=dossier).exists()
    assert not _files(media_root)
    assert not SupplementRequest.objects.filter(dossier=dossier, answered_at__isnull=False).exists()
    assert [action for action, *_ in _moves(dossier)] in ([], ["request_supplement"])


# The service.


def test_a_supplement_brought_to_the_desk_completes_the_dossier_as_an_online_answer(
    dossier, residence, lease, citizen, commune_official, colleague
):
    _gap(dossier, residence, commune_official)
    due = dossier.due_date
    supplement = SupplementRequestFactory(
        dossier=dossier, requested_by=commune_official, components=[residence, lease], days_ago=12
    )

    supplement_receive_at_desk(dossier=dossier, by=colleague, scans={lease.pk: [_scan()]},
                               papers_seen=[residence.pk])  # fmt: skip

    dossier.refresh_from_db()
    supplement.refresh_from_db()
    # As the online answer: back to processing, the date moved by the working days waited.
    waited = working_days_between(received_on(supplement.created_at),
                                  received_on(supplement.answered_at))  # fmt: skip
    assert waited >= 8
    assert (dossier.status, dossier.due_date) == (S.IN_PROCESSING, working_days_add(due, waited))
    assert _moves(dossier)[-1] == ("resubmit", S.SUPPLEMENT_REQUESTED, S.IN_PROCESSING)
    assert [step["status"] for step in status_history_national(dossier=dossier)][-2:] == [5, 4]
    # Received at the desk, and by whom.
    event = dossier.events.get(action="resubmit")
    assert (event.actor, event.reason) == (colleague, RECEIVED_AT_DESK_NOTE)
    assert supplement.received_by == colleague
    assert list(supplement.papers_seen.all()) == [residence]
    # The scan is kept as any upload: its type from its content, under a random name.
    scan = Attachment.objects.get(dossier=dossier)
    assert (scan.component, scan.uploaded_by, scan.content_type) == (
        lease, colleague, "application/pdf"
    )  # fmt: skip
    assert scan.original_name == "hop-dong-thue-nha.pdf"
    assert re.fullmatch(rf"dossiers/{dossier.pk}/[0-9a-f]{{32}}", scan.file.name)
    # The evidence: the scan uploaded; the residence seen on paper under its recorded gap.
    evidence = {row.component_id: row for row in ComponentEvidence.objects.filter(dossier=dossier)}
    assert evidence[lease.pk].kind == ComponentEvidenceKind.UPLOAD
    assert evidence[residence.pk].kind == ComponentEvidenceKind.DATA_GAP
    assert evidence[residence.pk].note.startswith(PAPER_SEEN)
    # The applicant is told where the dossier is and its new date; the official who asked too.
    notice = Notification.objects.filter(user=citizen).latest("id")
    assert notice.title.startswith(
        f"Đã nhận hồ sơ bổ sung {dossier.reference} tại Bộ phận tiếp nhận và trả kết quả."
    )
    assert notice.body.startswith(
        f"Hồ sơ {dossier.reference} đã được bổ sung và được đơn vị tiếp tục xử lý."
    )
    assert f"Ngày hẹn trả kết quả: {dossier.due_date:%d/%m/%Y}." in notice.body
    asker = Notification.objects.filter(user=commune_official).latest("id")
    assert "đã được bổ sung" in asker.title


def test_asked_before_reception_it_waits_to_be_received_due_from_the_desk(
    dossier, lease, commune_official
):
    Dossier.objects.filter(pk=dossier.pk).update(status=S.SUBMITTED)
    dossier.refresh_from_db()
    SupplementRequestFactory(
        dossier=dossier, requested_by=commune_official, components=[lease], days_ago=20
    )

    supplement_receive_at_desk(dossier=dossier, by=commune_official, scans={},
                               papers_seen=[lease.pk])  # fmt: skip

    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED
    assert dossier.due_date == due_date(timezone.now(), dossier.procedure.processing_days)
    assert _moves(dossier)[-1] == ("resubmit_for_reception", S.SUPPLEMENT_REQUESTED, S.SUBMITTED)
    evidence = ComponentEvidence.objects.get(dossier=dossier, component=lease)
    assert (evidence.kind, evidence.note) == (ComponentEvidenceKind.UPLOAD, PAPER_SEEN)
    # Who asked and who received are the same: nobody is told what they just did.
    assert not Notification.objects.filter(user=commune_official).exists()


def test_an_item_the_applicant_uploaded_online_needs_nothing_more_at_the_desk(
    dossier, residence, lease, citizen, commune_official
):
    _gap(dossier, residence, commune_official)
    SupplementRequestFactory(
        dossier=dossier, requested_by=commune_official, components=[residence, lease]
    )
    attachment_add(dossier=dossier, component=lease, upload=_scan(), by=citizen)

    supplement = supplement_receive_at_desk(dossier=dossier, by=commune_official, scans={},
                                            papers_seen=[residence.pk])  # fmt: skip

    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING
    assert supplement.received_by == commune_official


def test_an_item_asked_with_nothing_for_it_is_refused_and_nothing_kept(
    dossier, residence, lease, commune_official, _private_media
):
    _gap(dossier, residence, commune_official)
    SupplementRequestFactory(
        dossier=dossier, requested_by=commune_official, components=[residence, lease]
    )

    with pytest.raises(CounterRefused) as refused:
        supplement_receive_at_desk(dossier=dossier, by=commune_official,
                                   scans={lease.pk: [_scan()]}, papers_seen=[])  # fmt: skip

    assert residence.name in refused.value.message and lease.name not in refused.value.message
    assert "Chưa nhận" in refused.value.message and "Not received yet" in refused.value.message
    _unchanged(dossier, _private_media)


def test_something_not_asked_is_refused(dossier, residence, lease, commune_official,
                                        _private_media):  # fmt: skip
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])

    with pytest.raises(CounterRefused):
        supplement_receive_at_desk(dossier=dossier, by=commune_official, scans={},
                                   papers_seen=[lease.pk, residence.pk])  # fmt: skip
    _unchanged(dossier, _private_media)


def test_a_scan_whose_content_is_not_an_accepted_type_is_refused_and_nothing_kept(
    dossier, residence, lease, commune_official, _private_media
):
    _gap(dossier, residence, commune_official)
    SupplementRequestFactory(
        dossier=dossier, requested_by=commune_official, components=[residence, lease]
    )
    good, renamed = _scan("xac-nhan.pdf"), _scan("hop-dong.pdf", b"MZ\x90\x00 not a PDF at all")

    with pytest.raises(UploadTypeRefused):
        supplement_receive_at_desk(dossier=dossier, by=commune_official,
                                   scans={residence.pk: [good], lease.pk: [renamed]},
                                   papers_seen=[])  # fmt: skip
    _unchanged(dossier, _private_media)


def test_a_dossier_not_waiting_for_a_supplement_is_refused(
    dossier, lease, citizen, commune_official, _private_media
):
    with pytest.raises(TransitionRefused):
        supplement_receive_at_desk(dossier=dossier, by=commune_official, scans={},
                                   papers_seen=[lease.pk])  # fmt: skip
    _unchanged(dossier, _private_media, status=S.IN_PROCESSING)

    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    attachment_add(dossier=dossier, component=lease, upload=_scan(), by=citizen)
    supplement_answer(dossier=dossier, by=citizen)  # answered online meanwhile
    with pytest.raises(TransitionRefused):
        supplement_receive_at_desk(dossier=dossier, by=commune_official, scans={},
                                   papers_seen=[lease.pk])  # fmt: skip
    assert [action for action, *_ in _moves(dossier)] == ["request_supplement", "resubmit"]


def test_an_official_of_another_unit_or_the_applicant_is_refused(
    dossier, lease, citizen, commune_official, other_commune_official, _private_media
):
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])

    for someone in (other_commune_official, citizen):
        with pytest.raises(DossierError):
            supplement_receive_at_desk(dossier=dossier, by=someone, scans={lease.pk: [_scan()]},
                                       papers_seen=[])  # fmt: skip
    _unchanged(dossier, _private_media)


def test_the_papers_seen_when_a_counter_dossier_was_taken_in_stay_once_it_is_completed(
    dossier, procedure, lease, citizen, commune_official
):
    identity = DossierComponentFactory(procedure=procedure, code="so-ho-khau", position=3,
                                       name="Giấy tờ chứng minh chỗ ở hợp pháp")  # fmt: skip
    ComponentEvidence.objects.create(
        dossier=dossier, component=identity, kind=ComponentEvidenceKind.UPLOAD, note=PAPER_SEEN
    )
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    attachment_add(dossier=dossier, component=lease, upload=_scan(), by=citizen)

    supplement_answer(dossier=dossier, by=citizen)

    kept = ComponentEvidence.objects.get(dossier=dossier, component=identity)
    assert (kept.kind, kept.note) == (ComponentEvidenceKind.UPLOAD, PAPER_SEEN)
    assert ComponentEvidence.objects.get(dossier=dossier, component=lease).note == ""


# Over HTTP, from the official's dossier page.


def _page(client, dossier) -> str:
    return client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()


def _seen(dossier) -> dict:
    return {"seen_status": dossier.status, "seen_assigned_to": dossier.assigned_to_id or ""}


def test_the_dossier_page_offers_the_desk_form_for_each_item_asked(
    client, dossier, residence, lease, commune_official
):
    client.force_login(commune_official, backend=LOGIN)
    assert 'data-testid="supplement-desk"' not in _page(client, dossier)  # nothing asked yet
    _gap(dossier, residence, commune_official)
    SupplementRequestFactory(
        dossier=dossier, requested_by=commune_official, components=[residence, lease]
    )

    page = _page(client, dossier)

    form = page[page.index('data-testid="supplement-desk"') :].split("</form>")[0]
    assert 'enctype="multipart/form-data"' in form
    assert f'action="{reverse("supplements:received-at-desk", args=[dossier.pk])}"' in form
    for component in (residence, lease):
        assert f'type="file" name="scan-{component.pk}"' in form
        assert f'name="paper_seen" value="{component.pk}"' in form
    assert 'name="seen_status" value="supplement_requested"' in form
    # It cannot be undone: asked in the page's dialog, or without JavaScript by a
    # checkbox of the form's own (a confirmation page could not send the scans again).
    assert 'data-confirm="Nhận hồ sơ bổ sung này?' in form
    noscript = form[form.index("<noscript>") : form.index("</noscript>")]
    assert 'type="checkbox" name="confirmed" value="1" id="desk-confirmed" required' in noscript
    assert "Tôi đã kiểm tra giấy tờ người nộp mang đến" in noscript


def test_a_receipt_at_the_desk_sent_unconfirmed_is_refused_and_keeps_nothing(
    client, dossier, lease, commune_official, _private_media
):
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    client.force_login(commune_official, backend=LOGIN)
    url = reverse("supplements:received-at-desk", args=[dossier.pk])
    sent = {**_seen(dossier), "paper_seen": [lease.pk]}

    for confirmed in ({}, {"confirmed": ""}, {"confirmed": "0"}):
        response = client.post(url, {**sent, f"scan-{lease.pk}": _scan(), **confirmed})
        assert response.status_code == 400
        body = response.content.decode()
        assert "Hãy xác nhận đã kiểm tra giấy tờ người nộp mang đến" in body
        assert "Confirm that you checked what the applicant handed in" in body
        _unchanged(dossier, _private_media)

    assert client.post(url, {**sent, "confirmed": "1"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING


def test_received_at_the_desk_over_http_then_the_panel_says_so(
    client, dossier, residence, lease, commune_official, colleague
):
    _gap(dossier, residence, commune_official)
    SupplementRequestFactory(
        dossier=dossier, requested_by=commune_official, components=[residence, lease]
    )
    client.force_login(colleague, backend=LOGIN)

    response = client.post(
        reverse("supplements:received-at-desk", args=[dossier.pk]),
        {**_seen(dossier), f"scan-{lease.pk}": _scan(), "paper_seen": [residence.pk],
         "confirmed": "1"},
    )  # fmt: skip

    assert response.status_code == 302
    assert response.url == reverse("workspace:dossier", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING
    page = _page(client, dossier)
    assert "Đã nhận tại Bộ phận tiếp nhận và trả kết quả, cán bộ Trần Thị Mai." in page
    assert f"{residence.name} — đã xem bản giấy tại quầy" in page
    assert f"{lease.name} — Đã tải lên 1 tệp" in page
    assert 'data-testid="supplement-desk"' not in page
    assert RECEIVED_AT_DESK_NOTE in page  # in the history, with who received it


@pytest.mark.parametrize(
    ("sent", "status", "says"),
    [
        ({}, 400, "Chưa nhận: Hợp đồng thuê nhà"),
        ({"scan-LEASE": "NOT_A_PDF"}, 415, "không phải là"),
        ({"scan-LEASE": "PDF", "scan-abc": "PDF"}, 400, "Unknown document."),
    ],
)
def test_a_refusal_over_http_says_why_and_keeps_nothing(
    client, dossier, lease, commune_official, _private_media, sent, status, says
):
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    client.force_login(commune_official, backend=LOGIN)
    files = {"PDF": lambda: _scan(), "NOT_A_PDF": lambda: _scan(content=b"plain text")}
    data = {name.replace("LEASE", str(lease.pk)): files[kind]() for name, kind in sent.items()}

    response = client.post(reverse("supplements:received-at-desk", args=[dossier.pk]),
                           {**_seen(dossier), **data, "confirmed": "1"})  # fmt: skip

    assert response.status_code == status
    assert says in response.content.decode()
    _unchanged(dossier, _private_media)


def test_over_http_a_dossier_not_waiting_is_a_409(client, dossier, lease, commune_official,
                                                  _private_media):  # fmt: skip
    client.force_login(commune_official, backend=LOGIN)

    response = client.post(reverse("supplements:received-at-desk", args=[dossier.pk]),
                           {"paper_seen": [lease.pk]})  # fmt: skip

    assert response.status_code == 409
    body = response.content.decode()
    assert "Hồ sơ không có yêu cầu bổ sung nào đang chờ." in body
    assert "No supplement request is waiting." in body
    _unchanged(dossier, _private_media, status=S.IN_PROCESSING)


def test_over_http_another_units_official_gets_404(
    client, dossier, lease, commune_official, other_commune_official, _private_media
):
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    client.force_login(other_commune_official, backend=LOGIN)

    response = client.post(reverse("supplements:received-at-desk", args=[dossier.pk]),
                           {f"scan-{lease.pk}": _scan(), "paper_seen": [lease.pk]})  # fmt: skip

    assert response.status_code == 404
    _unchanged(dossier, _private_media)
