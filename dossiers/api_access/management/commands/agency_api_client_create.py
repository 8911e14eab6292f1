"""Create the client credentials of an agency's case-management system; the
secret is printed once and kept only as a hash."""

from django.core.management.base import BaseCommand, CommandError

from dossiers.api_access.clients import agency_client_create
from dossiers.exceptions import DossierError
from portal.accounts.selectors import agency_by_code


class Command(BaseCommand):
    help = "Create an agency API client and print its client ID and secret (shown only once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("agency", help="The agency's code.")
        parser.add_argument("--name", required=True, help="The calling system's name.")

    def handle(self, *args, agency: str, name: str, **options) -> None:
        found = agency_by_code(code=agency)
        if found is None:
            raise CommandError(f"Unknown agency: {agency}")
        try:
            client, secret = agency_client_create(agency=found, name=name)
        except DossierError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"agency:    {found.code} {found.name}")
        self.stdout.write(f"client_id: {client.client_id}")
        self.stdout.write(f"secret:    {secret}")
        self.stdout.write("Keep the secret now: it is not stored and cannot be shown again.")
