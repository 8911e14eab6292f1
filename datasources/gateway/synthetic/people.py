"""A synthetic person from nothing but a personal ID, the same every time.

The ID's layout gives birth province (digits 1-3), century and sex (digit 4:
0/1 male/female born 1900-1999, 2/3 born 2000-2099) and birth year (5-6).
A deterministic share of people carry the defects real registers have:
an outdated permanent residence (they moved, registered only a temporary
stay there, and other registers know the new home), a spelling variant of
the name in the civil-status register, a birth never entered electronically."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from datasources.gateway.synthetic import names, places
from datasources.gateway.synthetic.seeds import bucket, rng_for

# Draws that depend on age use this day, so that a person does not change
# from one day to the next.
REFERENCE_DAY = date(2026, 1, 1)

# Per thousand people.
OUTDATED_ADDRESS = range(0, 30)
SPELLING_VARIANT = range(30, 40)
MISSING_CIVIL_STATUS = range(40, 60)


@dataclass(frozen=True)
class Person:
    personal_id: str
    full_name: str
    sex: str
    date_of_birth: date
    province: int
    ward_code: int
    address: str
    address_updated_at: date
    temporary_address: str | None = None
    # Where someone with an outdated residence really lives now (the new home).
    moved_to_ward_code: int | None = None
    marital_status: str = "single"  # single, married, divorced, widowed
    father_name: str = ""
    mother_name: str = ""
    spouse: tuple[str, str] | None = None  # (personal ID, name)
    household: tuple[dict, ...] = ()
    defects: frozenset[str] = field(default_factory=frozenset)

    @property
    def current_address(self) -> str:
        """The address other registers know: the new home after an unrecorded move."""
        if self.moved_to_ward_code is not None and self.temporary_address:
            return self.temporary_address
        return self.address

    @property
    def current_ward_code(self) -> int:
        return self.ward_code if self.moved_to_ward_code is None else self.moved_to_ward_code

    @property
    def age(self) -> int:
        born = self.date_of_birth
        day = REFERENCE_DAY
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def sex_and_birth_year(personal_id: str) -> tuple[str, int]:
    code = int(personal_id[3])
    return ("male" if code % 2 == 0 else "female"), 1900 + (code // 2) * 100 + int(personal_id[4:6])


def defects_of(personal_id: str) -> frozenset[str]:
    share = bucket(personal_id, "defects")
    found = set()
    if share in OUTDATED_ADDRESS:
        found.add("outdated_address")
    if share in SPELLING_VARIANT:
        found.add("spelling_variant")
    if share in MISSING_CIVIL_STATUS:
        found.add("missing_civil_status")
    return frozenset(found)


def derived_personal_id(personal_id: str, *, sex: str, birth_year: int, topic: str) -> str:
    """A relative's ID with the right layout (province, century and sex, year)."""
    century_code = (birth_year // 100 - 19) * 2 + (0 if sex == "male" else 1)
    serial = rng_for(personal_id, topic).randint(0, 999_999)
    return f"{personal_id[:3]}{century_code}{birth_year % 100:02d}{serial:06d}"


def marital_status_of(personal_id: str, *, age: int) -> str:
    """For someone who married: still married, divorced, or widowed (more often
    with age), drawn apart from the other draws so that they stay as they were."""
    draw = rng_for(personal_id, "marriage").random()
    widowed = 0.30 if age >= 70 else 0.10 if age >= 55 else 0.01
    if draw < widowed:
        return "widowed"
    if draw < widowed + 0.05:
        return "divorced"
    return "married"


@lru_cache(maxsize=4096)
def synthetic_person(personal_id: str) -> Person:
    rng = rng_for(personal_id, "person")
    sex, year = sex_and_birth_year(personal_id)
    born = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
    family = names.family_name(rng)
    full_name = names.full_name(rng, sex, family if sex == "male" else None)
    province = places.province_for(personal_id, rng)
    ward = places.ward_in(province, rng)
    defects = defects_of(personal_id)
    updated = REFERENCE_DAY - timedelta(days=rng.randint(30, 900))
    temporary = None
    moved_to = None
    if "outdated_address" in defects:
        # Moved years ago, registered only a temporary stay: the permanent
        # residence on record is the old one.
        updated = REFERENCE_DAY - timedelta(days=rng.randint(2500, 5000))
        moved_to = places.ward_in(province, rng)
        temporary = places.address(moved_to, rng)
    address = places.address(ward, rng)
    person = Person(
        personal_id=personal_id,
        full_name=full_name,
        sex=sex,
        date_of_birth=born,
        province=province,
        ward_code=ward,
        address=address,
        address_updated_at=updated,
        temporary_address=temporary,
        moved_to_ward_code=moved_to,
        father_name=names.full_name(rng, "male", family if sex == "male" else None),
        mother_name=names.full_name(rng, "female"),
        defects=defects,
    )
    spouse = None
    spouse_born = None
    if person.age >= 22 and rng.random() < 0.65:
        spouse_sex = "female" if sex == "male" else "male"
        spouse_year = min(year + rng.randint(-3, 3), REFERENCE_DAY.year - 20)
        spouse = (
            derived_personal_id(personal_id, sex=spouse_sex, birth_year=spouse_year,
                                topic="spouse"),
            names.full_name(rng, spouse_sex, family if spouse_sex == "male" else None),
        )  # fmt: skip
        spouse_born = date(spouse_year, 1, 1) + timedelta(
            days=rng_for(personal_id, "spouse_birth").randint(0, 364)
        )
    status = marital_status_of(personal_id, age=person.age) if spouse else "single"
    household = [{"personal_id": personal_id, "full_name": full_name, "relation": "chủ hộ",
                  "date_of_birth": born.isoformat()}]  # fmt: skip
    if spouse and spouse_born and status == "married":
        household.append({"personal_id": spouse[0], "full_name": spouse[1],
                          "relation": "vợ" if sex == "male" else "chồng",
                          "date_of_birth": spouse_born.isoformat()})  # fmt: skip
    return Person(**{**person.__dict__, "spouse": spouse, "marital_status": status,
                     "household": tuple(household)})  # fmt: skip
