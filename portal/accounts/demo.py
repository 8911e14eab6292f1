"""The demo accounts: one per role, each a named demo person, plus the administrator."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from datasources.demo_people import DEMO_PEOPLE
from datasources.vneid.identities import account_holder
from portal.accounts.models import Agency, Role, User

ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoAccount:
    login: str
    full_name: str
    role: str
    agency: str
    how: str


def demo_admin_password() -> str:
    """DEMO_ADMIN_PASSWORD, or one generated once and kept under var/."""
    if password := os.environ.get("DEMO_ADMIN_PASSWORD"):
        return password
    path = settings.VAR_DIR / "demo-admin-password"
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password)
    path.chmod(0o600)
    return password


@transaction.atomic
def demo_accounts_ensure() -> list[DemoAccount]:
    """Create or refresh the demo accounts; idempotent."""
    accounts = []
    for person in DEMO_PEOPLE:
        agency = Agency.objects.get(code=person.agency_code) if person.agency_code else None
        user, created = User.objects.update_or_create(
            personal_id=person.personal_id,
            defaults={
                "username": person.personal_id,
                "full_name": person.full_name,
                "date_of_birth": person.date_of_birth,
                "role": person.role,
                "agency": agency,
                "position": person.position,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        accounts.append(
            DemoAccount(
                login=person.personal_id,
                full_name=person.full_name,
                role=user.get_role_display(),
                agency=agency.name if agency else "",
                how="VNeID"
                if account_holder(person.personal_id)
                else "no login of his own: a parent acts for the child",
            )
        )
    admin, _ = User.objects.get_or_create(
        username=ADMIN_USERNAME,
        defaults={"full_name": "Quản trị hệ thống", "role": Role.ADMINISTRATOR},
    )
    admin.role = Role.ADMINISTRATOR
    admin.is_staff = admin.is_superuser = True
    password = demo_admin_password()
    if not admin.check_password(password):
        # Set only when it differs: a new hash (new salt) at every run would be a change.
        admin.set_password(password)
    admin.save()
    accounts.append(
        DemoAccount(
            login=ADMIN_USERNAME,
            full_name=admin.full_name,
            role=admin.get_role_display(),
            agency="",
            how=f"password {password} at /admin/",
        )
    )
    return accounts
