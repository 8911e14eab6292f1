"""The agency tree over the real administrative units (vietnam-provinces):
34 provincial People's Committees, each with its 3,321 commune-level
committees, its public administration service center and main departments,
beside the national database-owner agencies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from vietnam_provinces import Province, VietNamDivisionType, Ward

from portal.accounts.exceptions import AccountError
from portal.accounts.models import Agency, AgencyKind

# The departments whose procedures the catalog covers (Sở, under the province).
PROVINCIAL_DEPARTMENTS = (
    ("STP", "Sở Tư pháp"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("SYT", "Sở Y tế"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SXD", "Sở Xây dựng"),
    ("STC", "Sở Tài chính"),
)

# National database owners: who corrects a wrong record (chủ quản CSDL).
DATABASE_OWNERS = (
    ("BCA.C06", "Cục Cảnh sát quản lý hành chính về trật tự xã hội (C06), Bộ Công an"),
    ("BCA.C08", "Cục Cảnh sát giao thông (C08), Bộ Công an"),
    ("BTP", "Bộ Tư pháp (CSDL hộ tịch điện tử)"),
    ("BTC.DKKD", "Cục Quản lý đăng ký kinh doanh, Bộ Tài chính"),
    ("BTC.THUE", "Cục Thuế, Bộ Tài chính"),
    ("BNNMT", "Bộ Nông nghiệp và Môi trường (CSDL đất đai)"),
    ("BHXH", "Bảo hiểm xã hội Việt Nam"),
)

SERVICE_CENTER_SUFFIX = "TTPVHCC"


def province_agency_code(province_code: int) -> str:
    return f"{province_code:02d}"


def ward_agency_code(ward_code: int) -> str:
    # Five digits, as the national list writes them: never equal to a province code.
    return f"{ward_code:05d}"


def service_center_code(province_code: int) -> str:
    return f"{province_agency_code(province_code)}.{SERVICE_CENTER_SUFFIX}"


def _lowered(unit_name: str) -> str:
    """'Phường Hồng Bàng' → 'phường Hồng Bàng': the prefix as it reads mid-sentence."""
    return f"{unit_name[0].lower()}{unit_name[1:]}"


def province_title(province: Province) -> str:
    """'tỉnh Cao Bằng', 'thành phố Hải Phòng': the package names the cities with
    their prefix ('Thành phố Hải Phòng') but the provinces without ('Cao Bằng')."""
    prefix = "tỉnh" if province.division_type == VietNamDivisionType.TINH else "thành phố"
    name = province.name
    if not name.lower().startswith(prefix):
        name = f"{prefix} {name}"
    return _lowered(name)


def _committee_name(unit_title: str) -> str:
    """'phường Hồng Bàng' → 'UBND phường Hồng Bàng'."""
    return f"UBND {_lowered(unit_title)}"


@dataclass(frozen=True)
class LoadReport:
    provinces: int
    wards: int
    total: int


_UPDATED_FIELDS = ["name", "kind", "parent", "path", "province_code", "ward_code"]


def _upsert(agencies: Iterable[Agency]) -> None:
    Agency.objects.bulk_create(
        list(agencies),
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=_UPDATED_FIELDS,
    )


@transaction.atomic
def load_agencies(*, provinces: list[int] | None = None) -> LoadReport:
    """Create or update the agency tree; idempotent. `provinces` limits the
    load to those province codes (all 34 when None). Raises AccountError for
    a province code that does not exist, loading nothing."""
    wanted = set(provinces) if provinces else None
    chosen = [p for p in Province.iter_all() if wanted is None or int(p.code) in wanted]
    unknown = (wanted or set()) - {int(p.code) for p in chosen}
    if unknown:
        codes = ", ".join(str(code) for code in sorted(unknown))
        raise AccountError(
            f"Không có tỉnh, thành phố mã {codes}. There is no province with code {codes}.",
            field="province",
        )

    roots = [
        Agency(code=code, name=name, kind=AgencyKind.DATABASE_OWNER, path=f"{code}/")
        for code, name in DATABASE_OWNERS
    ]
    for province in chosen:
        code = province_agency_code(int(province.code))
        roots.append(
            Agency(
                code=code,
                name=_committee_name(province_title(province)),
                kind=AgencyKind.PROVINCE_COMMITTEE,
                path=f"{code}/",
                province_code=int(province.code),
            )
        )
    _upsert(roots)
    root_ids = dict(
        Agency.objects.filter(code__in=[a.code for a in roots]).values_list("code", "id")
    )

    children: list[Agency] = []
    chosen_codes = {int(p.code) for p in chosen}
    for province in chosen:
        p_code = int(province.code)
        parent_code = province_agency_code(p_code)
        parent_id = root_ids[parent_code]
        title = province_title(province)
        children.append(
            Agency(
                code=service_center_code(p_code),
                name=f"Trung tâm Phục vụ hành chính công {title}",
                kind=AgencyKind.SERVICE_CENTER,
                parent_id=parent_id,
                path=f"{parent_code}/{service_center_code(p_code)}/",
                province_code=p_code,
            )
        )
        for suffix, name in PROVINCIAL_DEPARTMENTS:
            code = f"{parent_code}.{suffix}"
            children.append(
                Agency(
                    code=code,
                    name=f"{name} {title}",
                    kind=AgencyKind.PROVINCIAL_DEPARTMENT,
                    parent_id=parent_id,
                    path=f"{parent_code}/{code}/",
                    province_code=p_code,
                )
            )
    ward_count = 0
    for ward in Ward.iter_all():
        p_code = int(ward.province_code)
        if p_code not in chosen_codes:
            continue
        parent_code = province_agency_code(p_code)
        code = ward_agency_code(int(ward.code))
        children.append(
            Agency(
                code=code,
                name=_committee_name(ward.name),
                kind=AgencyKind.COMMUNE_COMMITTEE,
                parent_id=root_ids[parent_code],
                path=f"{parent_code}/{code}/",
                province_code=p_code,
                ward_code=int(ward.code),
            )
        )
        ward_count += 1
    _upsert(children)
    return LoadReport(provinces=len(chosen), wards=ward_count, total=len(roots) + len(children))
