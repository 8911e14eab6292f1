"""Domain errors of catalog import and export."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from procedures.exceptions import CatalogError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalog file: where (a JSON path such as
    "procedures[3].components[1]", or "row 17" of a CSV file) and what, in
    Vietnamese then English."""

    at: str
    message: str

    def __str__(self) -> str:
        return f"{self.at}: {self.message}"


class CatalogImportRefused(CatalogError):
    """The file has problems; nothing was written. Carries every problem found."""

    code = "catalog_import_refused"

    def __init__(self, *, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(
            _(
                "Tệp danh mục có %(count)s lỗi; không có gì được ghi. "
                "The catalog file has %(count)s problem(s); nothing was written."
            )
            % {"count": len(self.problems)}
        )


class UnknownCatalogFormat(CatalogError):
    code = "unknown_catalog_format"

    def __init__(self, *, fmt: str) -> None:
        self.fmt = fmt
        super().__init__(
            _(
                "Không có định dạng “%(fmt)s”; dùng json hoặc csv. "
                "Unknown format “%(fmt)s”; use json or csv."
            )
            % {"fmt": fmt}
        )
