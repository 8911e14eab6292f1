from django.contrib import admin
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from portal.notifications.models import Notification


class EmailStateFilter(admin.SimpleListFilter):
    """The state of an e-mail stored before it is sent (portal.notifications.outbox):
    still due, sent, or given up; for a model with `email_due` and `sent_at`."""

    title = _("e-mail")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("due", _("due")), ("sent", _("sent")), ("given_up", _("given up"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "due":
            return queryset.filter(email_due=True)
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "given_up":
            return queryset.filter(email_due=False, sent_at__isnull=True)
        return queryset


def email_state(row: Model) -> str:
    """Due, sent or given up, as EmailStateFilter filters it."""
    if row.email_due:
        return str(_("due"))
    return str(_("sent") if row.sent_at else _("given up"))


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    search_fields = ["title"]
    list_select_related = ["user"]
