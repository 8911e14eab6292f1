from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province_code", "parent"]
    list_filter = ["kind", "province_code"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]
    list_select_related = ["parent"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "personal_id", "full_name", "role", "agency", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["username", "personal_id", "full_name"]
    autocomplete_fields = ["agency"]
    list_select_related = ["agency"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Identity"),
            {"fields": ["personal_id", "full_name", "date_of_birth", "assurance_level"]},
        ),
        (
            _("Role"),
            {"fields": ["role", "agency", "position", "is_active", "is_staff", "is_superuser"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
