"""Domain errors of accounts and agencies, each with a bilingual message."""

from __future__ import annotations


class AccountError(Exception):
    """A refused change to an account: the message says why, in Vietnamese and English."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
