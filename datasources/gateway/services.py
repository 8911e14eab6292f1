"""Operating the mock gateway: source behaviour, owners' corrections."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from datasources.gateway.behaviour import Behaviour, behaviour_for, behaviour_store
from datasources.gateway.models import RecordCorrection
from datasources.gateway.records import served_sources
from datasources.registry import source as registered_source
from portal.accounts.models import PERSONAL_ID_RE, personal_id_validator


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


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _fraction(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def behaviour_set(*, source: str, latency_ms: Any = None, failure_rate: Any = None) -> Behaviour:
    """Change a source's latency (0-60000 whole ms) and failure rate (0-1) for
    every process, through the shared cache; a value left out (None) keeps the
    current one. Raises GatewayError for an unknown source or a bad value."""
    _checked_source(source)
    current = behaviour_for(source)
    latency = current.latency_ms if latency_ms is None else _whole_number(latency_ms)
    rate = current.failure_rate if failure_rate is None else _fraction(failure_rate)
    if latency is None or rate is None or not (0 <= latency <= 60_000 and 0.0 <= rate <= 1.0):
        raise GatewayError(
            _(
                "Độ trễ phải là số nguyên từ 0 đến 60000 ms và tỉ lệ lỗi là số từ 0 đến 1. "
                "Latency must be a whole number of ms from 0 to 60000 and the failure rate "
                "a number from 0 to 1."
            )
        )
    behaviour = Behaviour(latency_ms=latency, failure_rate=rate)
    behaviour_store(source, behaviour)
    return behaviour


def behaviour_reset(*, source: str) -> None:
    """Back to the settings' defaults (GATEWAY_BEHAVIOUR). Raises GatewayError."""
    behaviour_store(_checked_source(source), None)


def record_correction_apply(
    *, source: str, subject: str, field: str, value: Any, note: str = ""
) -> RecordCorrection:
    """The database owner corrects a value; the gateway serves it from now on (the
    latest correction of a field wins). Raises GatewayError for an unknown source
    or a subject that is not 12 digits, UnknownField for a field the source lacks."""
    registered_source(_checked_source(source)).field(field)
    if not PERSONAL_ID_RE.fullmatch(subject or ""):
        raise GatewayError(str(personal_id_validator.message))
    return RecordCorrection.objects.create(
        source=source, subject=subject, field=field, value=value, note=note
    )
