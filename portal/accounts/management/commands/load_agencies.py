from django.core.management.base import BaseCommand

from portal.accounts.agencies import load_agencies


class Command(BaseCommand):
    help = "Load or refresh the agency tree over the real administrative units (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            type=int,
            action="append",
            dest="provinces",
            help="Limit to this province code (repeatable); all 34 by default.",
        )

    def handle(self, *args, provinces=None, **options):
        report = load_agencies(provinces=provinces)
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.provinces} provinces, {report.wards} commune-level units, "
                f"{report.total} agencies in all."
            )
        )
