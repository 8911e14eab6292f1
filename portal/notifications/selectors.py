"""Reads of a user's messages: only ever their own."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.accounts.models import User
from portal.notifications.models import Notification


def notifications_of(*, user: User) -> QuerySet[Notification]:
    """The user's own messages, newest first; none for an anonymous visitor."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    """How many of the user's messages are unread: one COUNT on the partial
    index of unread rows; no query for an anonymous visitor."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
