"""Sources served by the national data gateway (LGSP/NDXP)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from datasources.client import GatewayClient
from datasources.exceptions import SourceUnavailable
from datasources.records import SourceRecord
from datasources.registry import Source


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str


class GatewayAdapter:
    def __init__(self, source: Source) -> None:
        self.source = source

    def fetch(self, subject: str) -> SourceRecord | None:
        """The source's record of this person, or None when it holds none.
        Raises SourceUnavailable."""
        answer = GatewayClient().get(f"sources/{self.source.code}/subjects/{subject}")
        if answer.status == 404 and answer.body.get("error") == "not_found":
            return None
        if answer.status != 200:
            raise SourceUnavailable(
                f"Cổng trao đổi dữ liệu từ chối yêu cầu ({answer.status}). "
                f"The gateway refused the request ({answer.status} {answer.body.get('error', '')})."
            )
        return SourceRecord(
            source=self.source.code,
            subject=subject,
            record_id=str(answer.body.get("record_id", "")),
            updated_at=answer.body.get("updated_at"),
            fetched_at=timezone.now(),
            data=answer.body.get("data") or {},
        )

    def check(self) -> CheckResult:
        """Is the gateway reachable with our credentials, and does it serve this source?"""
        try:
            answer = GatewayClient().get("sources")
        except SourceUnavailable as error:
            return CheckResult(False, error.message)
        if answer.status != 200:
            return CheckResult(False, f"gateway answered {answer.status}")
        served = {item.get("code") for item in answer.body.get("sources", [])}
        if self.source.code not in served:
            return CheckResult(False, "the gateway does not serve this source")
        return CheckResult(True, "ok")
