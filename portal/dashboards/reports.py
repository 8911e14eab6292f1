"""Reports for leaders: the weekly report of a unit's tree (Hải Phòng's Plan
145/KH-UBND, every Thursday) and the monthly data-sharing report of a database
owner. Each is a snapshot of the figures of its period, kept with its PDF,
XLSX and CSV files; generating it again for the same period replaces it.
Beat's run makes each report once, however many times its task is delivered.

Weeks run from Thursday to Wednesday: the report sent on a Thursday covers the
seven days that ended the evening before. A week is named by its Thursday, and
any day of it selects it.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from datasources import registry
from datasources.models import CorrectionRequest, CorrectionStatus
from datasources.selectors import correction_aged_days, corrections_aged_since
from portal.accounts.models import Agency, AgencyKind, Role, User
from portal.audit.models import AccessLog, AccessOutcome
from portal.core.vietnamese import vietnamese_order
from portal.dashboards import index766
from portal.dashboards.figures import day_bounds
from portal.dashboards.models import COUNTERS
from portal.dashboards.reports_models import Report, ReportKind
from portal.dashboards.selectors import subtree_figures

WEEK_STARTS_ON = 3  # Thursday (Monday is 0)
# No report covers a time before the two-level local government (1 July 2025):
# the units reported on, and any dossier of theirs, did not exist before it.
REPORTS_BEGIN = datetime.date(2025, 7, 1)


class ReportError(Exception):
    """A report that cannot be made as asked: the message says why, bilingual."""


# --- Periods.


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The reporting week (Thursday to Wednesday) that contains `day`."""
    first = day - datetime.timedelta(days=(day.weekday() - WEEK_STARTS_ON) % 7)
    return first, first + datetime.timedelta(days=6)


def month_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def period_of(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    return week_of(day) if kind == ReportKind.WEEKLY else month_of(day)


def last_ended_period(kind: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last whole week or month before the one `today` is in: what beat reports on."""
    first, _last = period_of(kind, today)
    return period_of(kind, first - datetime.timedelta(days=1))


# --- Who a report is for.


def report_agencies(kind: str) -> list[Agency]:
    """The agencies beat makes a report of this kind for: every database owner
    monthly; weekly, every province and every unit with a leader of its own."""
    agencies = Agency.objects.order_by("path")
    if kind == ReportKind.MONTHLY_SHARING:
        return list(agencies.filter(kind=AgencyKind.DATABASE_OWNER))
    led = User.objects.filter(role=Role.LEADER, is_active=True).values("agency_id")
    return list(
        agencies.exclude(kind=AgencyKind.DATABASE_OWNER).filter(
            Q(kind=AgencyKind.PROVINCE_COMMITTEE, parent__isnull=True) | Q(pk__in=led)
        )
    )


def report_recipients(report: Report) -> list[User]:
    """The leaders of the report's unit; for a database owner, its staff too."""
    roles = [Role.LEADER]
    if report.kind == ReportKind.MONTHLY_SHARING:
        roles.append(Role.DATA_OWNER)
    return list(
        User.objects.filter(agency_id=report.agency_id, role__in=roles, is_active=True).order_by(
            "pk"
        )
    )


def kind_fits(kind: str, agency: Agency) -> bool:
    """A weekly report is of a unit's tree; a data-sharing report, of a database owner."""
    if kind == ReportKind.MONTHLY_SHARING:
        return agency.kind == AgencyKind.DATABASE_OWNER
    return kind == ReportKind.WEEKLY and agency.kind != AgencyKind.DATABASE_OWNER


# --- The figures of a report (its snapshot).


def _index_data(index: index766.Index | None) -> dict | None:
    if index is None:
        return None
    return {"groups": index.groups, "total": index.total, "class_key": index.class_key}


def weekly_data(*, unit: Agency, first: datetime.date, last: datetime.date) -> dict:
    """The unit's tree over the week: the unit (its subtree) then each unit
    under it, every figure, the Decision 766 index and the rank; and the unit's
    figures of the week before, to compare."""
    children = list(unit.children.order_by(vietnamese_order("name"), "id"))
    units = [unit, *children]
    totals = subtree_figures(units=units, first=first, last=last)
    week = datetime.timedelta(days=7)
    previous = subtree_figures(units=[unit], first=first - week, last=last - week)[unit.pk]
    indices = {u.pk: index766.index_766(totals[u.pk]) for u in units}
    ranks = {u.pk: rank for rank, u, _i in index766.ranking({c: indices[c.pk] for c in children})}
    rows = [
        {
            "code": u.code,
            "name": u.name,
            "total": u.pk == unit.pk,
            "figures": totals[u.pk],
            "index": _index_data(indices[u.pk]),
            "rank": ranks.get(u.pk),
        }
        for u in units
    ]
    return {"figures": list(COUNTERS), "rows": rows, "previous": previous}


def _p95(times: QuerySet) -> int | None:
    """Nearest-rank 95th percentile of the times, or None when there are none:
    the database sorts them and hands over that one value."""
    count = times.count()
    if not count:
        return None
    return times.order_by("elapsed_ms").values_list("elapsed_ms", flat=True)[
        math.ceil(0.95 * count) - 1
    ]


# Lookups that reached the source (cached, denied and refused ones did not).
SOURCE_ANSWERS = (AccessOutcome.OK, AccessOutcome.NOT_FOUND, AccessOutcome.FAILED)
OUTCOMES = tuple(AccessOutcome.values)


def _latencies(logs, codes: list[str]) -> dict[str, int | None]:
    """p95 of each source's answer times over the period; entries logged
    before the log recorded times have none and are left out."""
    answered = logs.filter(outcome__in=SOURCE_ANSWERS, elapsed_ms__isnull=False).order_by()
    return {code: _p95(answered.filter(source=code)) for code in codes}


def sharing_data(*, owner: Agency, first: datetime.date, last: datetime.date) -> dict:
    """Per source of the owner: lookups by outcome, failure rate (failed ÷
    answers the source gave or failed to give) and p95 time where logged; the
    correction requests received, answered, and open and aged at the period's end."""
    start, end = day_bounds(first, last)
    codes = [s.code for s in registry.all_sources() if s.owner_agency_code == owner.code]
    requests = CorrectionRequest.objects.filter(owner_agency=owner)
    codes += sorted(set(requests.values_list("source", flat=True).distinct()) - set(codes))
    logs = AccessLog.objects.filter(source__in=codes, created_at__gte=start, created_at__lt=end)
    outcomes = {code: dict.fromkeys(OUTCOMES, 0) for code in codes}
    for row in logs.order_by().values("source", "outcome").annotate(n=Count("id")):
        outcomes[row["source"]][row["outcome"]] = row["n"]
    latencies = _latencies(logs, codes)
    open_at_end = Q(opened_at__lt=end) & (Q(status=CorrectionStatus.OPEN) | Q(resolved_at__gte=end))
    resolved = Q(resolved_at__gte=start, resolved_at__lt=end)
    corrections = {
        row.pop("source"): row
        for row in requests.order_by()
        .values("source")
        .annotate(
            received=Count("id", filter=Q(opened_at__gte=start, opened_at__lt=end)),
            answered=Count("id", filter=resolved),
            accepted=Count("id", filter=resolved & Q(status=CorrectionStatus.ACCEPTED)),
            rejected=Count("id", filter=resolved & Q(status=CorrectionStatus.REJECTED)),
            open=Count("id", filter=open_at_end),
            aged=Count("id", filter=open_at_end & Q(opened_at__lt=corrections_aged_since(end))),
        )
    }
    empty = dict.fromkeys(("received", "answered", "accepted", "rejected", "open", "aged"), 0)
    sources = []
    for code in codes:
        counts = outcomes[code]
        answers = sum(counts[outcome] for outcome in SOURCE_ANSWERS)
        failure = counts[AccessOutcome.FAILED] / answers if answers else None
        sources.append({
            "code": code,
            # Vietnamese whatever the language of whoever asked: the snapshot is
            # printed in the report's files, which are Vietnamese.
            "name": registry.source_name(code, vietnamese=True),
            "lookups": sum(counts.values()),
            "outcomes": counts,
            "failure_rate": None if failure is None else round(failure, 4),
            "p95_ms": latencies[code],
            "corrections": empty | corrections.get(code, {}),
        })  # fmt: skip
    return {
        "sources": sources,
        "latency_logged": any(source["p95_ms"] is not None for source in sources),
        "aged_after_days": correction_aged_days(),
    }


# --- Generating, storing, sending.


@dataclass(frozen=True)
class ReportFiles:
    pdf: bytes
    xlsx: bytes
    csv: bytes


def report_file_stem(report: Report) -> str:
    if report.kind == ReportKind.WEEKLY:
        return f"bao-cao-tuan-{report.agency.code}-{report.period_start.isoformat()}"
    return f"bao-cao-chia-se-du-lieu-{report.agency.code}-{report.period_start:%Y-%m}"


def _build(report: Report) -> ReportFiles:
    from portal.dashboards.reports_files import report_csv, report_pdf, report_xlsx

    return ReportFiles(pdf=report_pdf(report), xlsx=report_xlsx(report), csv=report_csv(report))


def _row(*, kind: str, agency: Agency, first, fields: dict) -> tuple[Report, bool]:
    """The report's row, locked, and whether it was created now; two
    generations at once end with one row (the second waits for the first)."""
    try:
        with transaction.atomic():
            report, created = Report.objects.get_or_create(
                kind=kind, agency=agency, period_start=first, defaults=fields
            )
    except IntegrityError:  # created by another run at the same moment, now committed
        report, created = Report.objects.get(kind=kind, agency=agency, period_start=first), False
    report = Report.objects.select_for_update().select_related("agency").get(pk=report.pk)
    return report, created


def report_period(
    *, kind: str, agency: Agency, day: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The period of the report of `kind` for `agency` containing `day`.
    Raises ReportError for a kind that does not fit the agency, a period not
    begun, or one that ended before REPORTS_BEGIN."""
    if not kind_fits(kind, agency):
        raise ReportError(_(
            "Báo cáo tuần dành cho đơn vị hành chính; báo cáo chia sẻ dữ liệu dành cho cơ quan "
            "chủ quản cơ sở dữ liệu. A weekly report is of an administrative unit; a "
            "data-sharing report, of a database-owner agency."
        ))  # fmt: skip
    first, last = period_of(kind, day)
    if last < REPORTS_BEGIN:
        raise ReportError(_(
            "Kỳ báo cáo phải từ ngày %(day)s trở về sau, khi chính quyền địa phương hai cấp bắt "
            "đầu. A reporting period must end on or after %(day)s, when the two-level local "
            "government began."
        ) % {"day": REPORTS_BEGIN.strftime("%d/%m/%Y")})  # fmt: skip
    if first > timezone.localdate():
        raise ReportError(_(
            "Kỳ báo cáo này chưa bắt đầu. This reporting period has not begun."
        ))  # fmt: skip
    return first, last


def report_generate(*, kind: str, agency: Agency, day: datetime.date, send: bool = True) -> Report:
    """Make (or make again) the report of `kind` for `agency` over the period
    containing `day`: its snapshot and files replace any earlier ones, and its
    leaders are notified and sent the files once it is stored. Raises
    ReportError (see report_period)."""
    report = _generate(kind=kind, agency=agency, day=day, send=send, once=False, replacing=None)
    assert report is not None  # made whatever is stored
    return report


def report_generate_once(
    *,
    kind: str,
    agency: Agency,
    day: datetime.date,
    replacing: datetime.datetime | None = None,
) -> Report | None:
    """Make the report of `kind` for `agency` over the period containing `day`
    and notify its leaders, unless it was made already: as a task delivered
    twice, or two at once, make it once. With `replacing`, the generation of
    the stored report someone asked to make again: replaced, unless another
    replaced it meanwhile. None when nothing was done. Raises ReportError."""
    return _generate(kind=kind, agency=agency, day=day, send=True, once=True, replacing=replacing)


def _made_already(
    generated_at: datetime.datetime | None, *, once: bool, replacing: datetime.datetime | None
) -> bool:
    """Whether the stored report (made at `generated_at`, None if there is none)
    is already the one asked for, to be left as it is."""
    return once and generated_at is not None and generated_at != replacing


def _generate(
    *, kind: str, agency: Agency, day: datetime.date, send: bool, once: bool,
    replacing: datetime.datetime | None,
) -> Report | None:  # fmt: skip
    first, last = report_period(kind=kind, agency=agency, day=day)
    stored = Report.objects.filter(kind=kind, agency=agency, period_start=first)
    made_at = stored.values_list("generated_at", flat=True).first()
    if _made_already(made_at, once=once, replacing=replacing):
        return None  # saves counting the figures; decided for good under the row's lock below
    if kind == ReportKind.WEEKLY:
        data = weekly_data(unit=agency, first=first, last=last)
    else:
        data = sharing_data(owner=agency, first=first, last=last)
    data |= {"agency": {"code": agency.code, "name": agency.name,
                        "parent": agency.parent.name if agency.parent_id else ""}}  # fmt: skip
    fields = {"period_end": last, "generated_at": timezone.now(), "data": data}
    with transaction.atomic():
        report, created = _row(kind=kind, agency=agency, first=first, fields=fields)
        if not created and _made_already(report.generated_at, once=once, replacing=replacing):
            return None
        for name, value in fields.items():
            setattr(report, name, value)
        old = [f.name for f in (report.pdf_file, report.xlsx_file, report.csv_file) if f]
        with translation.override("vi"):
            files = _build(report)
        stem = report_file_stem(report)
        report.pdf_file.save(f"{stem}.pdf", ContentFile(files.pdf), save=False)
        report.xlsx_file.save(f"{stem}.xlsx", ContentFile(files.xlsx), save=False)
        report.csv_file.save(f"{stem}.csv", ContentFile(files.csv), save=False)
        report.save()
        # The files replaced go once the new ones are committed.
        transaction.on_commit(lambda: _files_delete(old))
        if send:
            from portal.dashboards.reports_notices import report_notify

            report_notify(report)
    return report


def _files_delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def report_title(report: Report) -> str:
    """The report's name in Vietnamese, as its documents give it (its notice
    adds the English: reports_notices)."""
    agency = report.agency.name
    if report.kind == ReportKind.WEEKLY:
        return (
            f"Báo cáo tuần từ {report.period_start:%d/%m/%Y} đến {report.period_end:%d/%m/%Y}"
            f" – {agency}"
        )
    return f"Báo cáo chia sẻ dữ liệu tháng {report.period_start:%m/%Y} – {agency}"


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def report_file(report: Report, fmt: str):
    """The stored file of the report in a format ("pdf", "xlsx", "csv")."""
    return {"pdf": report.pdf_file, "xlsx": report.xlsx_file, "csv": report.csv_file}[fmt]
