"""The HTTP client of the national data gateway: client credentials, connect
and read timeouts, bounded retries with backoff for idempotent reads."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass

import requests
from django.conf import settings

from datasources.exceptions import SourceUnavailable

RETRIED_STATUSES = frozenset({502, 503, 504})
_local = threading.local()


def _session() -> requests.Session:
    # One session (connection pool) per thread: prefill fetches run in threads.
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


@dataclass(frozen=True)
class GatewayAnswer:
    status: int
    body: dict


class GatewayClient:
    def __init__(self) -> None:
        self.base_url = settings.GATEWAY_URL.rstrip("/")
        self.auth = (settings.GATEWAY_CLIENT_ID, settings.GATEWAY_CLIENT_SECRET)
        self.timeout = (settings.GATEWAY_CONNECT_TIMEOUT, settings.GATEWAY_READ_TIMEOUT)
        self.retries = settings.GATEWAY_RETRIES
        self.backoff = settings.GATEWAY_RETRY_BACKOFF

    def get(self, path: str) -> GatewayAnswer:
        """GET a gateway path. Retries refused connections and 502/503/504 with
        exponential backoff; a read timeout is not retried, so that an outage
        is reported within one timeout. Raises SourceUnavailable."""
        url = f"{self.base_url}/v1/{path.lstrip('/')}"
        attempt = 0
        while True:
            try:
                response = _session().get(url, auth=self.auth, timeout=self.timeout)
            except requests.ConnectTimeout as error:
                failure = f"connect timeout: {error}"
            except requests.ConnectionError as error:
                failure = f"connection failed: {error}"
            except requests.ReadTimeout as error:
                raise SourceUnavailable(_timeout_message()) from error
            else:
                if response.status_code not in RETRIED_STATUSES:
                    return GatewayAnswer(response.status_code, _json(response))
                failure = f"gateway answered {response.status_code}"
            if attempt >= self.retries:
                raise SourceUnavailable(_unavailable_message(failure))
            time.sleep(self.backoff * (2**attempt) * (1 + random.random() / 4))
            attempt += 1


def _json(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _timeout_message() -> str:
    return (
        f"Nguồn dữ liệu không trả lời trong {settings.GATEWAY_READ_TIMEOUT:g} giây. "
        f"The source did not answer within {settings.GATEWAY_READ_TIMEOUT:g} s."
    )


def _unavailable_message(failure: str) -> str:
    return f"Nguồn dữ liệu tạm thời không sẵn sàng. The source is unavailable ({failure})."
