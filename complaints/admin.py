from django.contrib import admin

from complaints.models import Complaint, ComplaintEvent, Routing, RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("position", "category", "sector", "procedure", "unit", "target_agency",
                    "target_official", "active")  # fmt: skip
    list_editable = ("active",)
    list_filter = ("active", "category")
    raw_id_fields = ("sector", "procedure", "unit", "target_agency", "target_official")


class RoutingInline(admin.TabularInline):
    model = Routing
    extra = 0
    can_delete = False
    readonly_fields = ("agency", "official", "automatic", "rule", "by", "reason", "at")


class EventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_status", "to_status", "actor", "note", "at")


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only here: complaints move through their services only."""

    list_display = ("code", "category", "channel", "unit", "responsible_agency", "status",
                    "due_date")  # fmt: skip
    list_filter = ("status", "category", "channel")
    search_fields = ("code",)
    inlines = [RoutingInline, EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
