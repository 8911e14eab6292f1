from django.core.management.base import BaseCommand, CommandError

from portal.accounts.agencies import load_agencies
from portal.accounts.exceptions import AccountError


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
        try:
            report = load_agencies(provinces=provinces)
        except AccountError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.provinces} provinces, {report.wards} commune-level units, "
                f"{report.total} agencies in all."
            )
        )
