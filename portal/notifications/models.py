"""Messages to a user from the portal, shown on their page (and e-mailed when
they gave an address)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A longer title is shortened by notify(), never refused.
TITLE_MAX_LENGTH = 255


class StoredEmail(models.Model):
    """The part of a row that an e-mail stored before it is sent keeps
    (portal.notifications.outbox): when it was stored, whether it is still
    due, and when it went."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    # Set until the e-mail has gone or is given up; a sweeper sends what its task did not.
    email_due = models.BooleanField(default=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        abstract = True


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Set when an e-mail is to go out, cleared once it has: a sweeper sends
    # what a broker outage kept from its task.
    email_due = models.BooleanField(default=False, db_index=True)
    # What the message asks its reader to do ("replacement_list.approve:42"),
    # when it asks: once anyone has done it, every copy is settled (done, and
    # read), so that no one is left a "New" request for what is over.
    action = models.CharField(_("action asked"), max_length=100, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            # The header's unread count on every page: only unread rows, so
            # the count reads a few index entries however many were read.
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            # Settling an action finds its few open copies, however many messages.
            models.Index(
                fields=["action"],
                condition=models.Q(done_at__isnull=True) & ~models.Q(action=""),
                name="notification_open_action_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def link(self) -> str:
        """The page the message is about, when it is a path on this site
        (as `reverse()` makes them); anything else is not shown as a link."""
        url = self.url
        return url if url.startswith("/") and not url.startswith(("//", "/\\")) else ""
