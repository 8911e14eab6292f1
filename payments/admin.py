from django.contrib import admin

from payments.models import Payment, PaymentNotice


class PaymentNoticeInline(admin.TabularInline):
    model = PaymentNotice
    extra = 0
    can_delete = False
    readonly_fields = ["event_id", "status", "signed_at", "received_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Read-only: a payment changes only on the platform's word."""

    list_display = ["order_id", "dossier", "amount_vnd", "status", "refund_due", "created_at",
                    "paid_at", "refunded_at"]  # fmt: skip
    list_filter = ["status", "refund_due"]
    search_fields = ["order_id", "transaction_id", "dossier__code"]
    list_select_related = ["dossier", "dossier__procedure"]
    inlines = [PaymentNoticeInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
