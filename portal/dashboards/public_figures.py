"""The figures the public may see: per unit of a province over a period,
counts and rates only. Nothing here names a person, a dossier or a complaint;
the transparency page and the public API read these rows and nothing else."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet, Sum
from django.utils.formats import number_format

from portal.accounts.models import Agency, AgencyKind
from portal.core.vietnamese import vietnamese_order
from portal.dashboards import index766
from portal.dashboards.models import UnitDayFigures
from portal.dashboards.periods import Period
from portal.dashboards.selectors import subtree_figures


def public_provinces() -> QuerySet[Agency]:
    """The provinces whose figures are published: the roots of the agency tree."""
    return Agency.objects.filter(parent__isnull=True, kind=AgencyKind.PROVINCE_COMMITTEE).order_by(
        vietnamese_order("name"), "id"
    )


def public_province(code: str | None, *, period: Period) -> Agency | None:
    """The province of that code; without one, the province that received the
    most dossiers in the period (a first visitor sees figures, not a page of
    zeros), or the first by name when none received any."""
    provinces = public_provinces()
    if code:
        return provinces.filter(code=code).first()
    busiest = _busiest_province_code(period)
    return (busiest and provinces.filter(code=busiest).first()) or provinces.first()


def _busiest_province_code(period: Period) -> str | None:
    received = (
        UnitDayFigures.objects.filter(day__gte=period.first, day__lte=period.last,
                                      dossiers_received__gt=0)
        .order_by()
        .values_list("agency__path")
        .annotate(count=Sum("dossiers_received"))
    )  # fmt: skip
    by_province: Counter[str] = Counter()
    for path, count in received:
        by_province[path.split("/", 1)[0]] += count  # a root's path is its code
    return by_province.most_common(1)[0][0] if by_province else None


def _rate(part: int, whole: int) -> float | None:
    """part ÷ whole rounded to 4 decimals, or None when there is nothing to count."""
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class PublicUnitFigures:
    code: str
    name: str
    total: bool  # the province: the sum over its units
    received: int
    on_time_rate: float | None  # of dossiers resolved in the period
    online_share: float | None  # of dossiers received
    paperless_rate: float | None  # of dossiers with components replaced by data
    reprovide_refused: int
    complaints_substantiated: int
    index: index766.Index | None

    # Percentages as the page shows them ("—" when there is nothing to count).
    @property
    def quiet(self) -> bool:
        """A unit with nothing in the period: named apart, not a row of zeros."""
        return (
            not self.total
            and self.index is None
            and not (self.received or self.reprovide_refused or self.complaints_substantiated)
        )

    @property
    def on_time_percent(self) -> str:
        return _percent(self.on_time_rate)

    @property
    def online_percent(self) -> str:
        return _percent(self.online_share)

    @property
    def paperless_percent(self) -> str:
        return _percent(self.paperless_rate)


def _percent(rate: float | None) -> str:
    # In the page's language, as the index next to it: 93,3 % in Vietnamese, 93.3 % in English;
    # a narrow no-break space before the sign, so that a rate is never split across lines.
    return "—" if rate is None else f"{number_format(rate * 100, decimal_pos=1)}\u202f%"


def public_figures(*, province: Agency, period: Period) -> list[PublicUnitFigures]:
    """The province (its subtree's sum) then each unit directly under it, by name.
    One query over the pre-aggregated figures."""
    units = [province, *province.children.order_by(vietnamese_order("name"), "id")]
    totals = subtree_figures(units=units, first=period.first, last=period.last)
    rows = []
    for unit in units:
        f = totals[unit.pk]
        decided = f["dossiers_on_time"] + f["dossiers_overdue"]
        rows.append(PublicUnitFigures(
            code=unit.code, name=unit.name, total=unit is province,
            received=f["dossiers_received"],
            on_time_rate=_rate(f["dossiers_on_time"], decided),
            online_share=_rate(f["dossiers_online"], f["dossiers_received"]),
            paperless_rate=_rate(f["dossiers_paperless"], f["dossiers_with_replacements"]),
            reprovide_refused=f["reprovide_refused"],
            complaints_substantiated=f["complaints_substantiated"],
            index=index766.index_766(f),
        ))  # fmt: skip
    return rows
