"""VNeID as an allauth provider: OpenID Connect with PKCE and a nonce.

allauth's generic OpenID Connect provider sends no nonce and skips the
id_token signature when the token came straight from the token endpoint;
for the national e-ID we check both, so a replayed or forged token is
refused even if the transport were compromised."""

from __future__ import annotations

import secrets

from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
    OpenIDConnectProviderAccount,
)
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from requests import RequestException

from portal.accounts.vneid_provider.views import VNeIDOAuth2Adapter


class VNeIDAccount(OpenIDConnectProviderAccount):
    def to_str(self) -> str:
        return self.account.extra_data.get("id_token", {}).get("name") or super().to_str()


class VNeIDProvider(OpenIDConnectProvider):
    id = "vneid"
    name = "VNeID"
    account_class = VNeIDAccount
    oauth2_adapter_class = VNeIDOAuth2Adapter

    @property
    def server_url(self) -> str:
        # Read at request time, so a deployment (or a test) can point the
        # portal at another issuer without rebuilding the app settings.
        return self.wk_server_url(settings.VNEID_ISSUER)

    def get_login_url(self, request: HttpRequest, **kwargs) -> str:
        url = reverse("vneid_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self) -> str:
        return reverse("vneid_callback")

    def get_oauth2_adapter(self, request: HttpRequest) -> VNeIDOAuth2Adapter:
        return VNeIDOAuth2Adapter(request)

    def get_default_scope(self) -> list[str]:
        return ["openid", "profile"]

    def redirect(self, request: HttpRequest, process, next_url=None, data=None, **kwargs):
        # The nonce travels to VNeID in the request and stays with us in the
        # stashed state; the callback requires the id_token to carry it back.
        nonce = secrets.token_urlsafe(24)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        try:
            return super().redirect(
                request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
            )
        except RequestException as error:  # discovery unreachable: VNeID is down
            return render_authentication_error(
                request, self, exception=error, extra_context={"state": {"next": next_url}}
            )

    def extract_uid(self, data: dict) -> str:
        return str(data["id_token"]["personal_id"])

    def extract_common_fields(self, data: dict) -> dict:
        claims = data["id_token"]
        return {"username": claims["personal_id"], "name": claims.get("name", "")}

    def extract_email_addresses(self, data: dict) -> list:
        return []


provider_classes = [VNeIDProvider]
