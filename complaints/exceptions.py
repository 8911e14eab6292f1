"""Domain errors of complaints, with messages in Vietnamese and English."""

from __future__ import annotations


class ComplaintError(Exception):
    """A complaint request refused; `field` names the input at fault, if any;
    `errors` every input at fault, each with its messages."""

    def __init__(
        self, message: str, *, field: str | None = None, errors: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors if errors is not None else ({field: [message]} if field else {})


class ComplaintInvalid(ComplaintError):
    @classmethod
    def of(cls, errors: dict[str, list[str]]) -> ComplaintInvalid:
        """Every field at fault at once; `message` and `field` are the first."""
        field, messages = next(iter(errors.items()))
        return cls(messages[0], field=field, errors=errors)


class ComplaintTransitionRefused(ComplaintError):
    pass


class ComplaintStorageUnavailable(ComplaintError):
    """A file of evidence could not be stored: nothing was filed, and the
    reporter may try again later."""
