from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procedures.catalog_io.exceptions import CatalogImportRefused, UnknownCatalogFormat
from procedures.catalog_io.importer import catalog_import
from procedures.catalog_io.parsing import catalog_read
from procedures.catalog_io.schema import FORMATS


class Command(BaseCommand):
    help = (
        "Import a procedure catalog (JSON or CSV, see docs/catalog-format.md): all or "
        "nothing, idempotent. A refused file prints every problem by row."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--format", choices=FORMATS, default=None, dest="fmt",
            help="json or csv; taken from the file's suffix by default.",
        )  # fmt: skip

    def handle(self, *args, path: Path, fmt: str | None, **options):
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}. No such file: {path}")
        try:
            report = catalog_import(document=catalog_read(path=path, fmt=fmt))
        except UnknownCatalogFormat as error:
            raise CommandError(error.message) from error
        except CatalogImportRefused as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(error.message) from error
        for kind, tally in report.tallies():
            self.stdout.write(
                f"{kind:<13} created {tally.created:>4}  updated {tally.updated:>4}  "
                f"unchanged {tally.unchanged:>4}  removed {tally.removed:>4}"
            )
        summary = "Catalog updated." if report.changed else "Catalog unchanged."
        self.stdout.write(self.style.SUCCESS(summary))
