from django.contrib import admin

from payments.platform.models import NoticeDelivery, PlatformOrder


@admin.register(PlatformOrder)
class PlatformOrderAdmin(admin.ModelAdmin):
    list_display = ["transaction_id", "merchant_id", "order_id", "amount_vnd", "status",
                    "created_at"]  # fmt: skip
    list_filter = ["status", "merchant_id"]
    search_fields = ["transaction_id", "order_id", "reference"]


@admin.register(NoticeDelivery)
class NoticeDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event_id", "order", "attempts", "last_status_code", "delivered_at",
                    "abandoned_at"]  # fmt: skip
    list_select_related = ["order"]
