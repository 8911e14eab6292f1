"""The receipt and appointment slip (form 01, Circular 01/2018/TT-VPCP) of a submitted dossier."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.models import (
    ActingBasis,
    Attachment,
    ComponentEvidence,
    ComponentEvidenceKind,
    Dossier,
    DossierEvent,
    DossierStatus,
)
from dossiers.receipts import ReceiptReplacedByRefusal, ReceiptUnavailable, receipt_pdf
from dossiers.services import dossier_fee_paid
from dossiers.submission_times import SubmissionTimes, submission_times
from dossiers.supplement_answers import supplement_answer
from dossiers.workspace import dossier_refuse_at_reception
from payments.models import PaymentStatus
from portal.core.working_days import working_days_add
from portal.notifications.models import Notification
from procedures.models import DossierComponent
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory, SupplementRequestFactory
from tests.payments.factories import PaymentFactory
from tests.pdf.reading import page_texts, pdf_reader, pdf_text, qr_codes
from tests.procedures.factories import (
    DossierComponentFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    eform_field,
)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
SUBMITTED = datetime.datetime(2026, 11, 24, 2, 12, tzinfo=datetime.UTC)  # 09:12 in Hà Nội
FETCHED = datetime.datetime(2026, 11, 24, 2, 5, tzinfo=datetime.UTC)
CONTACT_ADDRESS = {"name": "address", "type": "string", "label_vi": "Địa chỉ liên hệ",
                   "label_en": "Contact address", "required": True, "validation": {},
                   "binding": None}  # fmt: skip


@pytest.fixture
def applicant(db):
    return CitizenFactory(personal_id="031190004321", full_name="Nguyễn Thị Ánh Hồng",
                          email="anhhong@example.vn")  # fmt: skip


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.001193", name="Đăng ký khai sinh", processing_days=3)


def _submitted(*, procedure, applicant, agency, **overrides):
    form = FormDefinitionFactory(fields=[eform_field("full_name"), CONTACT_ADDRESS,
                                         eform_field("phone", required=False)])  # fmt: skip
    values = {
        "procedure": procedure, "agency": agency, "applicant": applicant, "form": form,
        "subject_personal_id": applicant.personal_id,
        "code": f"{agency.code}-261124-0001", "status": DossierStatus.SUBMITTED,
        "submitted_at": SUBMITTED, "due_date": datetime.date(2026, 11, 27),
        "form_values": {"address": "Số 7 Đường Lê Thánh Tông, phường Ngô Quyền, Hải Phòng",
                        "phone": "0912345678"},
    } | overrides  # fmt: skip
    dossier = DossierFactory(**values)
    DossierEvent.objects.create(dossier=dossier, action="submit", from_status="draft",
                                to_status=dossier.status, actor=applicant)  # fmt: skip
    return dossier


def _evidence(dossier, component, kind, **values):
    return ComponentEvidence.objects.create(dossier=dossier, component=component, kind=kind,
                                            **values)  # fmt: skip


def _upload(dossier, component, name="to-khai.pdf"):
    return Attachment.objects.create(
        dossier=dossier, component=component, file=f"dossiers/{dossier.pk}/{name}",
        original_name=name, content_type="application/pdf", size=1024, sha256="0" * 64,
        uploaded_by=dossier.applicant,
    )  # fmt: skip


@pytest.fixture
def dossier(procedure, applicant, hong_bang_ward):
    dossier = _submitted(procedure=procedure, applicant=applicant, agency=hong_bang_ward)
    birth = DossierComponentFactory(procedure=procedure, name="Giấy chứng sinh", position=1)
    residence = DossierComponentFactory(procedure=procedure, position=2,
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    marriage = DossierComponentFactory(procedure=procedure, position=3,
                                       name="Giấy chứng nhận kết hôn của cha, mẹ")  # fmt: skip
    _upload(dossier, birth, "giay-chung-sinh.pdf")
    _evidence(dossier, birth, ComponentEvidenceKind.UPLOAD)
    _evidence(dossier, residence, ComponentEvidenceKind.DATA, source="population",
              record_id="DC-031190004321", fetched_at=FETCHED,
              note="Xác nhận thông tin về cư trú")  # fmt: skip
    _upload(dossier, marriage, "giay-ket-hon.pdf")
    _evidence(dossier, marriage, ComponentEvidenceKind.DATA_GAP, source="civil_status",
              fetched_at=FETCHED)  # fmt: skip
    return dossier


def test_the_slip_carries_the_dossier_the_applicant_and_the_appointment(dossier, settings):
    data = receipt_pdf(dossier=dossier)
    text = pdf_text(data)

    assert data.startswith(b"%PDF-")
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in text  # the footer, as written
    assert "Mã hồ sơ: 11311-261124-0001" in text
    assert "UBND PHƯỜNG HỒNG BÀNG" in text
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Hồng Bàng, ngày 24 tháng 11 năm 2026" in text
    assert "Tiếp nhận hồ sơ của: Nguyễn Thị Ánh Hồng" in text
    assert "Số 7 Đường Lê Thánh Tông, phường Ngô Quyền, Hải Phòng" in text
    assert "điện thoại 0912345678; thư điện tử anhhong@example.vn" in text
    assert "Đăng ký khai sinh (mã thủ tục 1.001193)" in text
    assert "3 ngày làm việc" in text
    assert "Thời gian nhận hồ sơ: 09 giờ 12 phút, ngày 24 tháng 11 năm 2026" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: ngày 27 tháng 11 năm 2026" in text
    assert "Nhận kết quả tại: Bộ phận tiếp nhận và trả kết quả, UBND phường Hồng Bàng" in text
    assert "Phí, lệ phí: không thu" in text
    assert pdf_reader(data).metadata.title == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"


def test_replaced_components_are_listed_apart_with_source_record_and_fetch_time(dossier):
    text = pdf_text(receipt_pdf(dossier=dossier))

    received = text.index("1. Thành phần hồ sơ đã nộp:")
    replaced = text.index("2. Thành phần hồ sơ được thay thế bằng dữ liệu điện tử, không phải nộp:")
    assert received < text.index("Giấy chứng sinh") < replaced
    replaced_part = text[replaced:]
    assert "Giấy xác nhận thông tin về cư trú" in replaced_part
    assert "Giấy xác nhận thông tin về cư trú" not in text[received:replaced]
    assert "Thay thế bằng dữ liệu điện tử từ CSDL quốc gia về dân cư, không phải nộp" in (
        replaced_part
    )
    assert "DC-031190004321" in replaced_part
    assert "24/11/2026 09:05" in replaced_part


def test_a_data_gap_is_noted_as_such_among_the_received_components(dossier):
    text = pdf_text(receipt_pdf(dossier=dossier))
    received = text[: text.index("2. Thành phần hồ sơ được thay thế")]

    assert "Giấy chứng nhận kết hôn của cha, mẹ" in received
    assert "Thiếu dữ liệu: CSDL hộ tịch điện tử không có dữ liệu này" in received
    assert "Không phải yêu cầu cung cấp lại." in received


def test_the_qr_code_leads_to_the_absolute_public_look_up(dossier, settings):
    settings.PORTAL_BASE_URL = "https://motcuaso.haiphong.gov.vn"
    dossier.lookup_key = "K7QM4TZR"
    dossier.save(update_fields=["lookup_key"])
    url = "https://motcuaso.haiphong.gov.vn/dossiers/lookup/?code=11311-261124-0001&key=K7QM-4TZR"

    data = receipt_pdf(dossier=dossier)

    assert qr_codes(data) == [url]
    assert url in pdf_text(data)
    assert f"/dossiers/{dossier.pk}/" not in pdf_text(data)  # no login page, no row number


def test_an_online_submission_is_signed_for_by_the_receiving_unit(dossier):
    text = pdf_text(receipt_pdf(dossier=dossier))

    assert "NGƯỜI NỘP HỒ SƠ" in text
    assert "Nộp trực tuyến, xác thực VNeID" in text
    assert "Tiếp nhận trực tuyến" in text


def test_a_received_dossier_names_the_receiving_official(dossier, commune_official):
    DossierEvent.objects.create(dossier=dossier, action="receive", from_status="submitted",
                                to_status="received", actor=commune_official)  # fmt: skip

    text = pdf_text(receipt_pdf(dossier=dossier))

    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert "Lê Thị Hoa" in text


def test_acting_for_a_child_names_the_subject_and_the_basis(procedure, applicant,
                                                            hong_bang_ward):  # fmt: skip
    dossier = _submitted(
        procedure=procedure, applicant=applicant, agency=hong_bang_ward,
        subject_personal_id="031226000777", acting_basis=ActingBasis.PARENT,
    )  # fmt: skip
    dossier.form_values["full_name"] = "Trần Minh Khôi"
    dossier.save(update_fields=["form_values"])

    text = pdf_text(receipt_pdf(dossier=dossier))

    assert "Tiếp nhận hồ sơ của: Nguyễn Thị Ánh Hồng" in text
    assert "Tư cách người nộp: Cha, mẹ thực hiện thủ tục cho con" in text
    assert "Người được thực hiện thủ tục: Trần Minh Khôi, số định danh cá nhân 031226000777" in (
        text
    )


def test_a_paid_fee_is_shown_with_its_payment(procedure, applicant, hong_bang_ward):
    dossier = _submitted(procedure=procedure, applicant=applicant, agency=hong_bang_ward,
                         fee_vnd=50000)  # fmt: skip
    PaymentFactory(dossier=dossier, status=PaymentStatus.PAID, order_id="MCS2611240001",
                   paid_at=SUBMITTED + datetime.timedelta(minutes=3))  # fmt: skip

    text = pdf_text(receipt_pdf(dossier=dossier))

    assert "Phí, lệ phí: 50.000 đồng, đã thanh toán trực tuyến lúc 24/11/2026 09:15" in text
    assert "nộp đủ phí" not in text  # paid with the submission: the time runs from it


def test_a_fee_paid_online_is_named_by_the_platform_transaction_then_the_order(
    procedure, applicant, hong_bang_ward
):
    dossier = _submitted(procedure=procedure, applicant=applicant, agency=hong_bang_ward,
                         fee_vnd=50000)  # fmt: skip
    PaymentFactory(dossier=dossier, status=PaymentStatus.PAID, order_id="MCS2611240001",
                   transaction_id="PG2611240000000A1",
                   paid_at=SUBMITTED + datetime.timedelta(minutes=3))  # fmt: skip

    text = " ".join(pdf_text(receipt_pdf(dossier=dossier)).split())

    # The number the tracking page and the payment platform show, then the portal's own.
    assert "(mã giao dịch PG2611240000000A1, mã đơn hàng MCS2611240001)" in text


def test_a_dossier_awaiting_its_fee_has_no_appointment_yet(procedure, applicant, hong_bang_ward):
    dossier = _submitted(procedure=procedure, applicant=applicant, agency=hong_bang_ward,
                         fee_vnd=50000, due_date=None,
                         status=DossierStatus.FINANCIAL_OBLIGATION)  # fmt: skip

    text = pdf_text(receipt_pdf(dossier=dossier))

    assert "hẹn sau khi phí, lệ phí được thanh toán" in text
    assert "50.000 đồng, chưa thanh toán" in text


def test_a_long_component_list_breaks_across_pages(procedure, applicant, hong_bang_ward):
    dossier = _submitted(procedure=procedure, applicant=applicant, agency=hong_bang_ward)
    for n in range(1, 41):
        component = DossierComponentFactory(
            procedure=procedure, position=n,
            name=f"Bản sao giấy tờ chứng minh số {n} của người yêu cầu đăng ký",
        )  # fmt: skip
        _evidence(dossier, component, ComponentEvidenceKind.UPLOAD)
    for n in range(41, 61):
        component = DossierComponentFactory(procedure=procedure, position=n,
                                            name=f"Giấy tờ thay thế số {n}")  # fmt: skip
        _evidence(dossier, component, ComponentEvidenceKind.DATA, source="population",
                  record_id=f"DC-{n}", fetched_at=FETCHED)  # fmt: skip

    pages = page_texts(receipt_pdf(dossier=dossier))

    assert len(pages) >= 3
    assert "Bản sao giấy tờ chứng minh số 1 " in pages[0]
    assert "Giấy tờ thay thế số 60" in " ".join(pages[1:])
    continued = [page for page in pages[1:] if "Bản sao giấy tờ chứng minh số 40 " in page]
    assert continued and "Tên giấy tờ" in continued[0]  # the heading row repeats
    assert "Tiếp nhận trực tuyến" in pages[-1]
    assert f"Trang {len(pages)}/{len(pages)}" in pages[-1]


def test_a_dossier_not_yet_submitted_has_no_receipt(procedure, applicant, hong_bang_ward):
    draft = DossierFactory(procedure=procedure, applicant=applicant, agency=hong_bang_ward)

    with pytest.raises(ReceiptUnavailable) as refused:
        receipt_pdf(dossier=draft)

    assert "chưa được nộp" in refused.value.message


def test_a_dossier_refused_at_reception_has_no_receipt_but_its_refusal_slip(
    dossier, commune_official
):
    dossier_refuse_at_reception(dossier=dossier, by=commune_official, reason="Sai thẩm quyền")

    with pytest.raises(ReceiptReplacedByRefusal) as refused:
        receipt_pdf(dossier=dossier)

    assert "từ chối tiếp nhận" in refused.value.message
    assert "refused at reception" in refused.value.message


def test_the_receipt_address_of_a_refused_dossier_leads_to_its_refusal_slip(
    client, dossier, commune_official
):
    receipt = reverse("dossiers:receipt", args=[dossier.pk])
    refusal = reverse("dossiers:slip-refusal", args=[dossier.pk])
    dossier_refuse_at_reception(dossier=dossier, by=commune_official, reason="Sai thẩm quyền")

    for user in (dossier.applicant, commune_official):
        client.force_login(user, backend=LOGIN)
        response = client.get(receipt)
        assert response.status_code == 302 and response["Location"] == refusal
        slip = client.get(response["Location"])
        assert slip.status_code == 200 and slip["Content-Type"] == "application/pdf"
        text = pdf_text(slip.content)
        assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "Sai thẩm quyền" in text
        assert "HẸN TRẢ KẾT QUẢ" not in text


def test_the_receipt_of_a_refused_dossier_is_not_found_for_whoever_may_not_see_it(
    client, dossier, commune_official, citizen, other_commune_official
):
    dossier_refuse_at_reception(dossier=dossier, by=commune_official, reason="Sai thẩm quyền")

    for stranger in (citizen, other_commune_official):
        client.force_login(stranger, backend=LOGIN)
        assert client.get(reverse("dossiers:receipt", args=[dossier.pk])).status_code == 404


def test_a_received_dossier_still_has_its_receipt_over_http(client, dossier, commune_official):
    DossierEvent.objects.create(dossier=dossier, action="receive", from_status="submitted",
                                to_status="received", actor=commune_official)  # fmt: skip
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.RECEIVED)
    client.force_login(dossier.applicant, backend=LOGIN)

    response = client.get(reverse("dossiers:receipt", args=[dossier.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in pdf_text(response.content)


def test_the_slip_is_the_same_apart_from_its_creation_date(dossier, monkeypatch):
    fixed = timezone.make_aware(datetime.datetime(2026, 11, 25, 8, 0))
    monkeypatch.setattr("portal.pdf.document.timezone.now", lambda: fixed)

    assert receipt_pdf(dossier=dossier) == receipt_pdf(dossier=dossier)


def test_the_slip_is_built_in_a_bounded_number_of_queries(
    dossier, procedure, django_assert_max_num_queries
):
    for n in range(10, 40):
        component = DossierComponentFactory(procedure=procedure, position=n)
        _upload(dossier, component, f"tep-{n}.pdf")
        _evidence(dossier, component, ComponentEvidenceKind.UPLOAD)

    # The dossier, its form's prefill, components, evidence, files, events,
    # the fee's payment: the same whatever the number of components.
    with django_assert_max_num_queries(10):
        receipt_pdf(dossier=dossier)


def test_a_dossier_taken_at_the_counter_is_signed_by_hand_on_both_sides(
    procedure, applicant, hong_bang_ward, commune_official
):
    dossier = _submitted(procedure=procedure, applicant=applicant, agency=hong_bang_ward)
    DossierEvent.objects.filter(dossier=dossier).update(actor=commune_official)

    text = pdf_text(receipt_pdf(dossier=dossier))

    assert "Số lượng hồ sơ: 01 bộ." in text
    assert "Nộp trực tuyến" not in text
    assert text.count("(Ký và ghi rõ họ tên)") == 2
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert "Lê Thị Hoa" in text


# A dossier sent back to be completed.

ASKED = datetime.datetime(2026, 11, 24, 3, 0, tzinfo=datetime.UTC)  # 10:00 the same day
COMPLETED = datetime.datetime(2026, 12, 1, 2, 45, tzinfo=datetime.UTC)  # Tuesday 09:45


class _Clock:
    """The portal's clock, set by the test: every record made meanwhile is stamped with it."""

    def __init__(self, monkeypatch, at: datetime.datetime) -> None:
        self.at = at
        monkeypatch.setattr("django.utils.timezone.now", lambda: self.at)


def _completed(dossier, official, clock, *, at):
    """The unit asks for the birth certificate; the applicant uploads it and sends it back."""
    birth = DossierComponent.objects.get(procedure=dossier.procedure, name="Giấy chứng sinh")
    clock.at = ASKED
    SupplementRequestFactory(dossier=dossier, requested_by=official, components=[birth],
                             reason="Giấy chứng sinh chưa rõ số")  # fmt: skip
    clock.at = at
    _upload(dossier, birth, "giay-chung-sinh-ban-ro.pdf")
    supplement_answer(dossier=dossier, by=dossier.applicant)
    dossier.refresh_from_db()
    return dossier


def test_completion_before_reception_is_when_the_dossier_counts_as_received(
    dossier, commune_official, monkeypatch
):
    clock = _Clock(monkeypatch, COMPLETED)

    _completed(dossier, commune_official, clock, at=COMPLETED)

    times = submission_times(dossier=dossier)
    assert times == SubmissionTimes(submitted_at=SUBMITTED, completed_at=COMPLETED)
    assert times.complete_at == COMPLETED
    assert times.counted_from == datetime.date(2026, 12, 1)
    assert dossier.status == DossierStatus.SUBMITTED
    # The due date the answer recounted runs from that same day.
    assert dossier.due_date == working_days_add(times.counted_from, 3) == datetime.date(2026, 12, 4)


def test_a_dossier_never_sent_back_counts_from_its_submission(dossier):
    times = submission_times(dossier=dossier)

    assert times == SubmissionTimes(submitted_at=SUBMITTED, completed_at=None)
    assert times.complete_at == SUBMITTED
    # 24/11 is Vietnam Culture Day, a holiday: the next working day counts.
    assert times.counted_from == datetime.date(2026, 11, 25)


def test_the_slip_of_a_dossier_completed_before_reception_gives_the_completion(
    dossier, commune_official, monkeypatch, client
):
    clock = _Clock(monkeypatch, COMPLETED)
    _completed(dossier, commune_official, clock, at=COMPLETED)

    text = pdf_text(receipt_pdf(dossier=dossier))

    assert "Thời gian nộp hồ sơ lần đầu: 09 giờ 12 phút, ngày 24 tháng 11 năm 2026" in text
    assert (
        "Thời gian nhận hồ sơ: 09 giờ 45 phút, ngày 01 tháng 12 năm 2026 (hồ sơ đã được bổ "
        "sung, hoàn thiện theo yêu cầu)"
    ) in text
    assert "Thời gian nhận hồ sơ: 09 giờ 12 phút" not in text
    assert "Thời hạn giải quyết tính từ ngày nhận hồ sơ đầy đủ: ngày 01 tháng 12 năm 2026" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: ngày 04 tháng 12 năm 2026" in text
    assert "Hồng Bàng, ngày 01 tháng 12 năm 2026" in text
    # The same date the applicant was told, and the same time the tracking page's history gives.
    notice = Notification.objects.filter(user=dossier.applicant).order_by("-id").first()
    assert "Ngày hẹn trả kết quả: 04/12/2026." in notice.body
    monkeypatch.undo()
    client.force_login(dossier.applicant, backend=LOGIN)
    page = client.get(f"/dossiers/{dossier.pk}/").content.decode()
    completion = page[page.index('data-action="resubmit_for_reception"') :]
    assert completion.split("·")[0].endswith("01/12/2026 09:45 ")
    assert 'data-testid="due-date">04/12/2026<' in page


def test_completed_after_the_cut_off_it_counts_from_the_next_working_day(
    dossier, commune_official, monkeypatch
):
    friday_evening = datetime.datetime(2026, 12, 4, 9, 30, tzinfo=datetime.UTC)  # 16:30
    clock = _Clock(monkeypatch, friday_evening)
    _completed(dossier, commune_official, clock, at=friday_evening)

    text = pdf_text(receipt_pdf(dossier=dossier))

    assert "Thời gian nhận hồ sơ: 16 giờ 30 phút, ngày 04 tháng 12 năm 2026" in text
    assert (
        "Thời hạn giải quyết tính từ ngày nhận hồ sơ đầy đủ: ngày 07 tháng 12 năm 2026 (hồ sơ "
        "nhận sau 15 giờ hoặc vào ngày nghỉ được tính vào ngày làm việc tiếp theo)"
    ) in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: ngày 10 tháng 12 năm 2026" in text


def test_a_supplement_answered_in_processing_keeps_the_reception_time(
    dossier, commune_official, monkeypatch
):
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.IN_PROCESSING)
    dossier.refresh_from_db()
    clock = _Clock(monkeypatch, COMPLETED)

    _completed(dossier, commune_official, clock, at=COMPLETED)

    text = pdf_text(receipt_pdf(dossier=dossier))
    assert dossier.status == DossierStatus.IN_PROCESSING
    assert submission_times(dossier=dossier).completed_at is None
    assert "Thời gian nhận hồ sơ: 09 giờ 12 phút, ngày 24 tháng 11 năm 2026" in text
    assert "lần đầu" not in text and "Thời hạn giải quyết tính từ" not in text
    assert "Hồng Bàng, ngày 24 tháng 11 năm 2026" in text


# A dossier whose fee was paid after submission.

PAID = datetime.datetime(2026, 11, 25, 3, 30, tzinfo=datetime.UTC)  # Wednesday 10:30


def _paid_later(procedure, applicant, agency, monkeypatch, *, at):
    """Submitted online on 24/11 with a fee to pay; the platform confirms the payment at `at`."""
    dossier = _submitted(procedure=procedure, applicant=applicant, agency=agency, fee_vnd=50000,
                         due_date=None, status=DossierStatus.FINANCIAL_OBLIGATION)  # fmt: skip
    DossierEvent.objects.filter(dossier=dossier).update(action="request_fee")
    _Clock(monkeypatch, at)
    PaymentFactory(dossier=dossier, status=PaymentStatus.PAID, order_id="MCS2611250001",
                   paid_at=at)  # fmt: skip
    dossier = dossier_fee_paid(dossier=dossier)
    monkeypatch.undo()
    return dossier


def test_a_fee_paid_later_is_when_the_processing_time_runs_from(
    procedure, applicant, hong_bang_ward, monkeypatch
):
    dossier = _paid_later(procedure, applicant, hong_bang_ward, monkeypatch, at=PAID)

    times = submission_times(dossier=dossier)
    assert times == SubmissionTimes(submitted_at=SUBMITTED, fee_paid_at=PAID)
    assert times.complete_at == SUBMITTED  # received as submitted: nothing was missing
    assert times.runs_from == PAID and times.counted_from == datetime.date(2026, 11, 25)
    # The due date the payment set runs from that same day.
    assert (
        dossier.due_date == working_days_add(times.counted_from, 3) == datetime.date(2026, 11, 30)
    )


def test_the_slip_of_a_fee_paid_later_says_the_time_runs_from_the_payment(
    procedure, applicant, hong_bang_ward, monkeypatch
):
    dossier = _paid_later(procedure, applicant, hong_bang_ward, monkeypatch, at=PAID)

    text = pdf_text(receipt_pdf(dossier=dossier))

    assert "Thời gian nhận hồ sơ: 09 giờ 12 phút, ngày 24 tháng 11 năm 2026" in text
    assert "Thời hạn giải quyết tính từ ngày nộp đủ phí, lệ phí: ngày 25 tháng 11 năm 2026" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: ngày 30 tháng 11 năm 2026" in text
    assert "Phí, lệ phí: 50.000 đồng, đã thanh toán trực tuyến lúc 25/11/2026 10:30" in text
    assert "nhận hồ sơ đầy đủ" not in text


def test_a_fee_paid_after_the_cut_off_counts_from_the_next_working_day(
    procedure, applicant, hong_bang_ward, monkeypatch
):
    friday_evening = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)  # 16:00
    dossier = _paid_later(procedure, applicant, hong_bang_ward, monkeypatch, at=friday_evening)

    text = pdf_text(receipt_pdf(dossier=dossier))

    assert (
        "Thời hạn giải quyết tính từ ngày nộp đủ phí, lệ phí: ngày 30 tháng 11 năm 2026 (nộp sau "
        "15 giờ hoặc vào ngày nghỉ được tính vào ngày làm việc tiếp theo)"
    ) in text
    assert dossier.due_date == datetime.date(2026, 12, 3)
    assert "Thời gian trả kết quả giải quyết hồ sơ: ngày 03 tháng 12 năm 2026" in text


def test_the_slip_of_a_fee_paid_later_reads_in_the_same_bounded_queries(
    procedure, applicant, hong_bang_ward, monkeypatch, django_assert_max_num_queries
):
    dossier = _paid_later(procedure, applicant, hong_bang_ward, monkeypatch, at=PAID)

    with django_assert_max_num_queries(10):
        receipt_pdf(dossier=dossier)
