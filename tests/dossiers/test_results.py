"""Results: approving issues the electronic result (a PDF in Vietnamese with a
QR code to verify it), returning it closes the dossier and tells the
applicant, and the citizen's document store shows only their own results."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.exceptions import DossierError
from dossiers.models import Dossier, DossierEvent, DossierStatus, ResultDocument
from dossiers.results import result_return
from portal.notifications.models import Notification
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.dossiers.signing import approve_signed
from tests.pdf.reading import pdf_text, qr_codes
from tests.procedures.factories import FormDefinitionFactory, ProcedureFactory, eform_field

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus


@pytest.fixture
def dossier(citizen, hong_bang_ward):
    procedure = ProcedureFactory(
        code="1.004222", name="Đăng ký thường trú",
        result_type="Giấy xác nhận thông tin về cư trú",
    )  # fmt: skip
    return DossierFactory(
        procedure=procedure, agency=hong_bang_ward, applicant=citizen,
        status=S.IN_PROCESSING, code="11311-261125-0001", submitted_at=timezone.now(),
        due_date=timezone.localdate() + datetime.timedelta(days=5),
    )  # fmt: skip


def _act(client, dossier, action, **data):
    """The move as the dossier page sends it, confirmed in its dialog."""
    return client.post(
        reverse("workspace:act", args=[dossier.pk]), {"action": action, "confirmed": "1", **data}
    )


def _bytes(result: ResultDocument) -> bytes:
    with result.file.open("rb") as handle:
        return handle.read()


def test_the_leaders_signature_issues_a_result_pdf_in_vietnamese_with_a_qr_to_verify(
    client, commune_official, ward_leader, dossier
):
    client.force_login(commune_official, backend=LOGIN)
    assert _act(client, dossier, "propose_approval").status_code == 302
    assert not ResultDocument.objects.exists()  # proposed: nothing issued before the signature
    client.force_login(ward_leader, backend=LOGIN)

    response = _act(client, dossier, "approve")

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY
    result = ResultDocument.objects.get(dossier=dossier)
    assert result.subject_personal_id == "031090001234" and result.issued_by == ward_leader
    content = _bytes(result)
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == result.sha256
    text = pdf_text(content)
    for expected in ("GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", "Nguyễn Văn An", "031090001234",
                     "UBND phường Hồng Bàng", "11311-261125-0001"):  # fmt: skip
        assert expected in text
    # Signed by the unit's chairman, in his name and title; the clerk who proposed it is not named.
    signature = text.split("TM. UBND PHƯỜNG HỒNG BÀNG", 1)[1]
    assert "CHỦ TỊCH" in signature and "Đã ký số" in signature and "Đặng Quốc Hùng" in signature
    assert "Lê Thị Hoa" not in text
    (verify_url,) = qr_codes(content)
    page = client.get(verify_url.split("8000", 1)[-1])
    assert page.status_code == 200 and result.sha256 in page.content.decode()
    assert "031090001234" not in page.content.decode()  # no personal data on the public page
    # The workspace offers the result and the receipt.
    view = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert reverse("workspace:result-download", args=[dossier.pk, result.pk]) in view
    download = client.get(reverse("workspace:result-download", args=[dossier.pk, result.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"


def test_the_result_states_what_was_granted_as_the_dossier_was_decided(commune_official, dossier):
    dossier.form = FormDefinitionFactory(fields=[
        eform_field("permanent_address"), eform_field("phone", required=False),
        eform_field("reason", name="copy_wanted", type="boolean", label_vi="Cấp bản sao",
                    required=False),
        eform_field("reason", name="moved_on", type="date", label_vi="Ngày chuyển đến"),
    ])  # fmt: skip
    dossier.form_values = {"copy_wanted": False, "moved_on": "2026-11-02"}
    dossier.save()
    PrefillSourceFactory(dossier=dossier, found={"permanent_address": "Số 12 phố Hoàng Văn Thụ"})

    text = pdf_text(_bytes(approve_signed(dossier, official=commune_official)))

    granted = text.split("Nội dung được chấp thuận", 1)[1]
    assert "Nơi thường trú: Số 12 phố Hoàng Văn Thụ" in granted  # as read from its source
    assert "Ngày chuyển đến: 02/11/2026" in granted and "Cấp bản sao: Không" in granted
    assert "Số điện thoại" not in granted  # left empty


SUBMITTED = datetime.datetime(2026, 11, 24, 2, 12, tzinfo=datetime.UTC)  # 09:12 in Hà Nội
COMPLETED = datetime.datetime(2026, 12, 1, 2, 45, tzinfo=datetime.UTC)  # 09:45 in Hà Nội


def _sent_back_and_completed(dossier, *, at):
    """The unit asked for the dossier to be completed before receiving it; the applicant did."""
    Dossier.objects.filter(pk=dossier.pk).update(submitted_at=SUBMITTED)
    event = DossierEvent.objects.create(
        dossier=dossier, action="resubmit_for_reception", from_status=S.SUPPLEMENT_REQUESTED,
        to_status=S.SUBMITTED, actor=dossier.applicant,
    )  # fmt: skip
    DossierEvent.objects.filter(pk=event.pk).update(at=at)


def test_the_result_gives_the_completion_as_the_reception_of_a_dossier_completed_first(
    commune_official, dossier
):
    _sent_back_and_completed(dossier, at=COMPLETED)

    text = pdf_text(_bytes(approve_signed(dossier, official=commune_official)))

    assert "Thời gian nộp hồ sơ lần đầu: 09 giờ 12 phút, ngày 24 tháng 11 năm 2026" in text
    assert (
        "Thời gian tiếp nhận hồ sơ: 09 giờ 45 phút, ngày 01 tháng 12 năm 2026 (hồ sơ đã được "
        "bổ sung, hoàn thiện theo yêu cầu)"
    ) in text
    assert "Thời gian tiếp nhận hồ sơ: 09 giờ 12 phút" not in text


def test_the_result_of_a_dossier_received_as_submitted_gives_its_submission(
    commune_official, dossier
):
    Dossier.objects.filter(pk=dossier.pk).update(submitted_at=SUBMITTED)

    text = pdf_text(_bytes(approve_signed(dossier, official=commune_official)))

    assert "Thời gian tiếp nhận hồ sơ: 09 giờ 12 phút, ngày 24 tháng 11 năm 2026" in text
    assert "lần đầu" not in text and "hoàn thiện theo yêu cầu" not in text


def test_a_forged_verification_code_is_a_404(client):
    assert client.get(reverse("dossiers:result-verify", args=["1:forged"])).status_code == 404


def test_signing_is_refused_in_the_wrong_status_and_issues_nothing(client, ward_leader, dossier):
    dossier.status = S.RECEIVED
    dossier.save(update_fields=["status"])
    client.force_login(ward_leader, backend=LOGIN)

    assert _act(client, dossier, "approve").status_code == 409
    assert not ResultDocument.objects.exists()


def test_returning_at_the_counter_closes_the_dossier_and_notifies_the_applicant(
    client, commune_official, citizen, dossier
):
    approve_signed(dossier, official=commune_official)
    client.force_login(commune_official, backend=LOGIN)

    response = _act(client, dossier, "return_result", how="counter")

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_RETURNED
    assert ResultDocument.objects.get(dossier=dossier).returned_at is not None
    event = DossierEvent.objects.get(dossier=dossier, action="return_result")
    assert "tại quầy" in event.reason and event.actor == commune_official
    assert Notification.objects.filter(user=citizen, title__contains=dossier.code).exists()


def test_an_unknown_way_of_returning_is_refused(commune_official, dossier):
    approve_signed(dossier, official=commune_official)
    with pytest.raises(DossierError):
        result_return(dossier=dossier, by=commune_official, how="post")
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY


def test_the_document_store_holds_the_citizens_returned_results_only(
    client, citizen, commune_official, dossier
):
    result = approve_signed(dossier, official=commune_official)
    store = reverse("dossiers:results")
    download = reverse("dossiers:result-download", args=[result.pk])
    client.force_login(citizen, backend=LOGIN)
    assert result.title not in client.get(store).content.decode()  # not returned yet
    assert client.get(download).status_code == 404

    result_return(dossier=dossier, by=commune_official, how="online")

    page = client.get(store)
    assert page.status_code == 200 and result.title in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment;" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_tracking_page_links_the_result_once_it_is_returned(
    client, citizen, commune_official, dossier
):
    result = approve_signed(dossier, official=commune_official)
    track = reverse("dossiers:track", args=[dossier.pk])
    download = reverse("dossiers:result-download", args=[result.pk])
    client.force_login(citizen, backend=LOGIN)
    assert download not in client.get(track).content.decode()  # ready, not returned yet

    result_return(dossier=dossier, by=commune_official, how="online")

    page = client.get(track).content.decode()
    assert 'data-testid="dossier-results"' in page and download in page
    assert reverse("dossiers:results") in page  # and where it is kept for reuse
    assert client.get(download).status_code == 200


def test_another_citizen_and_an_official_get_a_404_on_a_result(
    client, commune_official, other_commune_official, dossier
):
    result = approve_signed(dossier, official=commune_official)
    result_return(dossier=dossier, by=commune_official, how="online")
    download = reverse("dossiers:result-download", args=[result.pk])
    for user in (CitizenFactory(personal_id="031095007777"), commune_official):
        client.force_login(user, backend=LOGIN)
        assert client.get(download).status_code == 404
        assert result.title not in client.get(reverse("dossiers:results")).content.decode()
    client.force_login(other_commune_official, backend=LOGIN)
    workspace = reverse("workspace:result-download", args=[dossier.pk, result.pk])
    assert client.get(workspace).status_code == 404


def test_the_document_store_reads_in_a_fixed_number_of_queries(
    client, citizen, commune_official, hong_bang_ward, django_assert_max_num_queries
):
    for number in range(1, 4):
        dossier = DossierFactory(
            agency=hong_bang_ward, applicant=citizen, status=S.IN_PROCESSING,
            code=f"11311-261125-000{number}", submitted_at=timezone.now(),
            procedure=ProcedureFactory(code=f"1.00{number}", result_type="Trích lục khai sinh"),
        )  # fmt: skip
        approve_signed(dossier, official=commune_official)
        result_return(dossier=dossier, by=commune_official, how="online")
    client.force_login(citizen, backend=LOGIN)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("dossiers:results"))
    assert page.content.decode().count("Trích lục khai sinh") == 3
