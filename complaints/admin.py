from django.contrib import admin

from complaints.models import Complaint, ComplaintEvent, ReporterNotice, Routing, RoutingRule
from portal.notifications.admin import StoredEmailAdmin


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("position", "category", "sector", "procedure", "unit", "target_agency",
                    "target_official", "active")  # fmt: skip
    list_editable = ("active",)
    list_filter = ("active", "category")
    # The nullable ones too: Django's own select_related() follows only the required.
    list_select_related = ("sector", "procedure", "unit", "target_agency", "target_official")
    raw_id_fields = ("sector", "procedure", "unit", "target_agency", "target_official")


# The inlines read each row's people and agencies, and each row's form its
# complaint: joined once, not read again for every line of the history.


class RoutingInline(admin.TabularInline):
    model = Routing
    extra = 0
    can_delete = False
    readonly_fields = ("agency", "official", "automatic", "rule", "by", "reason", "at")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("agency", "official", "rule__target_agency", "by", "complaint")
        )


class EventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_status", "to_status", "actor", "note", "at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "complaint")


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only here: complaints move through their services only."""

    list_display = ("code", "category", "channel", "unit", "responsible_agency", "status",
                    "due_date")  # fmt: skip
    list_filter = ("status", "category", "channel")
    list_select_related = ("unit", "responsible_agency")
    search_fields = ("code",)
    inlines = [RoutingInline, EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReporterNotice)
class ReporterNoticeAdmin(StoredEmailAdmin):
    """Read-only: which notices to reporters without an account were e-mailed,
    which are still due (the sweeper tries them every five minutes for two
    days) and which were given up. The reporter's name and address stay on the
    complaint: listed by its code only, as the complaints are."""

    list_display = ("complaint", "title", "created_at", "state", "sent_at")
    list_select_related = ("complaint",)
    search_fields = ("complaint__code",)
    fields = ("complaint", "title", "body", "created_at", "state", "sent_at")
    readonly_fields = fields
