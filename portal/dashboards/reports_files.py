"""A report's files, made from its snapshot only (Report.data): a PDF in the
layout of administrative documents, an XLSX workbook and a CSV (UTF-8 with a
byte-order mark, so that spreadsheet programs read the Vietnamese letters).
Documents are Vietnamese: they are made under translation.override("vi")."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.text import capfirst
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.dashboards import index766
from portal.dashboards.models import UnitDayFigures
from portal.dashboards.reports_models import Report, ReportKind
from portal.pdf import Column, Document, Issuer, Signature, place_and_date, place_name
from portal.pdf.text import short_datetime

# What the weekly PDF shows per unit (the workbook and CSV carry every figure).
WEEKLY_PDF_FIGURES = (
    "dossiers_received", "dossiers_online", "dossiers_paperless", "dossiers_on_time",
    "dossiers_overdue", "reprovide_refused", "complaints_received",
)  # fmt: skip
OUTCOME_LABELS = {
    "ok": "Trả kết quả",
    "cached": "Từ bộ nhớ đệm",
    "not_found": "Không có bản ghi",
    "denied": "Bị từ chối quyền",
    "refused": "Yêu cầu sai",
    "failed": "Nguồn lỗi",
}
CORRECTION_LABELS = {
    "received": "YCĐC nhận trong kỳ",
    "answered": "YCĐC đã trả lời",
    "accepted": "Đã điều chỉnh",
    "rejected": "Từ chối",
    "open": "Còn mở cuối kỳ",
    "aged": "Mở quá hạn",
}


def figure_label(name: str) -> str:
    return capfirst(str(UnitDayFigures._meta.get_field(name).verbose_name))


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def _period(report: Report) -> str:
    return f"từ {report.period_start:%d/%m/%Y} đến {report.period_end:%d/%m/%Y}"


# --- Tables: the same rows feed the workbook and the CSV.


def weekly_table(report: Report) -> tuple[list[str], list[list]]:
    data = report.data
    names = data["figures"]
    heads = ["Mã đơn vị", "Đơn vị", *(figure_label(name) for name in names),
             "Chỉ số 766 (điểm)", "Xếp loại", "Thứ hạng"]  # fmt: skip
    rows = []
    for row in data["rows"]:
        index = row["index"]
        name = f"{row['name']} (toàn địa bàn)" if row["total"] else row["name"]
        rows.append([
            row["code"], name, *(row["figures"][n] for n in names),
            index["total"] if index else "", _class_label(index), row["rank"] or "",
        ])  # fmt: skip
    return heads, rows


def _class_label(index: dict | None) -> str:
    return index766.classify(index["total"])[1] if index else "Chưa xếp loại"


def _correction_heads(data: dict) -> list[str]:
    """The correction columns' heads, the overdue one with the threshold the
    snapshot was counted by."""
    days = data.get("aged_after_days")
    return [f"{label} (quá {days} ngày)" if key == "aged" and days else label
            for key, label in CORRECTION_LABELS.items()]  # fmt: skip


def sharing_table(report: Report) -> tuple[list[str], list[list]]:
    heads = ["Mã nguồn", "Nguồn dữ liệu", "Lượt khai thác", *OUTCOME_LABELS.values(),
             "Tỷ lệ lỗi", "Thời gian p95 (ms)", *_correction_heads(report.data)]  # fmt: skip
    rows = []
    for source in report.data["sources"]:
        rate = source["failure_rate"]
        rows.append([
            source["code"], source["name"], source["lookups"],
            *(source["outcomes"].get(key, 0) for key in OUTCOME_LABELS),
            "" if rate is None else rate, "" if source["p95_ms"] is None else source["p95_ms"],
            *(source["corrections"][key] for key in CORRECTION_LABELS),
        ])  # fmt: skip
    return heads, rows


def report_table(report: Report) -> tuple[list[str], list[list]]:
    return weekly_table(report) if report.kind == ReportKind.WEEKLY else sharing_table(report)


def report_csv(report: Report) -> bytes:
    heads, rows = report_table(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(heads)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def report_xlsx(report: Report) -> bytes:
    from portal.dashboards.reports import report_title

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    sheet.append([report_title(report)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"Kỳ báo cáo: {_period(report)}; lập lúc {short_datetime(report.generated_at)}"])
    sheet.append([])
    heads, rows = report_table(report)
    sheet.append(heads)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "C5"
    for column in range(1, len(heads) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 40 if column == 2 else 16
    if report.kind == ReportKind.WEEKLY:
        groups = workbook.create_sheet("Chỉ số 766")
        groups.append(["Đơn vị", *(f"{g.label} ({g.points})" for g in index766.GROUPS),
                       "Tổng (100)", "Xếp loại"])  # fmt: skip
        for row in report.data["rows"]:
            index = row["index"]
            points = [index["groups"][g.key] for g in index766.GROUPS] if index else []
            groups.append([row["name"], *points, index["total"] if index else "",
                           _class_label(index)])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The PDF.


def report_pdf(report: Report) -> bytes:
    from portal.dashboards.reports import report_title

    agency = report.data["agency"]
    title = report_title(report)
    doc = Document(
        title=title, author=agency["name"], subject=title,
        keywords=(agency["code"], report.period_start.isoformat()),
        footer=f"{agency['name']} · {_period(report)}",
        created_at=report.generated_at,
    )  # fmt: skip
    doc.heading(
        issuer=Issuer(parent=agency["parent"], name=agency["name"]),
        place_date=place_and_date(
            place_name(agency["name"], agency["parent"]), timezone.localdate(report.generated_at)
        ),
    )
    if report.kind == ReportKind.WEEKLY:
        doc.title("Báo cáo tuần", subtitle=f"Kết quả giải quyết thủ tục hành chính và tái sử "
                  f"dụng dữ liệu, {_period(report)}")  # fmt: skip
        _weekly_body(doc, report)
    else:
        doc.title("Báo cáo chia sẻ dữ liệu", subtitle=f"Tháng {report.period_start:%m/%Y} "
                  f"({_period(report)})")  # fmt: skip
        _sharing_body(doc, report)
    doc.note(f"Số liệu lập lúc {short_datetime(report.generated_at)} từ dữ liệu của Cổng Một "
             "cửa số; kèm tệp XLSX và CSV đầy đủ các chỉ tiêu.")  # fmt: skip
    doc.signatures([Signature("Người lập báo cáo", note="", lines=("Cổng Một cửa số",), space=4)])
    return doc.output()


def _weekly_body(doc: Document, report: Report) -> None:
    data = report.data
    unit = data["rows"][0]
    doc.section("1. Tổng hợp toàn địa bàn, so với tuần trước")
    doc.table(
        [Column("Chỉ tiêu"), Column("Tuần này", 26, "R"), Column("Tuần trước", 26, "R")],
        [[figure_label(n), str(unit["figures"][n]), str(data["previous"][n])]
         for n in data["figures"]],
    )  # fmt: skip
    doc.section("2. Chỉ số phục vụ theo Quyết định 766/QĐ-TTg")
    index = unit["index"]
    doc.field("Toàn địa bàn", f"{_points(index['total'])}/100 – {_class_label(index)}"
              if index else "Chưa xếp loại (không có hồ sơ trong kỳ)")  # fmt: skip
    children = sorted(data["rows"][1:], key=lambda r: (r["rank"] is None, r["rank"] or 0))
    if children:
        doc.table(
            [Column("Hạng", 14, "C"), Column("Đơn vị"), Column("Điểm", 20, "R"),
             Column("Xếp loại", 28)],
            [[str(r["rank"] or "—"), r["name"], _points(r["index"] and r["index"]["total"]),
              _class_label(r["index"])] for r in children],
        )  # fmt: skip
    doc.section("3. Số liệu theo đơn vị")
    doc.table(
        [Column("Đơn vị", 36), *(Column(figure_label(n), 0, "R") for n in WEEKLY_PDF_FIGURES)],
        [[r["name"] + (" (toàn địa bàn)" if r["total"] else ""),
          *(str(r["figures"][n]) for n in WEEKLY_PDF_FIGURES)] for r in data["rows"]],
    )  # fmt: skip


def _sharing_body(doc: Document, report: Report) -> None:
    data = report.data
    doc.section("1. Khai thác dữ liệu theo nguồn")
    doc.table(
        [Column("Nguồn dữ liệu"), Column("Lượt", 16, "R"), Column("Trả kết quả", 20, "R"),
         Column("Nguồn lỗi", 18, "R"), Column("Tỷ lệ lỗi", 18, "R"),
         Column("p95 (ms)", 18, "R")],
        [[s["name"], str(s["lookups"]), str(s["outcomes"]["ok"] + s["outcomes"]["cached"]),
          str(s["outcomes"]["failed"]), _percent(s["failure_rate"]),
          "—" if s["p95_ms"] is None else str(s["p95_ms"])] for s in data["sources"]],
    )  # fmt: skip
    latency = (
        "Thời gian p95: 95% lượt nguồn trả lời không quá số mili giây này."
        if data["latency_logged"]
        else "Nhật ký khai thác chưa ghi thời gian trả lời nên chưa tính được thời gian p95."
    )
    doc.note(
        "Tỷ lệ lỗi = lượt nguồn lỗi ÷ lượt đã gửi đến nguồn (trả kết quả, không có bản ghi, "
        f"nguồn lỗi); lượt từ bộ nhớ đệm, bị từ chối hoặc sai yêu cầu không tính. {latency}"
    )
    doc.section("2. Yêu cầu điều chỉnh dữ liệu")
    doc.table(
        [Column("Nguồn dữ liệu"),
         *(Column(label, 19, "R") for label in CORRECTION_LABELS.values())],
        [[s["name"], *(str(s["corrections"][key]) for key in CORRECTION_LABELS)]
         for s in data["sources"]],
    )  # fmt: skip
    doc.note(f"Mở quá hạn: còn mở cuối kỳ và đã mở quá {data['aged_after_days']} ngày.")
