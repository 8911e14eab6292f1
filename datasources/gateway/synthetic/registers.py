"""The records each mock database keeps about a person."""

from __future__ import annotations

from datetime import date, timedelta

from datasources.gateway.synthetic import names, places
from datasources.gateway.synthetic.people import REFERENCE_DAY, Person
from datasources.gateway.synthetic.seeds import rng_for

CARD_AUTHORITY = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
HOSPITALS = ("Bệnh viện đa khoa tỉnh", "Trung tâm y tế khu vực", "Bệnh viện Hữu nghị Việt Tiệp",
             "Trạm y tế phường")  # fmt: skip
BRANDS = ("Honda", "Yamaha", "VinFast", "Toyota", "Hyundai", "Kia", "Suzuki")


def _household_head(person: Person) -> dict:
    """The household's head as its members list names them; the person
    themself when the list names none."""
    return next(
        (m for m in person.household if m["relation"] == "chủ hộ"),
        {"personal_id": person.personal_id, "full_name": person.full_name},
    )


def population(person: Person) -> dict:
    head = _household_head(person)
    return {
        "personal_id": person.personal_id,
        "full_name": person.full_name,
        "date_of_birth": person.date_of_birth.isoformat(),
        "sex": person.sex,
        "ethnicity": "Kinh",
        "religion": "Không",
        "nationality": "Việt Nam",
        "place_of_origin": places.provinces()[person.province],
        "permanent_address": person.address,
        "permanent_ward_code": person.ward_code,
        "temporary_address": person.temporary_address,
        # Numbered after the head, so that every member gives the same number.
        "household_id": f"HK{head['personal_id'][-9:]}",
        "household_relation": next(
            (m["relation"] for m in person.household if m["personal_id"] == person.personal_id),
            "chủ hộ",
        ),
        # As the register's household record names its head (họ tên, số định danh chủ hộ).
        "household_head_full_name": head["full_name"],
        "household_head_personal_id": head["personal_id"],
        "household_members": [dict(member) for member in person.household],
        "address_updated_at": person.address_updated_at.isoformat(),
    }


def civil_status(person: Person) -> dict | None:
    if "missing_civil_status" in person.defects:
        return None  # the birth was never entered in the electronic register
    rng = rng_for(person.personal_id, "civil_status")
    registered_name = (
        names.without_tone_marks(person.full_name)
        if "spelling_variant" in person.defects
        else person.full_name
    )
    registered_on = person.date_of_birth + timedelta(days=rng.randint(3, 60))
    record = {
        "birth_registration": {
            "number": f"{rng.randint(1, 400)}/{registered_on.year}",
            "registered_on": registered_on.isoformat(),
            "full_name": registered_name,
            "ward_code": person.ward_code,
            "father_name": person.father_name,
            "mother_name": person.mother_name,
        },
        "marital_status": person.marital_status,
        "marriage_registration": None,
        "death_registration": None,
    }
    if person.spouse:  # married, or married once (the registration stays on record)
        married_on = date(max(person.date_of_birth.year + 22, 2000), 1, 1) + timedelta(
            days=rng.randint(0, 2000)
        )
        record["marriage_registration"] = {
            "number": f"{rng.randint(1, 300)}/{married_on.year}",
            "registered_on": married_on.isoformat(),
            "spouse_personal_id": person.spouse[0],
            "spouse_name": person.spouse[1],
        }
    return record


def _card_expiry(born: date, issued: date) -> date | None:
    # A citizen ID card is renewed at 25, 40 and 60; after 60 it does not expire.
    for age in (25, 40, 60):
        limit = date(born.year + age, born.month, min(born.day, 28))
        if issued < limit - timedelta(days=730):
            return limit
    return None


def vneid_documents(person: Person) -> dict:
    rng = rng_for(person.personal_id, "documents")
    issued = max(
        person.date_of_birth + timedelta(days=14 * 365 + 30), date(2021, 1, 1)
    ) + timedelta(days=rng.randint(0, 1500))
    expiry = _card_expiry(person.date_of_birth, issued)
    licence = None
    vehicles = []
    if person.age >= 18 and rng.random() < 0.6:
        licence_issued = person.date_of_birth + timedelta(days=18 * 365 + rng.randint(30, 3000))
        licence_class = rng.choice(("A1", "A1", "B2"))
        licence = {
            "number": f"{rng.randint(10**11, 10**12 - 1)}",
            "class": licence_class,
            "issued_on": licence_issued.isoformat(),
            "expires_on": None
            if licence_class == "A1"
            else (licence_issued + timedelta(days=3652)).isoformat(),
        }
        for _ in range(rng.choice((0, 1, 1, 2))):
            kind = "ô tô" if licence_class == "B2" and rng.random() < 0.5 else "xe máy"
            registered_on = licence_issued + timedelta(days=rng.randint(10, 2000))
            vehicles.append({
                "plate": f"{person.province:02d}{rng.choice('ABCDEFGHK')}{rng.randint(1, 9)}-"
                         f"{rng.randint(10000, 99999)}",
                "kind": kind,
                "brand": rng.choice(BRANDS),
                "registered_on": registered_on.isoformat(),
            })  # fmt: skip
    province_name = places.provinces()[person.province]
    return {
        "citizen_id_card": {
            "number": person.personal_id,
            "issued_on": issued.isoformat(),
            "expires_on": expiry.isoformat() if expiry else None,
            "issued_by": CARD_AUTHORITY,
        },
        "driving_licence": licence,
        "vehicle_registrations": vehicles,
        "health_insurance": {
            "number": f"GD4{person.province:02d}{person.personal_id[-10:]}",
            "valid_until": "2026-12-31",
            "registered_hospital": f"{rng.choice(HOSPITALS)} ({province_name})",
            # The card carries where the holder lives now, even after an unrecorded move.
            "address": person.current_address,
        },
        "social_insurance_number": person.personal_id[-10:],
        # Since 1 July 2025 the personal identification number is the tax code.
        "tax_code": person.personal_id,
    }


def business_registration(person: Person) -> dict:
    rng = rng_for(person.personal_id, "business")
    businesses = []
    if person.age >= 22 and rng.random() < 0.06:
        registered = date(2010, 1, 1) + timedelta(days=rng.randint(0, 5000))
        given = person.full_name.split(" ")[-1]
        businesses.append({
            "enterprise_code": f"0{person.province:02d}{rng.randint(10**6, 10**7 - 1)}",
            "name": f"Công ty TNHH {rng.choice(('Thương mại', 'Dịch vụ', 'Xây dựng'))} {given}",
            "kind": "Công ty trách nhiệm hữu hạn một thành viên",
            "address": places.address(places.ward_in(person.province, rng), rng),
            "registered_on": registered.isoformat(),
            "status": "Đang hoạt động",
        })  # fmt: skip
    return {"businesses": businesses}


def land(person: Person) -> dict:
    rng = rng_for(person.personal_id, "land")
    certificates = []
    if person.moved_to_ward_code is not None and person.age >= 25:
        # The usual story behind an outdated residence: a new home bought and
        # certified, the permanent residence never moved to it.
        issued = person.address_updated_at + timedelta(days=rng.randint(200, 2000))
        certificates.append({
            "certificate_number": f"C{rng.choice('DEKS')} {rng.randint(100000, 999999)}",
            "parcel_number": rng.randint(1, 900),
            "map_sheet": rng.randint(1, 60),
            "area_m2": round(rng.uniform(40, 300), 1),
            "land_use_purpose": "Đất ở tại đô thị",
            "ward_code": person.moved_to_ward_code,
            "address": person.current_address,
            "issued_on": min(issued, REFERENCE_DAY).isoformat(),
        })  # fmt: skip
    elif person.age >= 25 and rng.random() < 0.4:
        certificates.append({
            "certificate_number": f"C{rng.choice('DEKS')} {rng.randint(100000, 999999)}",
            "parcel_number": rng.randint(1, 900),
            "map_sheet": rng.randint(1, 60),
            "area_m2": round(rng.uniform(40, 300), 1),
            "land_use_purpose": "Đất ở tại đô thị",
            "ward_code": person.ward_code,
            "address": person.address,
            "issued_on": (date(2005, 1, 1) + timedelta(days=rng.randint(0, 7000))).isoformat(),
        })  # fmt: skip
    return {"land_use_certificates": certificates}


EMPLOYERS = (
    "Công ty Cổ phần Cảng Hải Phòng",
    "Công ty TNHH Điện tử Sao Mai",
    "Trường Tiểu học Hồng Bàng",
    "Bệnh viện đa khoa tỉnh",
    "Hợp tác xã Nông nghiệp",
)


def insurance(person: Person) -> dict:
    rng = rng_for(person.personal_id, "insurance")
    working = 18 <= person.age <= 62 and rng.random() < 0.7
    card_kind = "DN" if working else "GD"  # insured by an employer, or with the household
    return {
        "social_insurance_number": person.personal_id[-10:],
        "contribution_months": rng.randint(6, (person.age - 18) * 12 + 6) if working else 0,
        "employer": rng.choice(EMPLOYERS) if working else None,
        "health_insurance_card": {
            "number": f"{card_kind}4{person.province:02d}{person.personal_id[-10:]}",
            "valid_until": "2026-12-31",
        },
    }
