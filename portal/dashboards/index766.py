"""The Decision 766/QĐ-TTg service index (Bộ chỉ số phục vụ người dân, doanh
nghiệp) of a unit over a period, from its aggregated figures.

Pure functions over a mapping of counters (UnitDayFigures summed over the
unit's subtree and the period): no query, no clock. Six groups, 100 points.
Each group is points × a rate in [0, 1]; a rate with nothing to count (no
complaint concluded, no fee paid) scores in full: there is nothing to fault.
Where the portal does not hold what Decision 766 measures, the proxy used is
said in the group's docstring, on the page and in docs/decision-766.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

Figures = Mapping[str, int]


def _rate(part: int, whole: int) -> float:
    """part ÷ whole clamped to [0, 1]; 1 when there is nothing to count."""
    if whole <= 0:
        return 1.0
    return min(max(part / whole, 0.0), 1.0)


def publicity(f: Figures) -> float:
    """Publicity and transparency, 18 points.

    12 × 1 (every dossier on the portal has its code, receipt and status
    history published to its applicant and kept in the national status codes;
    the portal does not hold the timeliness of the catalog's publication in
    the national database, so this part is granted)
    + 6 × complaint answers published ÷ complaints concluded."""
    return 12 + 6 * _rate(f["complaints_disclosed"], f["complaints_concluded"])


def progress(f: Figures) -> float:
    """Progress of resolution, 20 points.

    20 × dossiers decided on time ÷ dossiers decided (on time + late; a dossier
    that needed an apology slip is late)."""
    decided = f["dossiers_on_time"] + f["dossiers_overdue"]
    return 20 * _rate(f["dossiers_on_time"], decided)


def online_service(f: Figures) -> float:
    """Online public service, 12 points.

    12 × dossiers submitted online ÷ dossiers received."""
    return 12 * _rate(f["dossiers_online"], f["dossiers_received"])


def online_payment(f: Figures) -> float:
    """Online payment, 10 points.

    10 × fees paid online ÷ fees paid (online, in cash or by card at the desk)."""
    return 10 * _rate(f["payments_online"], f["payments_paid"])


def satisfaction(f: Figures) -> float:
    """Satisfaction, 18 points, three parts of 6.

    6 × satisfied applicants (4 or 5 of 5) ÷ applicants' ratings of dossiers
    + 6 × complaints concluded on time ÷ complaints concluded
    + 6 × satisfied ratings of complaint handling (3 stars or more) ÷ those ratings."""
    applicants = _rate(f["dossier_ratings_satisfied"], f["dossier_ratings_count"])
    on_time = _rate(f["complaints_concluded_on_time"], f["complaints_concluded"])
    rated = _rate(f["ratings_satisfied"], f["ratings_count"])
    return 6 * applicants + 6 * on_time + 6 * rated


def digitization(f: Figures) -> float:
    """Digitization of dossiers and results, 22 points.

    11 × electronic results issued ÷ dossiers resolved with a result
    + 11 × paperless dossiers ÷ dossiers with components replaced by data
    (reuse of data: every replaced component satisfied by data, no data gap).
    Every dossier on the portal is electronic from submission, so Decision
    766's rate of dossiers digitised at reception is folded into these two."""
    results = _rate(f["results_digitised"], f["dossiers_approved"])
    reuse = _rate(f["dossiers_paperless"], f["dossiers_with_replacements"])
    return 11 * results + 11 * reuse


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    points: int
    score: Callable[[Figures], float]
    formula: str  # as the page shows it, the same as the function's docstring


GROUPS: tuple[Group, ...] = (
    Group("publicity", _("Publicity and transparency"), 18, publicity, _(
        "12 (granted: every dossier's progress is published to its applicant) + 6 × complaint "
        "answers published ÷ complaints concluded"
    )),
    Group("progress", _("Progress of resolution"), 20, progress, _(
        "20 × dossiers resolved on time ÷ dossiers resolved (on time + late; an apology slip "
        "makes a dossier late)"
    )),
    Group("online_service", _("Online public service"), 12, online_service, _(
        "12 × dossiers submitted online ÷ dossiers received"
    )),
    Group("online_payment", _("Online payment"), 10, online_payment, _(
        "10 × fees paid online ÷ fees paid"
    )),
    Group("satisfaction", _("Satisfaction"), 18, satisfaction, _(
        "6 × satisfied applicants (4 or 5 of 5) ÷ applicants' ratings of dossiers + 6 × "
        "complaints concluded on time ÷ complaints concluded + 6 × satisfied ratings of "
        "complaint handling (3 stars or more) ÷ those ratings"
    )),
    Group("digitization", _("Digitization of dossiers and results"), 22, digitization, _(
        "11 × electronic results issued ÷ dossiers resolved with a result + 11 × paperless "
        "dossiers ÷ dossiers with components replaced by data"
    )),
)  # fmt: skip
assert sum(group.points for group in GROUPS) == 100

# Classification (xếp loại): the lowest total of each class, best first.
CLASSES: tuple[tuple[float, str, str], ...] = (
    (90, "excellent", pgettext_lazy("Decision 766 class", "Excellent")),
    (80, "good", pgettext_lazy("Decision 766 class", "Good")),
    (70, "fair", pgettext_lazy("Decision 766 class", "Fair")),
    (50, "average", pgettext_lazy("Decision 766 class", "Average")),
    (0, "weak", pgettext_lazy("Decision 766 class", "Weak")),
)


def classify(total: float) -> tuple[str, str]:
    """(key, label) of the class of a total out of 100: Xuất sắc ≥ 90, Tốt
    80–<90, Khá 70–<80, Trung bình 50–<70, Yếu < 50."""
    for lowest, key, label in CLASSES:
        if total >= lowest:
            return key, str(label)
    return CLASSES[-1][1], str(CLASSES[-1][2])


@dataclass(frozen=True)
class Index:
    groups: dict[str, float]  # points per group, rounded to 2 decimals
    total: float
    class_key: str
    class_label: str


def is_rated(f: Figures) -> bool:
    """A unit with no dossier received or decided in the period has nothing to score."""
    return (f["dossiers_received"] + f["dossiers_on_time"] + f["dossiers_overdue"]) > 0


def index_766(f: Figures) -> Index | None:
    """The unit's index, or None when it is not rated for the period."""
    if not is_rated(f):
        return None
    groups = {group.key: round(group.score(f), 2) for group in GROUPS}
    total = round(sum(group.score(f) for group in GROUPS), 2)
    key, label = classify(total)
    return Index(groups=groups, total=total, class_key=key, class_label=label)


def ranking(indices: Mapping[object, Index | None]) -> list[tuple[int, object, Index]]:
    """(rank, unit, index) of the rated units, best total first; equal totals
    share a rank (1, 2, 2, 4). Units not rated are left out."""
    rated = sorted(
        ((unit, index) for unit, index in indices.items() if index is not None),
        key=lambda pair: -pair[1].total,
    )
    ranks: list[tuple[int, object, Index]] = []
    for position, (unit, index) in enumerate(rated, start=1):
        rank = ranks[-1][0] if ranks and ranks[-1][2].total == index.total else position
        ranks.append((rank, unit, index))
    return ranks
