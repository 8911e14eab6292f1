"""The request a view behind login_required receives, typed as such."""

from __future__ import annotations

from django.http import HttpRequest

from portal.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """For annotations only (requests stay Django's): behind login_required
    the user is an account, never AnonymousUser."""

    user: User
