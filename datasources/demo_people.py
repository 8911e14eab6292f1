"""The named demo persons: the people behind the demo accounts.

The mock VNeID shows them on its login page, `seed_demo` gives the officials
among them their roles and agencies, and the mock gateway serves their records.
Personal ID numbers follow the real layout: birth-province code (3 digits),
century-and-sex digit, last two digits of the birth year, six serial digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Real administrative units (vietnam-provinces): Hải Phòng and two of its wards.
HAI_PHONG = 31
HONG_BANG_WARD = 11311
LE_CHAN_WARD = 11383


@dataclass(frozen=True)
class DemoPerson:
    personal_id: str
    full_name: str
    date_of_birth: date
    sex: str  # "male" or "female"
    role: str  # a portal.accounts.models.Role value
    # Agency code the staff member works at (see portal.accounts.agencies).
    agency_code: str | None = None
    description: str = ""
    position: str = ""  # chức vụ, for a leader: printed under the unit on the results they sign


# fmt: off
DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson(
        "031090001234", "Nguyễn Văn An", date(1990, 3, 14), "male", "citizen",
        description="Công dân, phường Hồng Bàng, Hải Phòng; cha của Nguyễn Minh Khang",
    ),
    DemoPerson(
        "001185004567", "Trần Thị Bình", date(1985, 7, 2), "female", "citizen",
        description="Công dân, Hà Nội",
    ),
    DemoPerson(
        "031218000321", "Nguyễn Minh Khang", date(2018, 9, 21), "male", "citizen",
        description="Con của Nguyễn Văn An (trẻ em, không tự đăng nhập)",
    ),
    DemoPerson(
        "031188002468", "Lê Thị Hoa", date(1988, 11, 5), "female", "official",
        agency_code=str(HONG_BANG_WARD),
        description="Công chức Bộ phận Một cửa, UBND phường Hồng Bàng",
    ),
    DemoPerson(
        "031087005555", "Hoàng Văn Tùng", date(1987, 1, 30), "male", "official",
        agency_code=str(LE_CHAN_WARD),
        description="Công chức Bộ phận Một cửa, UBND phường Lê Chân",
    ),
    # Each ward's own leader signs the results its officials propose.
    DemoPerson(
        "031072006688", "Đặng Quốc Hùng", date(1972, 8, 12), "male", "leader",
        agency_code=str(HONG_BANG_WARD),
        description="Chủ tịch UBND phường Hồng Bàng", position="Chủ tịch",
    ),
    DemoPerson(
        "031179004433", "Ngô Thị Mai", date(1979, 12, 3), "female", "leader",
        agency_code=str(LE_CHAN_WARD),
        description="Phó Chủ tịch UBND phường Lê Chân", position="Phó Chủ tịch",
    ),
    DemoPerson(
        "031082003579", "Phạm Văn Đức", date(1982, 4, 18), "male", "center_staff",
        agency_code=f"{HAI_PHONG}.TTPVHCC",
        description="Chuyên viên Trung tâm Phục vụ hành chính công thành phố Hải Phòng",
    ),
    DemoPerson(
        "031175001122", "Vũ Thị Lan", date(1975, 6, 9), "female", "leader",
        agency_code=str(HAI_PHONG),
        description="Lãnh đạo UBND thành phố Hải Phòng",
    ),
    DemoPerson(
        "001080009876", "Đỗ Văn Minh", date(1980, 2, 27), "male", "data_owner",
        agency_code="BCA.C06",
        description="Cán bộ Cục C06, Bộ Công an (chủ quản CSDL quốc gia về dân cư)",
    ),
)
# fmt: on


def demo_person(personal_id: str) -> DemoPerson | None:
    return next((p for p in DEMO_PEOPLE if p.personal_id == personal_id), None)
