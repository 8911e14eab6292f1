"""`{% unread_notification_count as n %}`: the header's count of unread
messages, asked only where a page shows it, for a logged-in user."""

from django import template

from portal.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return 0
    return unread_count(user=user)
