"""Figures of the project shell: the health probe, the public home page, memory."""

import resource
import sys
from functools import cache

from django.test import Client

from bench.harness import figure, p95_ms


@cache
def anonymous_client() -> Client:
    return Client()


def get_ok(path: str) -> None:
    response = anonymous_client().get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")


@figure("healthz_p95_ms", unit="ms", at_most=50)
def healthz_p95_ms() -> float:
    return p95_ms(lambda: get_ok("/healthz"))


@figure("public_home_p95_ms", unit="ms", at_most=100)
def public_home_p95_ms() -> float:
    return p95_ms(lambda: get_ok("/"))


@figure("peak_rss_mb", unit="MB", at_most=300, order=1000)
def peak_rss_mb() -> float:
    # The peak of this whole run, taken last; ru_maxrss is in bytes on macOS,
    # kilobytes elsewhere.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)
