"""Domain errors of complaints, with messages in Vietnamese and English."""

from __future__ import annotations


class ComplaintError(Exception):
    """A complaint request refused; `field` names the input at fault, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ComplaintInvalid(ComplaintError):
    pass


class ComplaintTransitionRefused(ComplaintError):
    pass


class ComplaintStorageUnavailable(ComplaintError):
    """A file of evidence could not be stored: nothing was filed, and the
    reporter may try again later."""
