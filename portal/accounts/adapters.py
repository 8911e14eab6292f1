"""django-allauth adapters: VNeID is the only way in for citizens and officials."""

from __future__ import annotations

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthError
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from requests import RequestException

from portal.accounts.landing import page_after_login, start_page
from portal.accounts.vneid_provider import services
from portal.core.middleware import same_site_path

logger = logging.getLogger(__name__)


# Set in the session a logout leaves (a deliberate logout, by any of its pages),
# never in one that ended by itself: while the user is anonymous after it, each
# page tells the browser tab to forget what a form kept there of the typing not
# yet saved (templates/base.html, static/portal/page.js).
LOGGED_OUT = "logged_out"


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Local sign-up does not exist: accounts come from VNeID.
        return False

    def login(self, request, user) -> None:
        if not hasattr(user, "backend"):
            user.backend = "portal.accounts.backends.VNeIDSessionBackend"
        super().login(request, user)
        request.session.pop(LOGGED_OUT, None)

    def logout(self, request) -> None:
        super().logout(request)
        request.session[LOGGED_OUT] = True

    def get_login_redirect_url(self, request) -> str:
        # No page to go back to: each role's own start page.
        return start_page(request.user)


class VNeIDSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def pre_social_login(self, request, sociallogin) -> None:
        claims = sociallogin.account.extra_data["id_token"]
        if not sociallogin.is_existing:
            # Officials' accounts exist before their first login: match them
            # by personal ID, so they land in their role and agency.
            user = services.user_for_personal_id(personal_id=claims["personal_id"])
            if user is not None:
                sociallogin.connect(request, user)
        if sociallogin.is_existing:
            services.user_sync_from_claims(user=sociallogin.user, claims=claims)
            # Staff who pressed login on the public home page start on their work page.
            next_url = sociallogin.state.get("next") or ""
            if next_url:
                sociallogin.state["next"] = page_after_login(
                    user=sociallogin.user, next_url=same_site_path(request, next_url)
                )

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        return services.user_populate_from_claims(
            user=user, claims=sociallogin.account.extra_data["id_token"]
        )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        state = (extra_context or {}).get("state") or {}
        # Only a path of this site: a bare word would be taken by `redirect()`
        # for the name of a view (a server error, not the page the person left).
        next_url = same_site_path(request, state.get("next") or "")
        if error == AuthError.CANCELLED:
            messages.info(
                request,
                _(
                    "You cancelled the VNeID login. Nothing was changed; "
                    "you can log in again at any time."
                ),
            )
            raise ImmediateHttpResponse(redirect(next_url or "accounts:login"))
        logger.warning("VNeID login failed: error=%s exception=%r", error, exception)
        status = 400
        if not state:
            reason = _(
                "The login request was not recognised: it expired, was already used, or was "
                "altered. Nothing was changed."
            )
        elif isinstance(exception, RequestException):
            reason = _("VNeID cannot be reached at the moment. Please try again in a few minutes.")
            status = 503
        elif exception is not None:
            reason = _("VNeID's answer could not be verified, so you were not logged in.")
        else:
            reason = _("VNeID did not complete the login.")
        raise ImmediateHttpResponse(
            render(
                request,
                "accounts/login_failed.html",
                {"reason": reason, "next_url": next_url},
                status=status,
            )
        )
