"""Operating the mock gateway: source behaviour, owners' corrections."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from datasources.gateway.behaviour import Behaviour, behaviour_store
from datasources.gateway.models import RecordCorrection
from datasources.gateway.records import served_sources
from datasources.registry import source as registered_source
from portal.accounts.models import personal_id_validator


class GatewayError(Exception):
    """A refused operator request; the message is bilingual."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _checked_source(source: str) -> str:
    if source not in served_sources():
        raise GatewayError(
            _("Cổng không phục vụ nguồn “%(s)s”. The gateway does not serve “%(s)s”.")
            % {"s": source}
        )
    return source


def behaviour_set(*, source: str, latency_ms: Any, failure_rate: Any) -> Behaviour:
    """Change a source's latency (0-60000 ms) and failure rate (0-1) for every process."""
    _checked_source(source)
    try:
        latency, rate = int(latency_ms), float(failure_rate)
    except (TypeError, ValueError):
        latency, rate = -1, -1.0
    if not (0 <= latency <= 60_000 and 0.0 <= rate <= 1.0):
        raise GatewayError(
            _(
                "Độ trễ phải từ 0 đến 60000 ms và tỉ lệ lỗi từ 0 đến 1. "
                "Latency must be 0-60000 ms and the failure rate 0-1."
            )
        )
    behaviour = Behaviour(latency_ms=latency, failure_rate=rate)
    behaviour_store(source, behaviour)
    return behaviour


def behaviour_reset(*, source: str) -> None:
    behaviour_store(_checked_source(source), None)


def record_correction_apply(
    *, source: str, subject: str, field: str, value: Any, note: str = ""
) -> RecordCorrection:
    """The database owner corrects a value; the gateway serves it from now on."""
    registered_source(_checked_source(source)).field(field)
    if not personal_id_validator.regex.fullmatch(subject or ""):
        raise GatewayError(str(personal_id_validator.message))
    return RecordCorrection.objects.create(
        source=source, subject=subject, field=field, value=value, note=note
    )
