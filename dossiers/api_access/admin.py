from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from dossiers.api_access.clients import agency_client_revoke
from dossiers.api_access.models import AgencyApiClient


@admin.register(AgencyApiClient)
class AgencyApiClientAdmin(admin.ModelAdmin):
    """Read and revoke only: a client is created with `manage.py
    agency_api_client_create`, which shows its secret once. The secret's hash
    is never shown."""

    list_display = ["name", "agency", "client_id", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "client_id", "agency__code", "agency__name"]
    list_select_related = ["agency"]
    fields = ["name", "agency", "client_id", "service_user", "created_at", "last_used_at",
              "revoked_at"]  # fmt: skip
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the dossier history names the client's account

    @admin.action(description=_("Revoke the selected clients"))
    def revoke(self, request, queryset) -> None:
        for client in queryset:
            agency_client_revoke(client=client)
        messages.success(request, _("Revoked."))
