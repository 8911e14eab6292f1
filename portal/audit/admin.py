"""The audit log in the admin: readable and searchable, never changeable."""

from django.contrib import admin

from portal.audit.models import AccessLog, ComplianceEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "subject_personal_id",
        "source",
        "actor",
        "actor_agency",
        "purpose_type",
        "purpose_id",
        "outcome",
    ]
    list_filter = ["outcome", "source", "purpose_type"]
    search_fields = ["subject_personal_id", "purpose_id"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "actor_agency"]


@admin.register(ComplianceEvent)
class ComplianceEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "agency", "actor", "reference"]
    list_filter = ["kind"]
    search_fields = ["reference"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "agency"]
