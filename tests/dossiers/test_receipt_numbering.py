"""The receipt's sections are numbered in the order they appear: without
components replaced by data there is no section 2 to skip."""

import datetime

from dossiers.models import ComponentEvidence, ComponentEvidenceKind, DossierEvent, DossierStatus
from dossiers.receipts import receipt_pdf
from tests.dossiers.factories import DossierFactory
from tests.pdf.reading import pdf_text
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory

SUBMITTED = datetime.datetime(2026, 11, 24, 2, 12, tzinfo=datetime.UTC)


def _submitted_dossier(agency):
    procedure = ProcedureFactory(name="Đăng ký khai sinh", processing_days=3)
    dossier = DossierFactory(
        procedure=procedure, agency=agency, code=f"{agency.code}-261124-0007",
        status=DossierStatus.SUBMITTED, submitted_at=SUBMITTED,
        due_date=datetime.date(2026, 11, 27),
    )  # fmt: skip
    DossierEvent.objects.create(dossier=dossier, action="submit", from_status="draft",
                                to_status=dossier.status, actor=dossier.applicant)  # fmt: skip
    return dossier


def _component(dossier, kind, **values):
    component = DossierComponentFactory(procedure=dossier.procedure)
    ComponentEvidence.objects.create(dossier=dossier, component=component, kind=kind, **values)


def test_without_replaced_components_the_appointment_is_section_two(hong_bang_ward):
    dossier = _submitted_dossier(hong_bang_ward)
    _component(dossier, ComponentEvidenceKind.UPLOAD, note="Bản chính")

    text = pdf_text(receipt_pdf(dossier=dossier))

    assert "1. Thành phần hồ sơ đã nộp:" in text
    assert "2. Thời gian và nơi trả kết quả:" in text
    assert "3. Thời gian" not in text
    assert "được thay thế bằng dữ liệu điện tử, không phải nộp:" not in text


def test_with_replaced_components_the_sections_run_one_two_three(hong_bang_ward):
    dossier = _submitted_dossier(hong_bang_ward)
    _component(dossier, ComponentEvidenceKind.UPLOAD, note="Bản chính")
    _component(dossier, ComponentEvidenceKind.DATA, source="population",
               record_id="DC-031190004321", fetched_at=SUBMITTED)  # fmt: skip

    text = pdf_text(receipt_pdf(dossier=dossier))

    assert (
        text.index("1. Thành phần hồ sơ đã nộp:")
        < text.index("2. Thành phần hồ sơ được thay thế bằng dữ liệu điện tử, không phải nộp:")
        < text.index("3. Thời gian và nơi trả kết quả:")
    )
