from django.contrib import admin

from dossiers.models import Dossier, PrefillSource


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    """Read in the admin: a dossier changes only through its services."""

    list_display = ["reference", "procedure", "agency", "applicant", "subject_personal_id",
                    "status", "created_at"]  # fmt: skip
    list_filter = ["status"]
    search_fields = ["code", "subject_personal_id", "procedure__code"]
    list_select_related = ["agency", "applicant", "procedure"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PrefillSource)
class PrefillSourceAdmin(admin.ModelAdmin):
    list_display = ["snapshot", "source", "status", "fetched_at", "elapsed_ms"]
    list_filter = ["status", "source"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
