"""The audit log in the admin: readable and searchable, never changeable."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from payments.templatetags.money import vnd
from portal.audit.models import AccessLog, ComplianceEvent, PaymentLog


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


@admin.register(PaymentLog)
class PaymentLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "dossier_reference", "order", "amount",
                    "actor_named", "actor_agency"]  # fmt: skip
    list_filter = ["action"]
    search_fields = ["dossier__code", "payment__order_id", "payment__receipt_number"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "actor_agency", "dossier", "payment"]

    @admin.display(description=_("dossier"), ordering="dossier__code")
    def dossier_reference(self, entry: PaymentLog) -> str:
        return entry.dossier.reference

    @admin.display(description=_("order number"), ordering="payment__order_id")
    def order(self, entry: PaymentLog) -> str:
        return entry.payment.order_id

    @admin.display(description=_("amount"), ordering="amount_vnd")
    def amount(self, entry: PaymentLog) -> str:
        return vnd(entry.amount_vnd)

    @admin.display(description=_("actor"), ordering="actor")
    def actor_named(self, entry: PaymentLog) -> str:
        return str(entry.actor) if entry.actor else str(_("Payment platform"))
