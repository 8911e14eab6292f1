"""The portal trusts a VNeID login only on an id_token it has verified itself:
signed by VNeID's published key, issued by VNeID, for this portal, not
expired, carrying this login's nonce, and about the same person as userinfo.
Each test makes the mock provider answer the token request with one altered
id_token, and the login through the real callback is refused."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from datasources.vneid import services as provider
from datasources.vneid.keys import signing_key
from portal.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)

AN = "031090001234"  # Nguyễn Văn An, a citizen among the demo persons
HOA = "031188002468"  # Lê Thị Hoa, official at UBND phường Hồng Bàng
_OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def _another_key(token: str) -> str:
    # The published key's kid, so only the signature can tell.
    return jwt.encode(_claims(token), _OTHER_KEY, algorithm="RS256",
                      headers={"kid": signing_key().kid})  # fmt: skip


def _resigned(**changes):
    def alter(token: str) -> str:
        return jwt.encode({**_claims(token), **changes}, signing_key().private_key,
                          algorithm="RS256", headers={"kid": signing_key().kid})  # fmt: skip

    return alter


def _unsigned(token: str) -> str:
    return jwt.encode(_claims(token), None, algorithm="none")


def _another_person(token: str) -> str:
    # Correctly signed, but the id_token names Hoa while userinfo (the access
    # token's holder) is An: one of the two is not who logged in.
    return _resigned(sub=HOA, personal_id=HOA)(token)


ALTERATIONS = {
    "signed with another key": _another_key,
    "not signed": _unsigned,
    "for another application": _resigned(aud="another-application"),
    "from another issuer": _resigned(iss="https://evil.example/vneid"),
    "expired": _resigned(exp=int(time.time()) - 60, iat=int(time.time()) - 400),
    "without a nonce": _resigned(nonce=None),
    "about another person than userinfo": _another_person,
}


@pytest.mark.parametrize("alteration", ALTERATIONS.values(), ids=ALTERATIONS.keys())
def test_an_altered_id_token_does_not_log_anyone_in(browser, monkeypatch, alteration):
    issue = provider._id_token
    monkeypatch.setattr(provider, "_id_token", lambda **kwargs: alteration(issue(**kwargs)))

    answer = browser.log_in_as(AN)

    assert answer.status_code == 400
    assert "không thể xác minh" in answer.text  # VNeID's answer could not be verified
    assert not User.objects.filter(personal_id__in=[AN, HOA]).exists()
    assert browser.get("/accounts/home/").status_code == 302  # still anonymous


def test_the_same_id_token_is_not_accepted_twice(browser, monkeypatch):
    issued: list[str] = []
    issue = provider._id_token

    def replay(**kwargs) -> str:
        issued.append(issued[0] if issued else issue(**kwargs))
        return issued[-1]

    monkeypatch.setattr(provider, "_id_token", replay)
    assert browser.log_in_as(AN).status_code == 302
    browser.post("/accounts/logout/", {})

    answer = browser.log_in_as(AN)

    assert answer.status_code == 400
    assert browser.get("/accounts/home/").status_code == 302


def test_a_discovery_document_naming_another_issuer_does_not_move_the_trusted_one(
    browser, monkeypatch
):
    # Whoever can alter the discovery document the portal fetches (a proxy, a
    # poisoned cache) must not be able to make it trust tokens of another issuer.
    from django.core.cache import cache

    evil = "https://evil.example/vneid"
    document = provider.discovery_document
    monkeypatch.setattr(provider, "discovery_document", lambda: {**document(), "issuer": evil})
    issue = provider._id_token
    monkeypatch.setattr(provider, "_id_token", lambda **kw: _resigned(iss=evil)(issue(**kw)))
    cache.clear()  # the portal keeps the discovery document for a while

    answer = browser.log_in_as(AN)

    assert answer.status_code == 400
    assert not User.objects.filter(personal_id=AN).exists()
