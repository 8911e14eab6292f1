"""Fetching a record: the freshness cache, then the circuit breaker, then the
source's adapter. Knows nothing of who asks or why: datasources.services.lookup
is the only caller, and it checks and logs that."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from django.core.cache import cache

from datasources.breaker import CircuitBreaker
from datasources.exceptions import SourceUnavailable
from datasources.records import SourceRecord
from datasources.registry import Source, adapter_for


class FetchStatus(StrEnum):
    OK = "ok"
    CACHED = "cached"
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class FetchOutcome:
    status: FetchStatus
    record: SourceRecord | None = None
    detail: str = ""
    elapsed_ms: float = 0.0


def record_cache_key(source_code: str, subject: str) -> str:
    return f"record:{source_code}:{subject}"


def cached_record_forget(*, source_code: str, subject: str) -> None:
    """Drop a cached record (after a correction, the next read goes to the source)."""
    cache.delete(record_cache_key(source_code, subject))


def fetch_record(*, source: Source, subject: str, use_cache: bool = True) -> FetchOutcome:
    started = time.perf_counter()

    def elapsed() -> float:
        return round((time.perf_counter() - started) * 1000, 1)

    key = record_cache_key(source.code, subject)
    if use_cache and (cached := cache.get(key)) is not None:
        return FetchOutcome(
            FetchStatus.CACHED, SourceRecord.from_cache(cached), elapsed_ms=elapsed()
        )
    breaker = CircuitBreaker(source.code)
    if not breaker.allow():
        return FetchOutcome(
            FetchStatus.UNAVAILABLE,
            detail=(
                f"Tạm ngừng gọi nguồn sau nhiều lần lỗi; thử lại sau "
                f"{breaker.retry_after_seconds()} giây. Circuit open after repeated failures; "
                f"retried in {breaker.retry_after_seconds()} s."
            ),
            elapsed_ms=elapsed(),
        )
    try:
        record = adapter_for(source.code).fetch(subject)
    except SourceUnavailable as error:
        breaker.record_failure()
        return FetchOutcome(FetchStatus.UNAVAILABLE, detail=error.message, elapsed_ms=elapsed())
    breaker.record_success()
    if record is None:
        return FetchOutcome(FetchStatus.NOT_FOUND, elapsed_ms=elapsed())
    cache.set(key, record.to_cache(), timeout=int(source.freshness.total_seconds()))
    return FetchOutcome(FetchStatus.OK, record, elapsed_ms=elapsed())
