from django.contrib import admin

from datasources.models import CorrectionFlag, CorrectionRequest


class CorrectionFlagInline(admin.TabularInline):
    model = CorrectionFlag
    extra = 0
    can_delete = False
    readonly_fields = ["flagged_by", "purpose_type", "purpose_id", "note", "created_at"]

    def get_queryset(self, request):
        # Each flag names who raised it: read with the flags, not once per flag.
        return super().get_queryset(request).select_related("flagged_by", "request")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(admin.ModelAdmin):
    """Read in the admin; decided by the database owner on their own page."""

    list_display = ["source", "field", "subject_personal_id", "owner_agency", "status",
                    "opened_at", "resolved_at"]  # fmt: skip
    list_filter = ["status", "source", "owner_agency"]
    search_fields = ["subject_personal_id"]
    inlines = [CorrectionFlagInline]
    list_select_related = ["owner_agency"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
