"""Figures of accounts and login: the agency load, a leader's home over the
real Hải Phòng tree, and one VNeID code exchange (signing included)."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time
from functools import cache
from html import unescape

from django.conf import settings
from django.test import Client

from bench.harness import figure, p95_ms


@cache
def _loaded_tree() -> None:
    from portal.accounts.agencies import load_agencies

    load_agencies()


@figure("agency_load_s", unit="s", at_most=10)
def agency_load_s() -> float:
    from portal.accounts.agencies import load_agencies

    started = time.perf_counter()
    load_agencies()
    return time.perf_counter() - started


@figure("leader_home_p95_ms", unit="ms", at_most=150)
def leader_home_p95_ms() -> float:
    from portal.accounts.services import staff_assign

    _loaded_tree()
    leader = staff_assign(personal_id="031175001122", role="leader", agency_code="31")
    client = Client()
    client.force_login(leader, backend="portal.accounts.backends.VNeIDSessionBackend")

    def home() -> None:
        if client.get("/accounts/home/").status_code != 200:
            raise RuntimeError("the leader's home did not answer 200")

    return p95_ms(home, samples=100)


def _one_vneid_exchange(client: Client) -> None:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    params = {
        "response_type": "code", "client_id": settings.VNEID_CLIENT_ID,
        "redirect_uri": settings.VNEID_REDIRECT_URIS[0], "scope": "openid profile",
        "state": "s", "nonce": "n", "code_challenge": challenge.rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    }  # fmt: skip
    page = client.get("/vneid/authorize", params).content.decode()
    signed = unescape(re.search(r'name="request" value="([^"]+)"', page).group(1))
    back = client.post(
        "/vneid/authorize/decide",
        {"request": signed, "personal_id": "031090001234", "decision": "allow"},
    )
    code = back["Location"].split("code=")[1].split("&")[0]
    tokens = client.post("/vneid/token", {
        "grant_type": "authorization_code", "code": code, "code_verifier": verifier,
        "redirect_uri": settings.VNEID_REDIRECT_URIS[0], "client_id": settings.VNEID_CLIENT_ID,
        "client_secret": settings.VNEID_CLIENT_SECRET,
    })  # fmt: skip
    if tokens.status_code != 200:
        raise RuntimeError(f"token endpoint answered {tokens.status_code}")


@figure("vneid_code_flow_p95_ms", unit="ms", at_most=150)
def vneid_code_flow_p95_ms() -> float:
    client = Client()
    return p95_ms(lambda: _one_vneid_exchange(client), samples=100)
