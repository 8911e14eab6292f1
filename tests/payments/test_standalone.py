"""The payment platform as its own process on its own port
(`manage.py run_payment_platform`), in production mode, on a throwaway SQLite
database: it takes orders from its merchant, shows the checkout page over
plain HTTP, and serves nothing of the portal. Production refuses the
development secrets by having none."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from django.conf import settings

START_TIMEOUT_SECONDS = 60
MERCHANT = ("mot-cua-so-portal", "standalone-merchant-secret")
AS_THE_PORTAL_CALLS_IT = {"Host": "payment-platform:8002"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(var: Path, **extra: str) -> dict[str, str]:
    inherited = ("DATABASE_URL", "REDIS_URL", "REDIS_CACHE_URL", "CELERY_BROKER_URL")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in inherited and not key.startswith(("PAYMENT_", "GATEWAY_"))
    }
    env.update(
        PORTAL_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.vn",
        PORTAL_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'platform.sqlite3'}",
        **extra,
    )
    return env


def _answers(url: str, process: subprocess.Popen) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        try:
            return requests.get(f"{url}/healthz", timeout=1).status_code == 200
        except requests.ConnectionError:
            time.sleep(0.1)
    return False


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def platform_url(tmp_path_factory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("platform-var")
    env = _environment(
        var,
        PAYMENT_PLATFORM_URL="http://payment-platform:8002/payment-platform",
        PAYMENT_MERCHANT_SECRET=MERCHANT[1],
        PAYMENT_WEBHOOK_SECRET="standalone-webhook-secret",
        PAYMENT_PLATFORM_LATENCY_MS="0",
    )
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    # As the image is built: static files collected (its page uses the design system).
    for command in (["migrate", "payment_platform"], ["collectstatic", "--verbosity", "0"]):
        subprocess.run(
            [*manage, *command, "--noinput"],
            cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    log = var / "platform.log"
    for _attempt in range(3):  # the free port may be taken in between: try another
        port = _free_port()
        url = f"http://127.0.0.1:{port}/payment-platform"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [*manage, "run_payment_platform", "--port", str(port)],
                cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
        if _answers(url, process):
            break
        _stop(process)
    else:
        pytest.fail(f"the platform did not start:\n{log.read_text(errors='replace')[-4000:]}")
    try:
        yield url
    finally:
        _stop(process)


def _order() -> dict:
    return {
        "order_id": "MCS261125STANDALONE", "amount": 120_000, "currency": "VND",
        "description": "Phí, lệ phí hồ sơ 11311-261125-0002", "reference": "11311-261125-0002",
        "return_url": "https://portal.example.vn/payments/return/MCS261125STANDALONE/",
        "notify_url": "https://portal.example.vn/payments/webhook/",
    }  # fmt: skip


def test_it_takes_an_order_from_its_merchant_by_the_name_the_portal_uses(platform_url):
    response = requests.post(f"{platform_url}/v1/orders", json=_order(), auth=MERCHANT,
                             headers=AS_THE_PORTAL_CALLS_IT, timeout=10)  # fmt: skip

    assert response.status_code in (200, 201), response.text
    body = response.json()
    assert body["checkout_url"].startswith(
        "http://payment-platform:8002/payment-platform/checkout/"
    )
    page = requests.get(
        f"{platform_url}/checkout/{body['transaction_id']}", timeout=10, allow_redirects=False
    )
    assert page.status_code == 200 and "120.000 ₫" in page.text


def test_it_refuses_a_merchant_without_credentials(platform_url):
    response = requests.post(f"{platform_url}/v1/orders", json=_order(), timeout=10)

    assert response.status_code == 401 and response.json()["error"] == "unauthorized"


@pytest.mark.parametrize("path", ["/healthz", "/admin/", "/payments/webhook/"])
def test_it_serves_nothing_of_the_portal(platform_url, path):
    response = requests.get(platform_url.removesuffix("/payment-platform") + path, timeout=10)

    assert response.status_code == 404 and response.json() == {"error": "unknown_endpoint"}


def test_production_has_no_development_payment_secrets(tmp_path):
    script = (
        "import json; from django.conf import settings; print(json.dumps(["
        "settings.PAYMENT_MERCHANT_SECRET, settings.PAYMENT_WEBHOOK_SECRET, "
        "settings.PAYMENT_PLATFORM_MERCHANTS]))"
    )
    env = _environment(tmp_path, DJANGO_SETTINGS_MODULE="portal.settings")

    result = subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip

    assert result.returncode == 0, result.stderr
    merchant_secret, webhook_secret, accepted = json.loads(result.stdout.strip().splitlines()[-1])
    # Empty: the client does not call the platform, every notification is refused,
    # and the mock platform accepts no merchant, until real secrets are set.
    assert merchant_secret == webhook_secret == ""
    assert accepted == {"mot-cua-so-portal": ""}
