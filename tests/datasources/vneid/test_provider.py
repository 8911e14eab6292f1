"""The mock VNeID speaks OpenID Connect as a real provider does: PKCE,
one-time codes, client authentication, signed id_tokens, bearer userinfo."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.conf import settings
from django.utils import timezone

from datasources.vneid.models import AccessToken, AuthorizationCode

pytestmark = pytest.mark.django_db

AN = "031090001234"
KHANG = "031218000321"  # a child: no VNeID account of his own


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.rstrip(b"=").decode()


def _authorize_params(**overrides) -> dict:
    _, challenge = _pkce()
    params = {
        "response_type": "code",
        "client_id": settings.VNEID_CLIENT_ID,
        "redirect_uri": settings.VNEID_REDIRECT_URIS[0],
        "scope": "openid profile",
        "state": "st-1",
        "nonce": "n-1",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    params.update(overrides)
    return {key: value for key, value in params.items() if value is not None}


def _signed_request(client, params: dict) -> str:
    page = client.get("/vneid/authorize", params)
    assert page.status_code == 200, page.content[:300]
    return unescape(re.search(r'name="request" value="([^"]+)"', page.content.decode()).group(1))


def _code_for(client, personal_id: str = AN, **overrides) -> tuple[str, str]:
    verifier, challenge = _pkce()
    signed = _signed_request(client, _authorize_params(code_challenge=challenge, **overrides))
    response = client.post(
        "/vneid/authorize/decide",
        {"request": signed, "personal_id": personal_id, "decision": "allow"},
    )
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    return query["code"][0], verifier


def _exchange(client, code: str, verifier: str, **overrides):
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": settings.VNEID_REDIRECT_URIS[0],
        "client_id": settings.VNEID_CLIENT_ID,
        "client_secret": settings.VNEID_CLIENT_SECRET,
        "code_verifier": verifier,
    }
    data.update(overrides)
    return client.post("/vneid/token", data)


def test_discovery_names_every_endpoint_under_the_issuer(client):
    document = client.get("/vneid/.well-known/openid-configuration").json()

    assert document["issuer"] == settings.VNEID_ISSUER
    for endpoint in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
        assert document[endpoint].startswith(settings.VNEID_ISSUER + "/")
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]


def test_login_page_offers_account_holders_but_not_children(client):
    page = client.get("/vneid/authorize", _authorize_params()).content.decode()

    assert "Nguyễn Văn An" in page
    assert "Lê Thị Hoa" in page
    assert KHANG not in page


def test_login_page_in_english_marks_the_people_s_vietnamese_descriptions(client):
    page = client.get(
        "/vneid/authorize", _authorize_params(), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert '<html lang="en">' in page and "Log in with VNeID" in page
    assert '<span class="small" lang="vi">Công dân, Hà Nội</span>' in page


def test_code_exchange_returns_an_id_token_signed_with_the_published_key(client):
    code, verifier = _code_for(client)

    tokens = _exchange(client, code, verifier).json()

    header = jwt.get_unverified_header(tokens["id_token"])
    jwk = next(
        k for k in client.get("/vneid/jwks.json").json()["keys"] if k["kid"] == header["kid"]
    )
    claims = jwt.decode(
        tokens["id_token"],
        key=jwt.algorithms.RSAAlgorithm.from_jwk(jwk),
        algorithms=["RS256"],
        audience=settings.VNEID_CLIENT_ID,
        issuer=settings.VNEID_ISSUER,
    )
    assert claims["personal_id"] == AN
    assert claims["name"] == "Nguyễn Văn An"
    assert claims["birthdate"] == "1990-03-14"
    assert claims["nonce"] == "n-1"
    assert claims["acr"] == "vneid:level2"


def test_userinfo_answers_the_bearer_of_a_valid_token(client):
    code, verifier = _code_for(client)
    access_token = _exchange(client, code, verifier).json()["access_token"]

    info = client.get("/vneid/userinfo", HTTP_AUTHORIZATION=f"Bearer {access_token}").json()

    assert info == {
        "sub": AN,
        "personal_id": AN,
        "name": "Nguyễn Văn An",
        "birthdate": "1990-03-14",
        "gender": "male",
        "assurance_level": 2,
        "acr": "vneid:level2",
    }


def test_userinfo_refuses_unknown_and_expired_tokens(client):
    code, verifier = _code_for(client)
    access_token = _exchange(client, code, verifier).json()["access_token"]
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    expired = client.get("/vneid/userinfo", HTTP_AUTHORIZATION=f"Bearer {access_token}")
    unknown = client.get("/vneid/userinfo", HTTP_AUTHORIZATION="Bearer not-a-token")

    assert expired.status_code == unknown.status_code == 401
    assert unknown.json()["error"] == "invalid_token"


def test_a_code_can_be_used_once_only(client):
    code, verifier = _code_for(client)
    assert _exchange(client, code, verifier).status_code == 200

    replay = _exchange(client, code, verifier)

    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"


def test_wrong_pkce_verifier_is_refused_and_spends_the_code(client):
    code, verifier = _code_for(client)

    wrong = _exchange(client, code, "x" * 50)
    right_afterwards = _exchange(client, code, verifier)

    assert wrong.json()["error"] == right_afterwards.json()["error"] == "invalid_grant"


def test_expired_code_is_refused(client):
    code, verifier = _code_for(client)
    AuthorizationCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert _exchange(client, code, verifier).json()["error"] == "invalid_grant"


def test_wrong_client_secret_is_refused_with_401(client):
    code, verifier = _code_for(client)

    response = _exchange(client, code, verifier, client_secret="guess")

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_client_secret_basic_authentication_is_accepted(client):
    code, verifier = _code_for(client)
    credentials = base64.b64encode(
        f"{settings.VNEID_CLIENT_ID}:{settings.VNEID_CLIENT_SECRET}".encode()
    ).decode()

    response = client.post(
        "/vneid/token",
        {
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": verifier,
            "redirect_uri": settings.VNEID_REDIRECT_URIS[0],
        },
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )

    assert response.status_code == 200


def test_redirect_uri_must_match_the_authorization_request(client):
    code, verifier = _code_for(client)

    response = _exchange(client, code, verifier, redirect_uri="http://127.0.0.1:8000/elsewhere")

    assert response.json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    "overrides",
    [{"client_id": "someone-else"}, {"redirect_uri": "https://attacker.example/callback"}],
)
def test_unregistered_client_or_redirect_uri_gets_an_error_page_not_a_redirect(client, overrides):
    response = client.get("/vneid/authorize", _authorize_params(**overrides))

    assert response.status_code == 400
    assert "Location" not in response


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code_challenge": None}, "invalid_request"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"nonce": None}, "invalid_request"),
        ({"scope": "profile"}, "invalid_scope"),
        ({"response_type": "token"}, "unsupported_response_type"),
        # Longer than the code row holds: refused here, not with a server error at consent.
        ({"nonce": "n" * 256}, "invalid_request"),
        ({"code_challenge": "c" * 129}, "invalid_request"),
        ({"scope": "openid profile " * 20}, "invalid_request"),
    ],
)
def test_bad_authorization_requests_are_reported_to_the_client(client, overrides, error):
    response = client.get("/vneid/authorize", _authorize_params(**overrides))

    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["error"] == [error]
    assert query["state"] == ["st-1"]


def test_altered_signed_request_is_refused(client):
    signed = _signed_request(client, _authorize_params())

    response = client.post(
        "/vneid/authorize/decide",
        {"request": signed[:-3] + "abc", "personal_id": AN, "decision": "allow"},
    )

    assert response.status_code == 400
    assert not AuthorizationCode.objects.exists()


def test_a_person_without_an_account_cannot_be_chosen(client):
    signed = _signed_request(client, _authorize_params())

    response = client.post(
        "/vneid/authorize/decide", {"request": signed, "personal_id": KHANG, "decision": "allow"}
    )

    assert response.status_code == 400
    assert not AuthorizationCode.objects.exists()


def test_codes_and_tokens_are_stored_only_as_digests(client):
    code, verifier = _code_for(client)
    access_token = _exchange(client, code, verifier).json()["access_token"]

    assert not AuthorizationCode.objects.filter(code_digest=code).exists()
    assert not AccessToken.objects.filter(token_digest=access_token).exists()
    assert AccessToken.objects.count() == 1


def test_expired_codes_and_tokens_are_purged_on_schedule(client):
    from datasources.vneid.tasks import purge_expired_grants

    code, verifier = _code_for(client)
    _exchange(client, code, verifier)
    _code_for(client)  # a fresh, unexpired code stays
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    AuthorizationCode.objects.filter(used_at__isnull=False).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert purge_expired_grants.delay().get() == 2
    assert AuthorizationCode.objects.count() == 1
    assert not AccessToken.objects.exists()


def test_past_its_rate_a_client_is_refused_tokens_with_a_429_as_vneid_does(client, settings):
    settings.VNEID_TOKEN_RATE = "2/min"
    code, verifier = _code_for(client)
    first = _exchange(client, code, verifier)
    statuses = [_exchange(client, "used", verifier).status_code for _ in range(2)]

    assert first.status_code == 200
    assert statuses[0] == 400  # counted, though refused for its code
    assert statuses[1] == 429
    refused = _exchange(client, "used", verifier)
    assert refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another connected application has its own allowance.
    assert _exchange(client, "used", verifier, client_id="other-app").status_code != 429
