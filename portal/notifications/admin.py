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


class StoredEmailAdmin(admin.ModelAdmin):
    """Read-only lists of e-mails stored before they are sent: which went,
    which are still due (the sweeper tries them for two days), which were
    given up."""

    list_filter = (EmailStateFilter,)
    ordering = ("-created_at", "-id")
    date_hierarchy = "created_at"

    @admin.display(description=_("e-mail"))
    def state(self, row: Model) -> str:
        return email_state(row)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    search_fields = ["title"]
    list_select_related = ["user"]
