"""The OAuth2 adapter and views for VNeID: the callback verifies the id_token
(RS256 signature from the published JWKS, the configured issuer, audience, expiry, nonce)
and that userinfo speaks of the same person."""

from __future__ import annotations

from typing import Any

import jwt
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.internal.jwtkit import verify_jti
from allauth.socialaccount.providers.base.constants import AuthProcess
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri, get_request_param
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest
from django.urls import reverse
from requests import RequestException

from portal.accounts.vneid_provider import jwks

REQUIRED_CLAIMS = ["iss", "aud", "exp", "iat", "sub", "nonce", "personal_id"]
DISCOVERY_CACHE_SECONDS = 300


class VNeIDOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    # Set by the callback view from the stashed state before the login completes.
    expected_nonce: str | None = None

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(request, "vneid")

    @property
    def openid_config(self) -> dict:
        if not hasattr(self, "_openid_config"):
            url = self.get_provider().server_url
            config = cache.get(f"vneid:discovery:{url}")
            if config is None:
                config = super().openid_config
                cache.set(f"vneid:discovery:{url}", config, DISCOVERY_CACHE_SECONDS)
            self._openid_config = config
        return self._openid_config

    def get_callback_url(self, request: HttpRequest, app) -> str:
        return build_absolute_uri(request, reverse("vneid_callback"), self.redirect_uri_protocol)

    def complete_login(self, request: HttpRequest, app, token, **kwargs: Any):
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("VNeID returned no id_token.")
        claims = self._verified_claims(app, id_token)
        userinfo = self._fetch_user_info(token.token)
        if userinfo.get("sub") != claims["sub"]:
            raise OAuth2Error("userinfo and id_token name different people.")
        return self.get_provider().sociallogin_from_response(
            request, {"id_token": claims, "userinfo": userinfo}
        )

    def _verified_claims(self, app, id_token: str) -> dict:
        config = self.openid_config
        try:
            header = jwt.get_unverified_header(id_token)
            key = jwks.signing_key(config["jwks_uri"], kid=header.get("kid", ""))
            claims = jwt.decode(
                id_token,
                key=key,
                algorithms=["RS256"],
                audience=app.client_id,
                # The issuer the portal trusts, not whatever the discovery
                # document it fetched says: a swapped discovery cannot move it.
                issuer=settings.VNEID_ISSUER,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.PyJWTError as error:
            raise OAuth2Error(f"Invalid id_token: {error}") from error
        if not self.expected_nonce or claims["nonce"] != self.expected_nonce:
            raise OAuth2Error("The id_token nonce does not match this login.")
        verify_jti(claims)
        return claims


class VNeIDCallbackView(OAuth2CallbackView):
    state: dict | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        try:
            return super().dispatch(request, *args, **kwargs)
        except RequestException as error:
            # Discovery is fetched before allauth's own error handling begins:
            # an unreachable provider must still end on the login-failed page.
            return render_authentication_error(
                request,
                self.adapter.get_provider(),
                exception=error,
                extra_context={"state": self.state},
            )

    def _get_state(self, request: HttpRequest, provider):
        state, response = super()._get_state(request, provider)
        if state is not None:
            self.state = state
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


class VNeIDLoginView(OAuth2LoginView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        # One account, one person: allauth's "connect" would attach a second
        # VNeID identity to the logged-in account, and that person's logins
        # would then open it (and rename it after them).
        if get_request_param(request, "process") == AuthProcess.CONNECT:
            raise Http404("Connecting another VNeID identity is not offered.")
        return super().dispatch(request, *args, **kwargs)


oauth2_login = VNeIDLoginView.adapter_view(VNeIDOAuth2Adapter)
oauth2_callback = VNeIDCallbackView.adapter_view(VNeIDOAuth2Adapter)
