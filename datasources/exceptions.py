"""Domain errors of data access, each with a message in Vietnamese and English."""

from __future__ import annotations

from django.utils.translation import gettext as _


class DataAccessError(Exception):
    """Base of every refused or failed data access."""

    code = "data_access_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LookupRefused(DataAccessError):
    """The request itself is wrong (unknown source or field, malformed ID, no purpose)."""

    code = "lookup_refused"


class UnknownSource(LookupRefused):
    code = "unknown_source"

    def __init__(self, *, source: str) -> None:
        self.source = source
        super().__init__(
            _("Không có nguồn dữ liệu “%(source)s”. Unknown data source “%(source)s”.")
            % {"source": source}
        )


class UnknownField(LookupRefused):
    code = "unknown_field"

    def __init__(self, *, source: str, field: str) -> None:
        self.source, self.field = source, field
        super().__init__(
            _(
                "Nguồn “%(source)s” không có trường “%(field)s”. "
                "Source “%(source)s” has no field “%(field)s”."
            )
            % {"source": source, "field": field}
        )


class LookupDenied(DataAccessError):
    """The actor may not read this person's data for this purpose."""

    code = "lookup_denied"


class SourceUnavailable(DataAccessError):
    """The source did not answer in time, failed, or its circuit breaker is open."""

    code = "source_unavailable"


class CorrectionError(DataAccessError):
    """A refused action on a correction request."""

    code = "correction_error"
