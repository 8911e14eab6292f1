"""What a VNeID login does to the portal's users."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from portal.accounts.models import Role, User


def _claimed_birth_date(claims: dict) -> date | None:
    try:
        return date.fromisoformat(claims.get("birthdate", ""))
    except ValueError:
        return None


def user_for_personal_id(*, personal_id: str) -> User | None:
    """The account already held by this person (a citizen who logged in before,
    or an official whose role and agency were assigned by personal ID)."""
    return User.objects.filter(personal_id=personal_id).first()


def user_populate_from_claims(*, user: User, claims: dict) -> User:
    """Fill a new account from VNeID's claims: everyone starts as a citizen;
    staff roles are only ever assigned inside the portal."""
    user.username = claims["personal_id"]
    user.personal_id = claims["personal_id"]
    user.full_name = claims.get("name", "")
    user.date_of_birth = _claimed_birth_date(claims)
    user.assurance_level = claims.get("assurance_level")
    user.role = Role.CITIZEN
    return user


@transaction.atomic
def user_sync_from_claims(*, user: User, claims: dict) -> User:
    """VNeID is the authority on name, birth date and assurance level: keep them current."""
    user.full_name = claims.get("name", user.full_name)
    user.date_of_birth = _claimed_birth_date(claims) or user.date_of_birth
    user.assurance_level = claims.get("assurance_level", user.assurance_level)
    user.save(update_fields=["full_name", "date_of_birth", "assurance_level"])
    return user
