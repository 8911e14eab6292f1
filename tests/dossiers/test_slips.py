"""The slips of a dossier's handling as PDFs, read back as text: supplement
request, refusal, apology and the processing control sheet."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.deadlines import apology_issue
from dossiers.models import DossierEvent, DossierStatus, SupplementRequest
from dossiers.slips import (
    SlipUnavailable,
    apology_slip_pdf,
    control_sheet_pdf,
    refusal_slip_pdf,
    supplement_slip_pdf,
)
from portal.core.working_days import next_working_day
from tests.dossiers.factories import DossierFactory
from tests.pdf.reading import pdf_text
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus


@pytest.fixture
def dossier(citizen, hong_bang_ward):
    procedure = ProcedureFactory(code="1.001193", name="Đăng ký khai sinh", processing_days=3)
    return DossierFactory(
        procedure=procedure, agency=hong_bang_ward, applicant=citizen, status=S.SUBMITTED,
        code="11311-261110-0007", submitted_at=timezone.now() - datetime.timedelta(days=12),
        due_date=timezone.localdate() - datetime.timedelta(days=4),
    )  # fmt: skip


def _event(dossier, action, to_status, actor, reason=""):
    return DossierEvent.objects.create(dossier=dossier, action=action, from_status=dossier.status,
                                       to_status=to_status, actor=actor, reason=reason)  # fmt: skip


def test_supplement_slip_lists_the_items_and_the_reason(dossier, commune_official):
    supplement = SupplementRequest.objects.create(
        dossier=dossier, requested_by=commune_official,
        reason="Bản chụp giấy chứng sinh bị mờ, không đọc được",
    )  # fmt: skip
    supplement.components.add(
        DossierComponentFactory(procedure=dossier.procedure, name="Giấy chứng sinh"),
        DossierComponentFactory(procedure=dossier.procedure, name="Văn bản ủy quyền"),
    )
    text = pdf_text(supplement_slip_pdf(supplement=supplement))
    for expected in ("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Mã hồ sơ: 11311-261110-0007",
                     "Giấy chứng sinh", "Văn bản ủy quyền", "bị mờ, không đọc được",
                     "Nguyễn Văn An", "Lê Thị Hoa", "UBND PHƯỜNG HỒNG BÀNG",
                     "Độc lập - Tự do - Hạnh phúc"):  # fmt: skip
        assert expected in text


def test_the_supplement_slip_prints_the_look_up_key_beside_the_code(dossier, commune_official):
    """Asked before reception, a supplement's slip is the only paper the
    applicant holds: it gives the key in text, as the receipt would."""
    dossier.lookup_key = "K7QM4TZR"
    dossier.save(update_fields=["lookup_key"])
    supplement = SupplementRequest.objects.create(
        dossier=dossier, requested_by=commune_official, reason="Thiếu giấy chứng sinh"
    )

    text = pdf_text(supplement_slip_pdf(supplement=supplement))

    assert "Mã hồ sơ: 11311-261110-0007 Mã tra cứu hồ sơ: K7QM-4TZR" in text


def test_refusal_slip_gives_the_reason_of_the_refusal(dossier, commune_official):
    with pytest.raises(SlipUnavailable):
        refusal_slip_pdf(dossier=dossier)
    _event(dossier, "refuse_at_reception", S.REFUSED_AT_RECEPTION, commune_official,
           "Thủ tục không thuộc thẩm quyền của phường")  # fmt: skip
    text = pdf_text(refusal_slip_pdf(dossier=dossier))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "không thuộc thẩm quyền của phường" in text and "Lê Thị Hoa" in text


def test_the_refusal_at_reception_prints_the_look_up_key_beside_the_code(
    client, dossier, commune_official, settings
):
    # Never received, the dossier has no receipt: without a camera for the QR
    # code, the slip's text is all its holder has to follow it.
    settings.PORTAL_BASE_URL = "https://motcuaso.haiphong.gov.vn"
    dossier.lookup_key = "K7QM4TZR"
    dossier.status = S.REFUSED_AT_RECEPTION
    dossier.save(update_fields=["lookup_key", "status"])
    _event(dossier, "refuse_at_reception", S.REFUSED_AT_RECEPTION, commune_official,
           "Thủ tục không thuộc thẩm quyền của phường")  # fmt: skip

    text = pdf_text(refusal_slip_pdf(dossier=dossier))

    assert "Mã hồ sơ: 11311-261110-0007 Mã tra cứu hồ sơ: K7QM-4TZR" in text
    assert (
        "https://motcuaso.haiphong.gov.vn/dossiers/lookup/?code=11311-261110-0007&key=K7QM-4TZR"
        in text
    )
    # What is printed, typed into the look-up page, finds the dossier.
    code = re.search(r"Mã hồ sơ: (\S+)", text)[1]
    key = re.search(r"Mã tra cứu hồ sơ: (\S+)", text)[1]
    page = client.get(reverse("dossiers:lookup"), {"code": code, "key": key.lower()})
    assert page.status_code == 200 and 'data-testid="lookup-result"' in page.content.decode()


def test_a_dossier_not_resolved_gets_a_refusal_to_resolve(dossier, commune_official):
    _event(dossier, "not_resolve", S.NOT_RESOLVED, commune_official, "Người được khai sinh "
           "đã có giấy khai sinh")  # fmt: skip
    text = pdf_text(refusal_slip_pdf(dossier=dossier))
    assert "PHIẾU TỪ CHỐI GIẢI QUYẾT HỒ SƠ" in text and "đã có giấy khai sinh" in text


def test_apology_slip_gives_both_dates_and_the_reason(dossier, commune_official):
    previous = dossier.due_date
    new = next_working_day(timezone.localdate())
    slip = apology_issue(dossier=dossier, by=commune_official, new_due_date=new,
                         reason="Chờ cơ quan đăng ký cư trú xác minh")  # fmt: skip
    text = pdf_text(apology_slip_pdf(slip=slip))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Chờ cơ quan đăng ký cư trú xác minh" in text
    assert f"{previous.day:02d} tháng {previous.month:02d} năm {previous.year}" in text
    assert f"{new.day:02d} tháng {new.month:02d} năm {new.year}" in text
    assert "xin lỗi ông/bà" in text


def test_control_sheet_lists_each_step_on_time_or_late(dossier, citizen, commune_official):
    _event(dossier, "submit", S.SUBMITTED, citizen)
    late = _event(dossier, "receive", S.RECEIVED, commune_official)
    DossierEvent.objects.filter(pk=late.pk).update(at=timezone.now())
    DossierEvent.objects.filter(dossier=dossier, action="submit").update(at=dossier.submitted_at)
    text = pdf_text(control_sheet_pdf(dossier=dossier))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Nộp hồ sơ" in text and "Tiếp nhận hồ sơ" in text
    assert "Người nộp hồ sơ: Nguyễn Văn An" in text
    assert "UBND phường Hồng Bàng: Lê Thị Hoa" in text
    assert "Đúng hạn" in text and "Trễ hạn" in text


def test_slips_download_for_the_unit_and_the_applicant_only(
    client, dossier, citizen, commune_official, other_commune_official
):
    _event(
        dossier, "refuse_at_reception", S.REFUSED_AT_RECEPTION, commune_official, "Sai thẩm quyền"
    )
    control = reverse("workspace:slip-control", args=[dossier.pk])
    refusal = reverse("dossiers:slip-refusal", args=[dossier.pk])
    client.force_login(commune_official, backend=LOGIN)
    for url in (control, refusal):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(other_commune_official, backend=LOGIN)
    assert client.get(control).status_code == 404
    client.force_login(citizen, backend=LOGIN)
    assert client.get(refusal).status_code == 200
    assert client.get(control).status_code == 403  # the control sheet is the unit's


def test_apology_over_http_then_the_slip_is_linked_for_both(
    client, dossier, citizen, commune_official
):
    client.force_login(commune_official, backend=LOGIN)
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert 'data-testid="apology-needed"' in page
    url = reverse("workspace:apology", args=[dossier.pk])
    assert client.post(url, {"reason": "x"}).status_code == 400
    saturday = timezone.localdate() + datetime.timedelta(
        days=(5 - timezone.localdate().weekday()) % 7 or 7
    )
    assert (
        client.post(url, {"new_due_date": saturday.isoformat(), "reason": "x"}).status_code == 409
    )
    new = next_working_day(timezone.localdate())
    response = client.post(url, {"new_due_date": new.isoformat(), "reason": "Chờ xác minh"})
    assert response.status_code == 302
    apology = dossier.apologies.get()
    link = reverse("dossiers:slip-apology", args=[dossier.pk, apology.pk])
    assert link in client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    client.force_login(citizen, backend=LOGIN)
    assert link in client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()
    response = client.get(link)
    assert response.status_code == 200
    assert "Chờ xác minh" in pdf_text(response.content)
