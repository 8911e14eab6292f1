from django.contrib import admin

from datasources.gateway.models import RecordCorrection


@admin.register(RecordCorrection)
class RecordCorrectionAdmin(admin.ModelAdmin):
    list_display = ["source", "field", "subject", "corrected_at"]
    list_filter = ["source"]
    search_fields = ["subject"]
