"""The people who hold a VNeID account in the mock: the named demo persons.

Children under 14 have no account of their own (their parents act for
them), as in the real VNeID; they are not offered on the login page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from datasources.demo_people import DEMO_PEOPLE, DemoPerson

MINIMUM_ACCOUNT_AGE = 14
# Level 2: the account was verified in person against the citizen ID card.
ASSURANCE_LEVEL = 2


@dataclass(frozen=True)
class VNeIDIdentity:
    personal_id: str
    full_name: str
    date_of_birth: date
    sex: str
    assurance_level: int
    description: str

    def claims(self) -> dict:
        """The identity claims (OpenID Connect standard names plus VNeID's own)."""
        return {
            "sub": self.personal_id,
            "personal_id": self.personal_id,
            "name": self.full_name,
            "birthdate": self.date_of_birth.isoformat(),
            "gender": self.sex,
            "assurance_level": self.assurance_level,
            "acr": f"vneid:level{self.assurance_level}",
        }


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _identity(person: DemoPerson) -> VNeIDIdentity:
    return VNeIDIdentity(
        personal_id=person.personal_id,
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        assurance_level=ASSURANCE_LEVEL,
        description=person.description,
    )


def account_holders() -> list[VNeIDIdentity]:
    today = timezone.localdate()
    return [
        _identity(person)
        for person in DEMO_PEOPLE
        if _age_on(person.date_of_birth, today) >= MINIMUM_ACCOUNT_AGE
    ]


def account_holder(personal_id: str) -> VNeIDIdentity | None:
    return next((i for i in account_holders() if i.personal_id == personal_id), None)
