"""A record as a source returned it, with what provenance needs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SourceRecord:
    source: str
    subject: str
    record_id: str
    updated_at: str | None  # when the source last changed the record (its own clock)
    fetched_at: datetime  # when the portal fetched it
    data: dict = field(default_factory=dict)

    def only(self, fields: list[str]) -> dict:
        return {name: self.data.get(name) for name in fields}

    def to_cache(self) -> dict:
        value = asdict(self)
        value["fetched_at"] = self.fetched_at.isoformat()
        return value

    @classmethod
    def from_cache(cls, value: dict) -> SourceRecord:
        return cls(**{**value, "fetched_at": datetime.fromisoformat(value["fetched_at"])})
