"""Addresses on the real administrative units (vietnam-provinces)."""

from __future__ import annotations

import random
from functools import cache

from vietnam_provinces import Province, Ward

STREETS = (
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
    "Điện Biên Phủ", "Hoàng Văn Thụ", "Lạch Tray", "Tô Hiệu", "Nguyễn Văn Linh", "Lê Duẩn",
)  # fmt: skip


@cache
def provinces() -> dict[int, str]:
    return {int(p.code): p.name for p in Province.iter_all()}


@cache
def wards_by_province() -> dict[int, list[tuple[int, str]]]:
    result: dict[int, list[tuple[int, str]]] = {}
    for ward in Ward.iter_all():
        result.setdefault(int(ward.province_code), []).append((int(ward.code), ward.name))
    return result


@cache
def ward_names() -> dict[int, tuple[str, int]]:
    return {
        code: (name, province)
        for province, wards in wards_by_province().items()
        for code, name in wards
    }


def province_for(personal_id: str, rng: random.Random) -> int:
    """The province of the ID's first three digits when it still exists after the
    2025 merger, else one drawn for the person."""
    code = int(personal_id[:3])
    return code if code in provinces() else rng.choice(sorted(provinces()))


def ward_in(province: int, rng: random.Random) -> int:
    return rng.choice(wards_by_province()[province])[0]


def address(ward_code: int, rng: random.Random) -> str:
    ward, province = ward_names()[ward_code]
    return f"Số {rng.randint(1, 250)} {rng.choice(STREETS)}, {ward}, {provinces()[province]}"
