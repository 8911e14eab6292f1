from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier, PrefillSource
from dossiers.signer_gaps import awaiting_without_signer


class SignerFilter(admin.SimpleListFilter):
    """The dossiers awaiting a signature that no leader of their unit can give
    (dossiers.signer_gaps): what an administrator sets a leader up for."""

    title = _("signature")
    parameter_name = "signer"

    def lookups(self, request, model_admin):
        return [("missing", _("Awaiting signature, no leader of the unit to sign"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(pk__in=awaiting_without_signer().values("pk"))
        return queryset


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    """Read in the admin: a dossier changes only through its services."""

    list_display = ["reference", "procedure", "agency", "applicant", "subject_personal_id",
                    "status", "created_at"]  # fmt: skip
    list_filter = ["status", SignerFilter]
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
