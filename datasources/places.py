"""Administrative units as people name them, from the codes a source sends
(a death registration's ward_code): the national list of units
(vietnam-provinces), the same list the agency tree is built on."""

from __future__ import annotations

from functools import cache

from vietnam_provinces import Province, Ward, WardCode


@cache
def ward_title(code: str | int) -> str:
    """'Phường Hồng Bàng, Thành phố Hải Phòng' for 11311; the code as sent
    for one that is not on the list (a unit merged away, a malformed code)."""
    try:
        ward = Ward.from_code(WardCode(int(code)))
        province = Province.from_code(ward.province_code)
    except (TypeError, ValueError, LookupError):
        return str(code)
    return f"{ward.name}, {province.name}"
