"""The mock VNeID's OpenID Connect flow: authorization code with PKCE (S256),
one-time codes, RS256-signed id_tokens, bearer tokens for userinfo."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import asdict, dataclass
from datetime import timedelta
from urllib.parse import urlencode

import jwt
from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.utils import timezone

from datasources.vneid.clients import registered_client
from datasources.vneid.exceptions import (
    AuthorizationError,
    InvalidAccessToken,
    TokenError,
    UnregisteredClient,
)
from datasources.vneid.identities import VNeIDIdentity, account_holder
from datasources.vneid.keys import signing_key
from datasources.vneid.models import AccessToken, AuthorizationCode, token_digest

CODE_LIFETIME = timedelta(seconds=120)
ACCESS_TOKEN_LIFETIME = timedelta(minutes=5)
ID_TOKEN_LIFETIME = timedelta(minutes=5)
# The picker and consent pages carry the request signed, for at most this long.
AUTHORIZATION_REQUEST_MAX_AGE = 600
SUPPORTED_SCOPES = ("openid", "profile")
_SIGNING_SALT = "datasources.vneid.authorization-request"
# What the code row keeps of the request, at most as long as its columns hold:
# a longer value is refused with the request, not when the person consents.
_STORED_PARAMETERS = ("scope", "nonce", "code_challenge")


def issuer() -> str:
    return settings.VNEID_ISSUER


@dataclass(frozen=True)
class AuthorizationRequest:
    client_id: str
    redirect_uri: str
    scope: str
    state: str
    nonce: str
    code_challenge: str

    def signed(self) -> str:
        return signing.dumps(asdict(self), salt=_SIGNING_SALT, compress=True)

    @classmethod
    def from_signed(cls, value: str) -> AuthorizationRequest:
        """Raises signing.BadSignature when the value was altered or is too old."""
        data = signing.loads(value, salt=_SIGNING_SALT, max_age=AUTHORIZATION_REQUEST_MAX_AGE)
        return cls(**data)

    def redirect_with(self, **params: str) -> str:
        if self.state:
            params["state"] = self.state
        separator = "&" if "?" in self.redirect_uri else "?"
        return f"{self.redirect_uri}{separator}{urlencode(params)}"


def authorization_request_parse(params) -> AuthorizationRequest:
    """Validate an authorization request. Raises UnregisteredClient when the
    client or redirect URI is not registered (nothing may be redirected), and
    AuthorizationError for any other fault (reported to the client)."""
    client = registered_client(params.get("client_id", ""))
    redirect_uri = params.get("redirect_uri", "")
    if client is None:
        raise UnregisteredClient("Unknown client_id.")
    if redirect_uri not in client.redirect_uris:
        raise UnregisteredClient("redirect_uri is not registered for this client.")
    request = AuthorizationRequest(
        client_id=client.client_id,
        redirect_uri=redirect_uri,
        scope=params.get("scope", ""),
        state=params.get("state", ""),
        nonce=params.get("nonce", ""),
        code_challenge=params.get("code_challenge", ""),
    )
    scopes = request.scope.split()
    if params.get("response_type") != "code":
        raise AuthorizationError("unsupported_response_type", "Only response_type=code.")
    if "openid" not in scopes:
        raise AuthorizationError("invalid_scope", "The openid scope is required.")
    if unknown := [scope for scope in scopes if scope not in SUPPORTED_SCOPES]:
        raise AuthorizationError("invalid_scope", f"Unsupported scope: {' '.join(unknown)}.")
    if not request.code_challenge or params.get("code_challenge_method") != "S256":
        raise AuthorizationError(
            "invalid_request", "PKCE with code_challenge_method=S256 is required."
        )
    if not request.nonce:
        raise AuthorizationError("invalid_request", "A nonce is required.")
    for name in _STORED_PARAMETERS:
        field = AuthorizationCode._meta.get_field(name)
        # Each is stored in a CharField: its max_length is the limit.
        assert isinstance(field, models.CharField) and field.max_length is not None
        limit = field.max_length
        if len(getattr(request, name)) > limit:
            # An OAuth error description is ASCII only (RFC 6749, section 4.1.2.1).
            raise AuthorizationError(
                "invalid_request", f"{name} is longer than {limit} characters."
            )
    return request


def authorization_code_issue(*, request: AuthorizationRequest, personal_id: str) -> str:
    """The consented login: a one-time code for the client's redirect URI."""
    if account_holder(personal_id) is None:
        raise AuthorizationError("access_denied", "No VNeID account for this person.")
    raw_code = secrets.token_urlsafe(32)
    AuthorizationCode.objects.create(
        code_digest=token_digest(raw_code),
        client_id=request.client_id,
        redirect_uri=request.redirect_uri,
        personal_id=personal_id,
        scope=request.scope,
        nonce=request.nonce,
        code_challenge=request.code_challenge,
        expires_at=timezone.now() + CODE_LIFETIME,
    )
    return raw_code


def _pkce_matches(*, verifier: str, challenge: str) -> bool:
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return hmac.compare_digest(computed, challenge)


def _id_token(*, identity: VNeIDIdentity, client_id: str, nonce: str) -> str:
    key = signing_key()
    now = int(time.time())
    claims = {
        **identity.claims(),
        "iss": issuer(),
        "aud": client_id,
        "iat": now,
        "exp": now + int(ID_TOKEN_LIFETIME.total_seconds()),
        "auth_time": now,
        "nonce": nonce,
        "jti": secrets.token_urlsafe(16),
    }
    return jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid})


@transaction.atomic
def _authorization_code_spend(*, code: str, client_id: str) -> AuthorizationCode:
    """Mark the code used, under a row lock: it can be spent exactly once, and
    stays spent whatever the outcome of the exchange."""
    grant = (
        AuthorizationCode.objects.select_for_update()
        .filter(code_digest=token_digest(code or ""), client_id=client_id)
        .first()
    )
    if grant is None or grant.used_at is not None or grant.is_expired:
        raise TokenError("invalid_grant", "The code is invalid, expired or already used.")
    grant.used_at = timezone.now()
    grant.save(update_fields=["used_at"])
    return grant


def token_exchange(
    *,
    grant_type: str,
    code: str,
    redirect_uri: str,
    client_id: str,
    client_secret: str,
    code_verifier: str,
) -> dict:
    """Exchange a code for tokens. Raises TokenError; a code works once only."""
    client = registered_client(client_id)
    if client is None or not client.secret_matches(client_secret):
        raise TokenError("invalid_client", "Client authentication failed.", status=401)
    if grant_type != "authorization_code":
        raise TokenError("unsupported_grant_type", "Only authorization_code is supported.")
    grant = _authorization_code_spend(code=code, client_id=client.client_id)
    if grant.redirect_uri != redirect_uri:
        raise TokenError("invalid_grant", "redirect_uri does not match the authorization request.")
    if not code_verifier or not _pkce_matches(
        verifier=code_verifier, challenge=grant.code_challenge
    ):
        raise TokenError("invalid_grant", "The PKCE code_verifier does not match.")
    identity = account_holder(grant.personal_id)
    if identity is None:
        raise TokenError("invalid_grant", "The account no longer exists.")
    raw_token = secrets.token_urlsafe(32)
    AccessToken.objects.create(
        token_digest=token_digest(raw_token),
        client_id=client.client_id,
        personal_id=identity.personal_id,
        scope=grant.scope,
        expires_at=timezone.now() + ACCESS_TOKEN_LIFETIME,
    )
    return {
        "access_token": raw_token,
        "token_type": "Bearer",
        "expires_in": int(ACCESS_TOKEN_LIFETIME.total_seconds()),
        "scope": grant.scope,
        "id_token": _id_token(identity=identity, client_id=client.client_id, nonce=grant.nonce),
    }


def userinfo(*, bearer_token: str) -> dict:
    """The claims about the token's holder. Raises InvalidAccessToken."""
    token = AccessToken.objects.filter(
        token_digest=token_digest(bearer_token or ""), expires_at__gt=timezone.now()
    ).first()
    identity = account_holder(token.personal_id) if token else None
    if identity is None:
        raise InvalidAccessToken("The access token is invalid or expired.")
    return identity.claims()


def expired_grants_purge() -> int:
    """Delete spent or expired codes and tokens; returns how many rows went."""
    now = timezone.now()
    codes, _ = AuthorizationCode.objects.filter(expires_at__lt=now).delete()
    tokens, _ = AccessToken.objects.filter(expires_at__lt=now).delete()
    return codes + tokens


def discovery_document() -> dict:
    base = issuer()
    return {
        "issuer": base,
        "authorization_endpoint": f"{base}/authorize",
        "token_endpoint": f"{base}/token",
        "userinfo_endpoint": f"{base}/userinfo",
        "jwks_uri": f"{base}/jwks.json",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": list(SUPPORTED_SCOPES),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": [
            "sub",
            "personal_id",
            "name",
            "birthdate",
            "gender",
            "assurance_level",
            "acr",
        ],
        "acr_values_supported": ["vneid:level1", "vneid:level2"],
    }
