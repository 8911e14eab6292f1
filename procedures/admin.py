from django.contrib import admin

from procedures.models import (
    DossierComponent,
    ElectronicReplacement,
    FormDefinition,
    Procedure,
    ReplacementList,
    ReplacementListEntry,
    Sector,
)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name"]


class DossierComponentInline(admin.TabularInline):
    model = DossierComponent
    extra = 0
    fields = ["position", "code", "name", "originals", "copies", "requirement", "condition",
              "form"]  # fmt: skip

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "form":
            # The forms are read once for the page, not again for each component's select.
            field.choices = list(field.choices)
        return field


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    """The catalog is loaded with `import_catalog`; the admin is for reading
    and small fixes."""

    list_display = ["code", "name", "sector", "level", "processing_days", "online_level", "active"]
    list_filter = ["level", "online_level", "active", "sector"]
    search_fields = ["code", "name", "search_document"]
    list_select_related = ["sector"]
    inlines = [DossierComponentInline]


@admin.register(ElectronicReplacement)
class ElectronicReplacementAdmin(admin.ModelAdmin):
    list_display = ["component", "document_type", "source", "effective_date"]
    list_filter = ["source", "document_type"]
    list_select_related = ["component__procedure"]


@admin.register(FormDefinition)
class FormDefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "title", "created_at"]
    search_fields = ["code", "title"]


class ReplacementListEntryInline(admin.TabularInline):
    model = ReplacementListEntry
    extra = 0
    fields = ["procedure_code", "component_name", "document_type", "effective_date"]
    readonly_fields = fields
    can_delete = False


@admin.register(ReplacementList)
class ReplacementListAdmin(admin.ModelAdmin):
    """Read in the admin: a list moves only through its publication services."""

    list_display = ["agency", "version", "status", "effective_date", "published_at"]
    list_filter = ["status"]
    list_select_related = ["agency"]
    inlines = [ReplacementListEntryInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
