from django.contrib import admin

from portal.core.models import CalendarDay
from portal.core.working_days import calendar_changed


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"

    # Deadlines read a cached copy of these days: drop it when they change.
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        calendar_changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        calendar_changed()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        calendar_changed()
