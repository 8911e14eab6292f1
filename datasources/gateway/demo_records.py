"""The named demo persons as the national databases know them: the same
people as the demo accounts, with the family and documents the demo needs."""

from __future__ import annotations

from datetime import date

from datasources.demo_people import DEMO_PEOPLE, HONG_BANG_WARD, LE_CHAN_WARD
from datasources.gateway.synthetic.people import Person, synthetic_person

AN = "031090001234"
THU = "031192004321"  # Phạm Thị Thu, An's wife (no demo account)
KHANG = "031218000321"
BINH = "001185004567"
HAI = "031052001111"  # Nguyễn Văn Hải, An's father, deceased (no demo account)
HOAN_KIEM_WARD = 70

_HOMES = {
    AN: (31, HONG_BANG_WARD, "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng"),
    THU: (31, HONG_BANG_WARD, "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng"),
    KHANG: (31, HONG_BANG_WARD, "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng"),
    BINH: (1, HOAN_KIEM_WARD, "Số 25 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội"),
    "031188002468": (31, HONG_BANG_WARD, "Số 7 Lý Tự Trọng, Phường Hồng Bàng, Thành phố Hải Phòng"),
    HAI: (31, HONG_BANG_WARD, "Số 3 Điện Biên Phủ, Phường Hồng Bàng, Thành phố Hải Phòng"),
    "031087005555": (31, LE_CHAN_WARD, "Số 40 Tô Hiệu, Phường Lê Chân, Thành phố Hải Phòng"),
}
_AN_HOUSEHOLD = (
    {"personal_id": AN, "full_name": "Nguyễn Văn An", "relation": "chủ hộ",
     "date_of_birth": "1990-03-14"},
    {"personal_id": THU, "full_name": "Phạm Thị Thu", "relation": "vợ",
     "date_of_birth": "1992-08-30"},
    {"personal_id": KHANG, "full_name": "Nguyễn Minh Khang", "relation": "con",
     "date_of_birth": "2018-09-21"},
)  # fmt: skip
_FAMILY: dict[str, dict[str, object]] = {
    AN: {"spouse": (THU, "Phạm Thị Thu"), "household": _AN_HOUSEHOLD,
         "father_name": "Nguyễn Văn Hải", "mother_name": "Trần Thị Lan"},
    THU: {"spouse": (AN, "Nguyễn Văn An"), "household": _AN_HOUSEHOLD,
          "father_name": "Phạm Văn Long", "mother_name": "Đỗ Thị Hạnh"},
    KHANG: {"spouse": None, "household": _AN_HOUSEHOLD,
            "father_name": "Nguyễn Văn An", "mother_name": "Phạm Thị Thu"},
}  # fmt: skip
_PEOPLE = {
    **{p.personal_id: (p.full_name, p.sex, p.date_of_birth) for p in DEMO_PEOPLE},
    THU: ("Phạm Thị Thu", "female", date(1992, 8, 30)),
    HAI: ("Nguyễn Văn Hải", "male", date(1952, 4, 10)),
}

# Documents the demo relies on, whatever the synthetic draw would have given.
DEMO_DOCUMENTS = {
    AN: {
        "driving_licence": {"number": "310090123456", "class": "B2", "issued_on": "2012-05-10",
                            "expires_on": "2032-05-10"},
        "vehicle_registrations": [{"plate": "15B1-23456", "kind": "xe máy", "brand": "Honda",
                                   "registered_on": "2015-04-02"}],
    },
}  # fmt: skip
# Deaths the civil-status register holds: the funeral-support demo names An's father.
DEMO_DEATHS = {
    HAI: {"number": "86/2026", "registered_on": "2026-10-05", "full_name": "Nguyễn Văn Hải",
          "date_of_death": "2026-10-02", "place_of_death": "Bệnh viện Hữu nghị Việt Tiệp",
          "ward_code": HONG_BANG_WARD},
}  # fmt: skip
DEMO_BUSINESSES = {
    BINH: [{"enterprise_code": "0109876543", "name": "Công ty TNHH Thương mại Bình An",
            "kind": "Công ty trách nhiệm hữu hạn một thành viên",
            "address": "Số 25 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội",
            "registered_on": "2016-03-01", "status": "Đang hoạt động"}],
}  # fmt: skip
DEMO_LAND = {
    AN: [{"certificate_number": "CS 031245", "parcel_number": 215, "map_sheet": 12,
          "area_m2": 68.5, "land_use_purpose": "Đất ở tại đô thị", "ward_code": HONG_BANG_WARD,
          "address": "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng",
          "issued_on": "2016-11-20"}],
}  # fmt: skip


def demo_person(personal_id: str) -> Person | None:
    if personal_id not in _PEOPLE:
        return None
    base = synthetic_person(personal_id)
    full_name, sex, born = _PEOPLE[personal_id]
    changes = {"full_name": full_name, "sex": sex, "date_of_birth": born,
               "defects": frozenset(), "temporary_address": None,
               "moved_to_ward_code": None}  # fmt: skip
    if personal_id in _HOMES:
        province, ward, address = _HOMES[personal_id]
        changes.update(province=province, ward_code=ward, address=address)
    family = _FAMILY.get(personal_id)
    if family:
        changes.update(family)
    else:
        changes["household"] = (
            {"personal_id": personal_id, "full_name": full_name, "relation": "chủ hộ",
             "date_of_birth": born.isoformat()},
        )  # fmt: skip
        changes["spouse"] = None
    changes["marital_status"] = "married" if changes["spouse"] else "single"
    return Person(**{**base.__dict__, **changes})
