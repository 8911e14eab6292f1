"""The user's messages ("Thông báo"): every notice the portal sent them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.notifications.selectors import notifications_of
from portal.notifications.services import notifications_mark_read

PAGE_SIZE = 20


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """A page of the user's messages, newest first. Those shown are marked
    read, yet shown as new this once: the reader sees what they had not seen.
    A page number out of range gives the last page, as the other lists do."""
    page = Paginator(notifications_of(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    notifications_mark_read(user=request.user, notifications=page.object_list)
    return render(request, "notifications/inbox.html", {"page": page})
