"""How long a login lasts. Staff work on shared computers at the one-stop
desk: a session of theirs left without a request for STAFF_IDLE_MINUTES ends,
so the next person at that computer does not find a colleague's workspace
open. Every session, citizens' too, ends with the browser, and at the latest
SESSION_COOKIE_AGE after its login (settings): the login time is noted in the
session, so that the rule holds whatever expiry the session was stored with
and however often it was saved since."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, user_logged_out
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext as _

from portal.accounts.models import Role

LAST_SEEN = "last_seen"
LOGGED_IN_AT = "logged_in_at"
# The time of the last request is written at most this often (seconds): a
# session write per request would cost a database write per page.
LAST_SEEN_RESOLUTION = 60


def note_login_time(*, request: HttpRequest | None, **kwargs) -> None:
    """At every login (VNeID, the administrators' password, any other): when
    it happened, in the session it starts (connected to user_logged_in); it
    is the session's first request too."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGGED_IN_AT] = request.session[LAST_SEEN] = int(time.time())


class SessionLimitsMiddleware:
    """Ends a session whose login is older than SESSION_COOKIE_AGE, and a
    staff member's idle past STAFF_IDLE_MINUTES, when the request first asks
    who its user is: from then on it goes on as anonymous,
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
        user = request.user
        request.user = SimpleLazyObject(lambda: _unless_ended(request, user, now))
        response = self.get_response(request)
        if settings.STAFF_IDLE_MINUTES <= 0:
            return response
        if _asked_for(request.user) and _is_staff(request.user):  # a login sets it
            last_seen = request.session.get(LAST_SEEN)
            if (
                request.session.modified
                or (last_seen is None and SESSION_KEY in request.session)  # not an API client's
                or (last_seen is not None and now - last_seen >= LAST_SEEN_RESOLUTION)
            ):
                request.session[LAST_SEEN] = now
        return response


def _is_staff(user) -> bool:
    return bool(user.is_authenticated and user.role != Role.CITIZEN)


def _asked_for(user) -> bool:
    """Whether the request read its user (and so its session)."""
    return not (isinstance(user, SimpleLazyObject) and user._wrapped is empty)


def _unless_ended(request: HttpRequest, user, now: int):
    """The request's user, or anonymous once their login is too old or a
    staff session was idle too long."""
    if isinstance(user, SimpleLazyObject):  # as AuthenticationMiddleware left it: read it now
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    if user.is_authenticated and _login_too_old(request, now):
        return _ended(
            request,
            user,
            _(
                "Phiên đăng nhập đã hết hạn: mỗi lần đăng nhập dùng được tối đa %(hours)d giờ; "
                "hãy đăng nhập lại. Your login has expired: a login lasts at most %(hours)d "
                "hours; please log in again."
            )
            % {"hours": settings.SESSION_COOKIE_AGE // 3600},
        )
    # A staff session with no request noted (begun while the limit was off, or
    # while the account was a citizen's) counts as idle since its login.
    last_seen = (
        request.session.get(LAST_SEEN, request.session.get(LOGGED_IN_AT))
        if _is_staff(user)
        else None
    )
    if (
        settings.STAFF_IDLE_MINUTES <= 0
        or last_seen is None
        or now - last_seen <= settings.STAFF_IDLE_MINUTES * 60
    ):
        return user
    return _ended(
        request,
        user,
        _(
            "Phiên làm việc đã kết thúc sau %(minutes)d phút không sử dụng; hãy đăng nhập "
            "lại. Your session ended after %(minutes)d minutes without use; please log in again."
        )
        % {"minutes": settings.STAFF_IDLE_MINUTES},
    )


def _login_too_old(request: HttpRequest, now: int) -> bool:
    """Whether the session's login is older than SESSION_COOKIE_AGE. A logged-in
    session without the login time was stored before it was noted, with a
    two-week expiry and a cookie that outlives the browser: when it started
    cannot be known, so it counts as too old rather than as new. Taking it as
    started now would leave a session forgotten on a shared computer open for
    hours more; ending it asks for one login again, with the message saying
    why, and a form's typing kept in the tab is put back after it."""
    logged_in_at = request.session.get(LOGGED_IN_AT)
    if logged_in_at is None:
        return SESSION_KEY in request.session
    return now - logged_in_at > settings.SESSION_COOKIE_AGE


def _ended(request: HttpRequest, user, message: str) -> AnonymousUser:
    """What django.contrib.auth.logout does, for the user being read now (a
    logout would read request.user again), and without leaving the sign of a
    deliberate logout; the message says why on the next page (the login's).
    Its signal is sent all the same, before the session goes: the login log
    (django-axes) notes when the login ended, as for a logout."""
    user_logged_out.send(sender=user.__class__, request=request, user=user)
    request.session.flush()
    messages.info(request, message, fail_silently=True)
    return AnonymousUser()
