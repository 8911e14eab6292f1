"""Figures kept per unit and day, so that a leader's dashboard reads a few
thousand small rows instead of scanning every dossier and complaint."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def _counter(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


class UnitDayFigures(models.Model):
    """One unit's figures for one day (số liệu theo đơn vị, ngày), for the unit
    itself only: a province's figures are the sum over its subtree. Rebuilt by
    dashboards.figures.figures_rebuild; what each counter counts is defined
    there, next to the query that counts it."""

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    day = models.DateField(_("day"))
    # Dossiers submitted that day, and of them: online, with components data
    # replaces, and paperless (every replaced component satisfied by data).
    dossiers_received = _counter(_("dossiers received"))
    dossiers_online = _counter(_("submitted online"))
    dossiers_with_replacements = _counter(_("with components replaced by data"))
    dossiers_paperless = _counter(_("paperless"))
    # Dossiers decided that day (result ready or not resolved): on time or late.
    dossiers_on_time = _counter(_("resolved on time"))
    dossiers_overdue = _counter(_("resolved late"))
    dossiers_approved = _counter(_("resolved with a result"))
    results_digitised = _counter(_("electronic results issued"))
    # Once-only compliance events recorded that day.
    reprovide_refused = _counter(_("re-provide attempts refused"))
    data_gaps = _counter(_("data-gap requests"))
    # Complaints about the unit, and those it handled.
    complaints_received = _counter(_("complaints received"))
    complaints_substantiated = _counter(_("complaints substantiated"))
    violations = _counter(_("violations established"))
    complaints_concluded = _counter(_("complaints concluded"))
    complaints_concluded_on_time = _counter(_("complaints concluded on time"))
    complaints_disclosed = _counter(_("complaint answers published"))
    ratings_count = _counter(_("ratings of complaint handling"))
    ratings_satisfied = _counter(_("satisfied ratings"))
    # Applicants' ratings of their dossiers' handling given that day (1 to 5),
    # and of them the satisfied ones (4 or 5).
    dossier_ratings_count = _counter(_("applicants' ratings of dossiers"))
    dossier_ratings_satisfied = _counter(_("satisfied applicants (4 or 5 of 5)"))
    # Fees paid that day, and of them paid online.
    payments_paid = _counter(_("fees paid"))
    payments_online = _counter(_("fees paid online"))
    refreshed_at = models.DateTimeField(_("refreshed"), auto_now=True)

    class Meta:
        verbose_name = _("unit figures for a day")
        verbose_name_plural = _("unit figures per day")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="figures_per_unit_day")
        ]
        indexes = [models.Index(fields=["day", "agency"], name="figures_day_unit_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}"


# The counters, in the order pages and exports show them.
COUNTERS: tuple[str, ...] = (
    "dossiers_received", "dossiers_online", "dossiers_with_replacements", "dossiers_paperless",
    "dossiers_on_time", "dossiers_overdue", "dossiers_approved", "results_digitised",
    "reprovide_refused", "data_gaps",
    "complaints_received", "complaints_substantiated", "violations",
    "complaints_concluded", "complaints_concluded_on_time", "complaints_disclosed",
    "ratings_count", "ratings_satisfied",
    "payments_paid", "payments_online", "dossier_ratings_count", "dossier_ratings_satisfied",
)  # fmt: skip


# Upper bounds (ms) of the latency buckets lookups are counted in: a p95 over
# any units and days is read from the summed buckets (the bound it falls under).
LATENCY_BOUNDS_MS: tuple[int, ...] = (100, 250, 500, 1000, 2500, 5000)


class UnitDaySourceLookups(models.Model):
    """Lookups of one source made by one unit's staff on one day (khai thác dữ
    liệu theo nguồn): how many reads, how many the source failed, and their
    times in buckets. Rebuilt with the unit's day figures."""

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    day = models.DateField(_("day"))
    source = models.CharField(_("source"), max_length=64)
    lookups = _counter(_("lookups"))
    failed = _counter(_("source failed"))
    timed = _counter(_("lookups timed"))
    le_100 = _counter("≤ 100 ms")
    le_250 = _counter("≤ 250 ms")
    le_500 = _counter("≤ 500 ms")
    le_1000 = _counter("≤ 1000 ms")
    le_2500 = _counter("≤ 2500 ms")
    le_5000 = _counter("≤ 5000 ms")
    over = _counter("> 5000 ms")
    refreshed_at = models.DateTimeField(_("refreshed"), auto_now=True)

    class Meta:
        verbose_name = _("unit lookups of a source for a day")
        verbose_name_plural = _("unit lookups per source and day")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day", "source"], name="lookups_per_unit_day_source"
            )
        ]
        indexes = [models.Index(fields=["day", "agency"], name="lookups_day_unit_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day} {self.source}"


LATENCY_BUCKETS: tuple[str, ...] = (*(f"le_{bound}" for bound in LATENCY_BOUNDS_MS), "over")
LOOKUP_COUNTERS: tuple[str, ...] = ("lookups", "failed", "timed", *LATENCY_BUCKETS)


# Reports live in their own module; Django finds models through this one.
from portal.dashboards.reports_models import Report, ReportEmail, ReportKind  # noqa: E402,F401
