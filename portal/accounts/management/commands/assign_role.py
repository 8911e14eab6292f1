from django.core.management.base import BaseCommand, CommandError

from portal.accounts.exceptions import AccountError
from portal.accounts.services import staff_assign


class Command(BaseCommand):
    help = "Give a person (by personal ID) a staff role in an agency."

    def add_arguments(self, parser):
        parser.add_argument("--personal-id", required=True)
        parser.add_argument("--role", required=True)
        parser.add_argument("--agency", default=None, help="Agency code, e.g. 11311 or 31.TTPVHCC")
        parser.add_argument("--name", default="", help="Full name until the first VNeID login")

    def handle(self, *args, personal_id, role, agency, name, **options):
        try:
            user = staff_assign(
                personal_id=personal_id, role=role, agency_code=agency, full_name=name
            )
        except AccountError as error:
            raise CommandError(error.message) from error
        where = f" @ {user.agency.name}" if user.agency else ""
        self.stdout.write(
            self.style.SUCCESS(f"{user.personal_id}: {user.get_role_display()}{where}")
        )
