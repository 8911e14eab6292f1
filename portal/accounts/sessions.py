"""How long a login lasts. Staff work on shared computers at the one-stop
desk: a session of theirs left without a request for STAFF_IDLE_MINUTES ends,
so the next person at that computer does not find a colleague's workspace
open. Citizens' sessions end with the browser, or SESSION_COOKIE_AGE after
login (settings)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext as _

from portal.accounts.models import Role

LAST_SEEN = "last_seen"
# The time of the last request is written at most this often (seconds): a
# session write per request would cost a database write per page.
LAST_SEEN_RESOLUTION = 60


class StaffIdleLogoutMiddleware:
    """Ends a staff member's session idle past STAFF_IDLE_MINUTES when the
    request first asks who its user is: from then on it goes on as anonymous,
    so a page asks for the login (and comes back to it), and nothing is done
    in their name. A request that never asks (a health probe) reads no
    session. The session leaves no sign of a deliberate logout: a form's
    typing kept in the tab is put back after logging in again.

    The time of the last request is noted in a session the request changes
    anyway (the login's, first of all), and otherwise at most once a minute,
    so that a page costs no session write of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(time.time())
        if settings.STAFF_IDLE_MINUTES <= 0:
            return self.get_response(request)
        user = request.user
        request.user = SimpleLazyObject(lambda: _unless_idle(request, user, now))
        response = self.get_response(request)
        if _asked_for(request.user) and _is_staff(request.user):  # a login sets it
            last_seen = request.session.get(LAST_SEEN)
            if request.session.modified or (
                last_seen is not None and now - last_seen >= LAST_SEEN_RESOLUTION
            ):
                request.session[LAST_SEEN] = now
        return response


def _is_staff(user) -> bool:
    return bool(user.is_authenticated and user.role != Role.CITIZEN)


def _asked_for(user) -> bool:
    """Whether the request read its user (and so its session)."""
    return not (isinstance(user, SimpleLazyObject) and user._wrapped is empty)


def _unless_idle(request: HttpRequest, user, now: int):
    """The request's user, or anonymous once a staff session was idle too long."""
    if isinstance(user, SimpleLazyObject):  # as AuthenticationMiddleware left it: read it now
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    last_seen = request.session.get(LAST_SEEN) if _is_staff(user) else None
    if last_seen is None or now - last_seen <= settings.STAFF_IDLE_MINUTES * 60:
        return user
    # What django.contrib.auth.logout does, for the user being read now (a
    # logout would read request.user again), and without leaving the sign of
    # a deliberate logout.
    request.session.flush()
    messages.info(
        request,
        _(
            "Phiên làm việc đã kết thúc sau %(minutes)d phút không sử dụng; hãy đăng nhập "
            "lại. Your session ended after %(minutes)d minutes without use; please log in again."
        )
        % {"minutes": settings.STAFF_IDLE_MINUTES},
        fail_silently=True,
    )
    return AnonymousUser()
