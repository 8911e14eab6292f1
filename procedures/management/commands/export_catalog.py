from pathlib import Path

from django.core.management.base import BaseCommand

from procedures.catalog_io.exporter import catalog_export
from procedures.catalog_io.schema import FORMATS


class Command(BaseCommand):
    help = "Export the procedure catalog in the import format (JSON or CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, default="json", dest="fmt")
        parser.add_argument(
            "--output", type=Path, default=None,
            help="Write to this file instead of standard output.",
        )  # fmt: skip

    def handle(self, *args, fmt: str, output: Path | None, **options):
        text = catalog_export(fmt=fmt)
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        self.stderr.write(f"Catalog written to {output}.")
