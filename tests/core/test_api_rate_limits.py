"""The APIs' rate limits through HTTP: past its rate a caller gets a 429
`throttled` in the portal's shape with Retry-After; a logged-in user counts
on their own, an agency API client on its own, anyone else by address, and
X-Forwarded-For is believed only from the configured trusted proxies. Wrong
agency API credentials are counted per address and per client ID, and past
their limit refused with the same 429 before any secret is hashed."""

from __future__ import annotations

import base64
import json

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from rest_framework.test import APIClient

from dossiers.api_access.clients import agency_client_create
from tests.accounts.factories import CitizenFactory
from tests.core.test_settings import run_python

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
CATALOG = "/api/procedures/"
TRANSPARENCY = "/api/dashboards/public/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"agency_client": None, "user": None, "anon": None} | rates,
        }

    return set_rates


def _logged_in(user) -> APIClient:
    api = APIClient()
    api.force_login(user, backend=LOGIN)
    return api


def _agency_api(client_id: str, secret: str) -> APIClient:
    api = APIClient()
    token = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    api.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    return api


def _assert_throttled(response) -> None:
    assert response.status_code == 429
    body = response.json()
    assert set(body) == {"code", "detail"}
    assert body["code"] == "throttled"
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 60
    assert f"thử lại sau {wait} giây" in body["detail"]
    assert f"try again in {wait} s" in body["detail"]


def test_past_its_rate_an_anonymous_caller_gets_a_429_with_retry_after(rates):
    rates(anon="3/min")
    api = APIClient()

    statuses = [api.get(CATALOG).status_code for _ in range(3)]
    refused = api.get(TRANSPARENCY)  # every public API counts against the same allowance

    assert statuses == [200, 200, 200]
    _assert_throttled(refused)


def test_another_address_has_its_own_allowance(rates):
    rates(anon="1/min")
    api = APIClient()
    assert api.get(CATALOG, REMOTE_ADDR="203.0.113.7").status_code == 200
    _assert_throttled(api.get(CATALOG, REMOTE_ADDR="203.0.113.7"))

    assert api.get(CATALOG, REMOTE_ADDR="203.0.113.8").status_code == 200


def test_a_forwarded_address_is_ignored_without_trusted_proxies(rates, settings):
    rates(anon="1/min")
    settings.NUM_PROXIES = 0
    api = APIClient()
    assert api.get(CATALOG, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200

    # Writing another address in the header buys no new allowance.
    _assert_throttled(api.get(CATALOG, HTTP_X_FORWARDED_FOR="198.51.100.2"))


def test_behind_a_trusted_proxy_the_address_it_saw_is_counted(rates, settings):
    rates(anon="1/min")
    settings.NUM_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    api = APIClient()

    first = api.get(CATALOG, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    # The client's own entry before the proxy's is not believed: the same address again.
    spoofed = api.get(CATALOG, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1", **proxy)
    other = api.get(CATALOG, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)

    assert first.status_code == 200
    _assert_throttled(spoofed)
    assert other.status_code == 200


def test_each_logged_in_user_has_their_own_allowance(rates, citizen):
    rates(user="2/min", anon="100/min")
    api = _logged_in(citizen)
    assert [api.get("/api/dossiers/").status_code for _ in range(2)] == [200, 200]
    _assert_throttled(api.get("/api/dossiers/"))

    # Another citizen from the same address is not held back by the first.
    other = _logged_in(CitizenFactory())
    assert other.get("/api/dossiers/").status_code == 200


def test_a_logged_in_user_is_counted_by_account_not_by_the_anonymous_rate(rates, citizen):
    rates(user="100/min", anon="1/min")
    api = _logged_in(citizen)

    assert [api.get("/api/dossiers/").status_code for _ in range(3)] == [200, 200, 200]


def test_each_agency_client_has_its_own_allowance(rates, hong_bang_ward, le_chan_ward, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    rates(agency_client="2/min", user="100/min", anon="100/min")
    client, secret = agency_client_create(agency=hong_bang_ward, name="Hệ thống Hồng Bàng")
    other, other_secret = agency_client_create(agency=le_chan_ward, name="Hệ thống Lê Chân")
    api = _agency_api(client.client_id, secret)

    assert [api.get("/api/agency/dossiers/").status_code for _ in range(2)] == [200, 200]
    _assert_throttled(api.get("/api/agency/dossiers/"))
    assert (
        _agency_api(other.client_id, other_secret).get("/api/agency/dossiers/").status_code == 200
    )


def test_the_window_turns_and_the_caller_is_served_again(rates, monkeypatch):
    rates(anon="1/min")
    now = [1_800_000_000.0]
    monkeypatch.setattr("portal.core.rate_limits.time.time", lambda: now[0])
    api = APIClient()
    assert api.get(CATALOG).status_code == 200
    refused = api.get(CATALOG)
    _assert_throttled(refused)

    now[0] += int(refused["Retry-After"])

    assert api.get(CATALOG).status_code == 200


def test_the_default_rates_are_set_and_read_from_the_environment(tmp_path):
    # As deployed (the suite turns them off in tests/conftest.py), in a fresh interpreter.
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']))"
    )
    result = run_python(tmp_path, "-c", script, API_RATE_USER="42/min")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "agency_client": "1200/min", "user": "42/min", "anon": "300/min",
    }  # fmt: skip


class CountingHasher(MD5PasswordHasher):
    """A fast hasher that counts the hashes computed: the cost a guess puts on the portal."""

    hashes = 0

    def encode(self, password, salt):
        CountingHasher.hashes += 1
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings):
    settings.PASSWORD_HASHERS = ["tests.core.test_api_rate_limits.CountingHasher"]
    CountingHasher.hashes = 0
    return lambda: CountingHasher.hashes


@pytest.fixture
def agency_system(hong_bang_ward, hashes):
    return agency_client_create(agency=hong_bang_ward, name="Hệ thống Hồng Bàng")


AGENCY_QUEUE = "/api/agency/dossiers/"


def test_past_the_limit_wrong_credentials_get_a_429_before_any_hash(
    settings, agency_system, hashes
):
    settings.API_RATE_AUTH_FAILURES = "3/min"
    client, secret = agency_system
    guess = _agency_api(client.client_id, "doan-thu")

    assert [guess.get(AGENCY_QUEUE).status_code for _ in range(3)] == [401, 401, 401]
    hashed = hashes()
    refused = guess.get(AGENCY_QUEUE)
    # The right secret from the same address waits too: it is not told apart unhashed.
    right = _agency_api(client.client_id, secret).get(AGENCY_QUEUE)

    _assert_throttled(refused)
    _assert_throttled(right)
    assert hashes() == hashed


def test_wrong_secrets_for_one_client_id_are_counted_from_every_address(
    settings, agency_system, le_chan_ward
):
    settings.API_RATE_AUTH_FAILURES = "2/min"
    client, _ = agency_system
    other, other_secret = agency_client_create(agency=le_chan_ward, name="Hệ thống Lê Chân")
    guess = _agency_api(client.client_id, "doan-thu")

    assert guess.get(AGENCY_QUEUE, REMOTE_ADDR="198.51.100.1").status_code == 401
    assert guess.get(AGENCY_QUEUE, REMOTE_ADDR="198.51.100.2").status_code == 401
    _assert_throttled(guess.get(AGENCY_QUEUE, REMOTE_ADDR="198.51.100.3"))

    # Another client from that address is not held back.
    other_api = _agency_api(other.client_id, other_secret)
    assert other_api.get(AGENCY_QUEUE, REMOTE_ADDR="198.51.100.3").status_code == 200


def test_wrong_credentials_from_one_address_are_counted_whatever_the_client_id(
    settings, agency_system
):
    settings.API_RATE_AUTH_FAILURES = "2/min"
    settings.NUM_PROXIES = 1
    client, secret = agency_system
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    statuses = [
        _agency_api(f"mcs_doan{n}", "doan-thu")
        .get(AGENCY_QUEUE, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
        .status_code
        for n in range(2)
    ]
    refused = _agency_api("mcs_doan9", "doan-thu").get(
        AGENCY_QUEUE, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1", **proxy
    )
    elsewhere = _agency_api(client.client_id, secret).get(
        AGENCY_QUEUE, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy
    )

    assert statuses == [401, 401]
    _assert_throttled(refused)
    assert elsewhere.status_code == 200


def test_right_credentials_are_not_counted_and_a_verified_client_is_not_held_back(
    settings, agency_system, hashes
):
    settings.API_RATE_AUTH_FAILURES = "2/min"
    client, secret = agency_system
    right = _agency_api(client.client_id, secret)
    guess = _agency_api(client.client_id, "doan-thu")

    statuses = [
        guess.get(AGENCY_QUEUE).status_code,
        right.get(AGENCY_QUEUE).status_code,  # hashed once, then not counted
        guess.get(AGENCY_QUEUE).status_code,
    ]
    refused = guess.get(AGENCY_QUEUE)
    hashed = hashes()
    served = [right.get(AGENCY_QUEUE).status_code for _ in range(3)]

    assert statuses == [401, 200, 401]
    _assert_throttled(refused)
    # The secret verified a moment ago is still known: served at once, no hash.
    assert served == [200, 200, 200]
    assert hashes() == hashed


def test_the_failed_attempts_are_forgotten_when_the_window_turns(
    settings, agency_system, monkeypatch
):
    settings.API_RATE_AUTH_FAILURES = "1/min"
    now = [1_800_000_000.0]
    monkeypatch.setattr("portal.core.rate_limits.time.time", lambda: now[0])
    client, secret = agency_system
    assert _agency_api(client.client_id, "doan-thu").get(AGENCY_QUEUE).status_code == 401
    refused = _agency_api(client.client_id, secret).get(AGENCY_QUEUE)
    _assert_throttled(refused)

    now[0] += int(refused["Retry-After"])

    assert _agency_api(client.client_id, secret).get(AGENCY_QUEUE).status_code == 200
