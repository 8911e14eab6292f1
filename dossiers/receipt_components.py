"""The components on the receipt and appointment slip (dossiers/receipts.py):
those received, and apart those replaced by electronic data, each with its
source, record and fetch time, so that the applicant holds in writing that
they were not asked for them (the once-only principle). A data gap (the
source held nothing for this person, so the applicant uploaded the paper) is
noted as such, never as a re-request."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from datasources.registry import source_name
from dossiers.models import Attachment, ComponentEvidence, ComponentEvidenceKind, Dossier
from portal.pdf import Column, Document, short_datetime
from procedures.models import DossierComponent


@dataclass(frozen=True)
class ReceiptComponent:
    """One component of the dossier, as the slip shows it."""

    name: str
    evidence: ComponentEvidence | None
    files: int
    e_form: bool


def receipt_components(dossier: Dossier) -> list[ReceiptComponent]:
    """The procedure's components in order, each with its evidence, its files
    and whether the dossier's e-form stands for it."""
    evidence = {
        row.component_id: row for row in ComponentEvidence.objects.filter(dossier_id=dossier.pk)
    }
    files = Counter(
        Attachment.objects.filter(dossier_id=dossier.pk).values_list("component_id", flat=True)
    )
    form_code = dossier.form.code if dossier.form_id else None
    components = (
        DossierComponent.objects.filter(procedure_id=dossier.procedure_id)
        .select_related("form")
        .order_by("position", "id")
    )
    return [
        ReceiptComponent(
            name=component.name,
            evidence=evidence.get(component.pk),
            files=files[component.pk],
            e_form=bool(form_code and component.form_id and component.form.code == form_code),
        )
        for component in components
    ]


def received_section(
    doc: Document, components: list[ReceiptComponent], *, online: bool, numbers: Iterator[int]
) -> None:
    """The components handed in (online when `online`), those that did not apply."""
    doc.section(f"{next(numbers)}. Thành phần hồ sơ đã nộp:")
    rows = []
    for component in components:
        evidence = component.evidence
        kind = evidence.kind if evidence else ""
        if component.e_form:
            rows.append([component.name, "Tờ khai điện tử, điền trực tuyến", ""])
        elif kind == ComponentEvidenceKind.DATA_GAP:
            source = source_name(evidence.source, vietnamese=True)
            rows.append([
                component.name, _files(component.files),
                f"Thiếu dữ liệu: {source} không có dữ liệu này; "
                "người nộp tải lên. Không phải yêu cầu cung cấp lại.",
            ])  # fmt: skip
        elif kind == ComponentEvidenceKind.UPLOAD and not component.files:
            rows.append([component.name, "Bản giấy", evidence.note])  # seen at the counter
        elif kind == ComponentEvidenceKind.UPLOAD or (not evidence and component.files):
            rows.append([component.name, _files(component.files), ""])
    if rows:
        doc.table(
            [Column("TT", 9, align="C"), Column("Tên giấy tờ"), Column("Hình thức", 32),
             Column("Ghi chú", 56)],
            [[str(number), *row] for number, row in enumerate(rows, start=1)],
        )  # fmt: skip
    else:
        doc.paragraph("Không có giấy tờ phải nộp: mọi thành phần đã được thay thế bằng dữ liệu.")
    left_out = [
        component.name for component in components
        if component.evidence and component.evidence.kind == ComponentEvidenceKind.NOT_APPLICABLE
    ]  # fmt: skip
    if left_out:
        doc.note("Không áp dụng cho hồ sơ này (điều kiện không phát sinh): " + "; ".join(left_out))
    doc.paragraph(
        "Số lượng hồ sơ: 01 bộ hồ sơ điện tử." if online
        else "Số lượng hồ sơ: 01 bộ."
    )  # fmt: skip


def replaced_section(
    doc: Document, components: list[ReceiptComponent], *, numbers: Iterator[int]
) -> None:
    """The components replaced by electronic data, if any (no section, no number, else)."""
    replaced = [
        component for component in components
        if component.evidence and component.evidence.kind == ComponentEvidenceKind.DATA
    ]  # fmt: skip
    if not replaced:
        return
    doc.section(
        f"{next(numbers)}. Thành phần hồ sơ được thay thế bằng dữ liệu điện tử, không phải nộp:"
    )
    rows = []
    for number, component in enumerate(replaced, start=1):
        evidence = component.evidence
        source = source_name(evidence.source, vietnamese=True)
        if evidence.record_id and evidence.fetched_at:
            provenance = (
                f"Bản ghi {evidence.record_id}\nkhai thác lúc {short_datetime(evidence.fetched_at)}"
            )
        else:
            provenance = "Nguồn chưa trả lời khi nộp; cán bộ xác minh trực tiếp từ nguồn."
        rows.append([
            str(number), component.name,
            f"Thay thế bằng dữ liệu điện tử từ {source}, không phải nộp", provenance,
        ])  # fmt: skip
    doc.table(
        [Column("TT", 9, align="C"), Column("Tên giấy tờ"), Column("Thay thế bằng", 50),
         Column("Bản ghi, thời điểm khai thác", 50)],
        rows,
    )  # fmt: skip
    doc.note(
        "Cơ quan tiếp nhận đã khai thác các thông tin trên từ cơ sở dữ liệu; người nộp không "
        "phải cung cấp lại (Nghị quyết 66.7/2025/NQ-CP). Nếu bị yêu cầu nộp lại các giấy tờ "
        "này, người nộp có quyền phản ánh, kiến nghị trên Cổng."
    )


def _files(count: int) -> str:
    return f"Bản điện tử, {count:02d} tệp" if count else "Bản điện tử"
