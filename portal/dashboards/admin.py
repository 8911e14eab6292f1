from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.dashboards.models import COUNTERS, ReportEmail, UnitDayFigures
from portal.notifications.admin import EmailStateFilter, StoredEmailAdmin


@admin.register(UnitDayFigures)
class UnitDayFiguresAdmin(admin.ModelAdmin):
    """Read-only: the figures are rebuilt from the records, never typed in."""

    list_display = ("day", "agency", "dossiers_received", "dossiers_paperless",
                    "reprovide_refused", "complaints_substantiated", "refreshed_at")  # fmt: skip
    list_filter = ("day",)
    search_fields = ("agency__name", "agency__code")
    date_hierarchy = "day"
    readonly_fields = ("agency", "day", *COUNTERS, "refreshed_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportEmail)
class ReportEmailAdmin(StoredEmailAdmin):
    """Read-only: which reports' e-mails went to their recipients, which are
    still due (the sweeper tries them for two days) and which were given up,
    so that e-mails a mail server keeps back are found. Listed by report (its
    kind, unit and period) only: the recipient's name and address stay on
    their account, as the reporters' stay on their complaint."""

    list_display = ("kind", "unit", "period_start", "period_end", "created_at", "state",
                    "sent_at")  # fmt: skip
    list_filter = (EmailStateFilter, "report__kind")
    list_select_related = ("report__agency",)
    search_fields = ("report__agency__name", "report__agency__code")
    fields = list_display
    readonly_fields = fields

    @admin.display(description=_("kind"), ordering="report__kind")
    def kind(self, email: ReportEmail) -> str:
        return email.report.get_kind_display()

    @admin.display(description=_("unit"), ordering="report__agency__name")
    def unit(self, email: ReportEmail) -> str:
        return email.report.agency.name

    @admin.display(description=_("from"), ordering="report__period_start")
    def period_start(self, email: ReportEmail):
        return email.report.period_start

    @admin.display(description=_("to"))
    def period_end(self, email: ReportEmail):
        return email.report.period_end
