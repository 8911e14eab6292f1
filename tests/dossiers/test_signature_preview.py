"""The preview of what a leader signs (dossiers.signature_preview): the result,
or the refusal notice, drawn by the code that issues it, in the leader's name
and title, marked on every page as a preview not signed; nothing stored,
numbered, moved or logged; only for a leader who may sign the dossier now,
linked from where they are asked to sign."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossiers.models import DossierEvent, DossierStatus, ResultDocument
from dossiers.results import PREVIEW_QR_CAPTION, dossier_approve_with_result
from dossiers.signature_preview import PreviewUnavailable, signature_preview_pdf
from dossiers.signing import (
    dossier_not_resolve_signed,
    dossier_propose_approval,
    dossier_propose_not_resolve,
)
from dossiers.slips import refusal_slip_pdf
from portal.audit.models import AccessLog
from portal.notifications.models import Notification
from portal.pdf import PREVIEW
from tests.accounts.factories import LeaderFactory
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.pdf.reading import page_texts, pdf_reader, pdf_text
from tests.procedures.factories import FormDefinitionFactory, ProcedureFactory, eform_field

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus
REFUSAL = "Chỗ ở hợp pháp không thuộc địa bàn phường"
NOW = datetime.datetime(2026, 12, 7, 3, 30, tzinfo=datetime.UTC)  # 10:30 in Hà Nội


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    """One moment for the preview and the signature: the issue time is printed."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)


@pytest.fixture
def dossier(citizen, hong_bang_ward):
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 result_type="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    dossier = DossierFactory(
        procedure=procedure, agency=hong_bang_ward, applicant=citizen, status=S.IN_PROCESSING,
        code="11311-261207-0001", submitted_at=NOW - datetime.timedelta(days=3),
        due_date=timezone.localdate() + datetime.timedelta(days=5),
        form=FormDefinitionFactory(fields=[
            eform_field("permanent_address"),
            eform_field("reason", name="moved_on", type="date", label_vi="Ngày chuyển đến"),
        ]),
        form_values={"moved_on": "2026-11-02"},
    )  # fmt: skip
    PrefillSourceFactory(dossier=dossier, found={"permanent_address": "Số 12 phố Hoàng Văn Thụ"})
    return dossier


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=LOGIN)
    return client


def _preview_url(dossier) -> str:
    return reverse("workspace:signature-preview", args=[dossier.pk])


def _as_issued(preview_text: str) -> str:
    """The preview's text less what marks it a preview, in the words the issued
    document has in their place."""
    text = preview_text.replace(" · ".join(PREVIEW), " ")
    for mark in PREVIEW:
        text = text.replace(f"{mark} · ", " ").replace(mark, " ")
    text = text.replace("Chưa ký", "Đã ký số")
    text = text.replace(PREVIEW_QR_CAPTION, "Quét để xác thực kết quả")
    return " ".join(text.split())


def _every_page_marked(content: bytes) -> None:
    for page in page_texts(content):
        assert " · ".join(PREVIEW) in page
    assert pdf_reader(content).metadata.title.startswith(PREVIEW[0])


# The services.


def test_the_preview_is_the_result_as_signed_marked_and_nothing_is_kept(
    dossier, commune_official, ward_leader
):
    dossier_propose_approval(dossier=dossier, by=commune_official)
    told = Notification.objects.count()

    name, content = signature_preview_pdf(dossier=dossier, leader=ward_leader)

    assert name == "xem-truoc-ket-qua-11311-261207-0001.pdf"
    _every_page_marked(content)
    text = pdf_text(content)
    signature = text.split("TM. UBND PHƯỜNG HỒNG BÀNG", 1)[1]
    assert "CHỦ TỊCH" in signature and "Đặng Quốc Hùng" in signature
    assert "Chưa ký" in signature and "Đã ký số" not in text
    assert "Nơi thường trú: Số 12 phố Hoàng Văn Thụ" in text
    # Nothing issued, moved, told or logged.
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_SIGNATURE
    assert not ResultDocument.objects.exists()
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1
    assert Notification.objects.count() == told and not AccessLog.objects.exists()

    issued = dossier_approve_with_result(dossier=dossier, by=ward_leader)

    # What was previewed is what was signed, word for word.
    assert _as_issued(text) == pdf_text(issued.file.read())


def test_a_deputy_previews_the_result_on_the_chairmans_behalf(
    dossier, commune_official, hong_bang_ward
):
    deputy = LeaderFactory(agency=hong_bang_ward, full_name="Ngô Văn Sơn", position="Phó Chủ tịch")
    dossier_propose_approval(dossier=dossier, by=commune_official)

    text = pdf_text(signature_preview_pdf(dossier=dossier, leader=deputy)[1])

    assert "TM. UBND PHƯỜNG HỒNG BÀNG KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text and "Ngô Văn Sơn" in text


def test_the_preview_of_a_refusal_is_its_notice_as_signed(dossier, commune_official, ward_leader):
    dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REFUSAL)

    name, content = signature_preview_pdf(dossier=dossier, leader=ward_leader)

    assert name == "xem-truoc-tu-choi-11311-261207-0001.pdf"
    _every_page_marked(content)
    text = pdf_text(content)
    assert "PHIẾU TỪ CHỐI GIẢI QUYẾT HỒ SƠ" in text and REFUSAL in text
    assert "TM. UBND PHƯỜNG HỒNG BÀNG CHỦ TỊCH" in text and "Đặng Quốc Hùng" in text
    assert "Lê Thị Hoa" not in text
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_SIGNATURE
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1

    dossier_not_resolve_signed(dossier=dossier, by=ward_leader)

    assert _as_issued(text) == pdf_text(refusal_slip_pdf(dossier=dossier))


def test_only_a_leader_who_may_sign_it_now_previews_it(
    dossier, commune_official, ward_leader, leader, le_chan_ward
):
    other_ward = LeaderFactory(agency=le_chan_ward, position="Chủ tịch")
    with pytest.raises(PreviewUnavailable):  # not proposed yet
        signature_preview_pdf(dossier=dossier, leader=ward_leader)
    dossier_propose_approval(dossier=dossier, by=commune_official)
    # The official, the leader above the ward (who reads it), another ward's leader.
    for someone in (commune_official, leader, other_ward):
        with pytest.raises(PreviewUnavailable, match="nothing to preview"):
            signature_preview_pdf(dossier=dossier, leader=someone)
    dossier_approve_with_result(dossier=dossier, by=ward_leader)
    with pytest.raises(PreviewUnavailable):  # signed: the result itself is there
        signature_preview_pdf(dossier=dossier, leader=ward_leader)


# The pages.


def test_the_leader_opens_the_preview_from_where_they_sign(dossier, commune_official, ward_leader):
    dossier_propose_approval(dossier=dossier, by=commune_official)
    client = _client(ward_leader)

    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert f'href="{_preview_url(dossier)}"' in page and 'data-testid="signature-preview"' in page
    # The page that confirms the signature without JavaScript links it too.
    confirm = client.post(reverse("workspace:act", args=[dossier.pk]), {"action": "approve"})
    assert confirm.status_code == 200
    assert f'href="{_preview_url(dossier)}"' in confirm.content.decode()

    response = client.get(_preview_url(dossier))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "xem-truoc-ket-qua-11311-261207-0001.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    _every_page_marked(response.content)
    assert "Đặng Quốc Hùng" in pdf_text(response.content)
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_SIGNATURE and not ResultDocument.objects.exists()


def test_the_preview_link_names_the_refusal_notice(dossier, commune_official, ward_leader):
    dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REFUSAL)
    client = _client(ward_leader)

    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    link = page.split('data-testid="signature-preview">', 1)[1].split("</a>", 1)[0]
    assert "từ chối" in link.lower() or "refusal" in link.lower()
    text = pdf_text(client.get(_preview_url(dossier)).content)
    assert REFUSAL in text and PREVIEW[0] in text


def test_anyone_else_gets_a_404_and_no_link(
    dossier, commune_official, ward_leader, leader, le_chan_ward, citizen
):
    dossier_propose_approval(dossier=dossier, by=commune_official)
    mine = _client(commune_official).get(reverse("workspace:dossier", args=[dossier.pk]))
    assert 'data-testid="signature-preview"' not in mine.content.decode()
    other_ward = LeaderFactory(agency=le_chan_ward, position="Chủ tịch")
    for someone in (commune_official, leader, other_ward):
        assert _client(someone).get(_preview_url(dossier)).status_code == 404
    assert _client(citizen).get(_preview_url(dossier)).status_code == 403  # not the workspace's
    dossier_approve_with_result(dossier=dossier, by=ward_leader)
    assert _client(ward_leader).get(_preview_url(dossier)).status_code == 404
    signed = _client(ward_leader).get(reverse("workspace:dossier", args=[dossier.pk]))
    assert 'data-testid="signature-preview"' not in signed.content.decode()
