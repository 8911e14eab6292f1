"""HTTP endpoints of the mock VNeID: discovery, JWKS, the login and consent
pages, the token endpoint and userinfo. Thin: they parse and call services."""

from __future__ import annotations

import base64
import binascii
import time
from urllib.parse import unquote

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from datasources.vneid import services
from datasources.vneid.exceptions import (
    AuthorizationError,
    InvalidAccessToken,
    TokenError,
    UnregisteredClient,
)
from datasources.vneid.identities import account_holder, account_holders
from datasources.vneid.keys import jwks as public_jwks
from portal.core.rate_limits import rate_hit, rate_parse


@require_GET
def discovery(request: HttpRequest) -> JsonResponse:
    return JsonResponse(services.discovery_document())


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(public_jwks())


def _unregistered(request: HttpRequest, error: Exception) -> HttpResponse:
    message = _(
        "This application is not registered with VNeID, or its return address is not "
        "allowed (%(detail)s)."
    ) % {"detail": error}
    return render(request, "vneid/error.html", {"error": message}, status=400)


@never_cache
@require_GET
def authorize(request: HttpRequest) -> HttpResponse:
    try:
        auth_request = services.authorization_request_parse(request.GET)
    except UnregisteredClient as error:
        return _unregistered(request, error)
    except AuthorizationError as error:
        return _redirect_error(request.GET, error)
    return _render_picker(request, auth_request.signed())


def _redirect_error(params, error: AuthorizationError) -> HttpResponse:
    # The client and redirect URI were checked before this error could arise.
    url = services.AuthorizationRequest(
        client_id=params.get("client_id", ""),
        redirect_uri=params.get("redirect_uri", ""),
        scope="",
        state=params.get("state", ""),
        nonce="",
        code_challenge="",
    ).redirect_with(error=error.error, error_description=error.description)
    return HttpResponseRedirect(url)


def _render_picker(
    request: HttpRequest, signed_request: str, *, error: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "vneid/login.html",
        {"people": account_holders(), "signed_request": signed_request, "error": error},
        status=status,
    )


@never_cache
@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    """The person's choices on the login and consent pages."""
    signed_request = request.POST.get("request", "")
    try:
        auth_request = services.AuthorizationRequest.from_signed(signed_request)
    except signing.BadSignature:
        return render(
            request,
            "vneid/error.html",
            {
                "error": _(
                    "The login request was altered or has expired. Start again from the portal."
                )
            },
            status=400,
        )
    decision = request.POST.get("decision", "")
    if decision in {"cancel", "deny"}:
        return HttpResponseRedirect(
            auth_request.redirect_with(
                error="access_denied", error_description="The person declined the login."
            )
        )
    identity = account_holder(request.POST.get("personal_id", ""))
    if identity is None:
        return _render_picker(
            request,
            signed_request,
            status=400,
            error=_("Choose a person who holds a VNeID account."),
        )
    if decision == "continue":
        return render(
            request,
            "vneid/consent.html",
            {"person": identity, "signed_request": signed_request},
        )
    if decision == "allow":
        code = services.authorization_code_issue(
            request=auth_request, personal_id=identity.personal_id
        )
        return HttpResponseRedirect(auth_request.redirect_with(code=code))
    return _render_picker(request, signed_request, status=400, error=_("Unknown choice."))


def _client_credentials(request: HttpRequest) -> tuple[str, str]:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode()
            client_id, _, secret = decoded.partition(":")
            return unquote(client_id), unquote(secret)
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


def _simulate_latency() -> None:
    if settings.VNEID_LATENCY_MS > 0:
        time.sleep(settings.VNEID_LATENCY_MS / 1000)


def _no_store(response: JsonResponse) -> JsonResponse:
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


@csrf_exempt  # server-to-server, authenticated by the client secret
@require_POST
def token(request: HttpRequest) -> JsonResponse:
    _simulate_latency()
    client_id, client_secret = _client_credentials(request)
    rate = rate_parse(settings.VNEID_TOKEN_RATE)
    wait = rate and rate_hit(key=f"vneid:token:{client_id}", rate=rate)
    if wait:
        response = JsonResponse(
            {"error": "rate_limited", "error_description": "Too many token requests."},
            status=429,
        )
        response["Retry-After"] = str(int(wait))
        return _no_store(response)
    try:
        tokens = services.token_exchange(
            grant_type=request.POST.get("grant_type", ""),
            code=request.POST.get("code", ""),
            redirect_uri=request.POST.get("redirect_uri", ""),
            client_id=client_id,
            client_secret=client_secret,
            code_verifier=request.POST.get("code_verifier", ""),
        )
    except TokenError as error:
        response = JsonResponse(
            {"error": error.error, "error_description": error.description}, status=error.status
        )
        if error.status == 401:
            response["WWW-Authenticate"] = 'Basic realm="vneid"'
        return _no_store(response)
    return _no_store(JsonResponse(tokens))


@csrf_exempt  # bearer-token authenticated API
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> JsonResponse:
    _simulate_latency()
    header = request.headers.get("Authorization", "")
    bearer = header[7:] if header.startswith("Bearer ") else ""
    try:
        claims = services.userinfo(bearer_token=bearer)
    except InvalidAccessToken as error:
        response = JsonResponse(
            {"error": "invalid_token", "error_description": str(error)}, status=401
        )
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    return _no_store(JsonResponse(claims))
