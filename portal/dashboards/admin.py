from django.contrib import admin

from portal.dashboards.models import COUNTERS, UnitDayFigures


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
