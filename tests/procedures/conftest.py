"""Fixtures of the catalog tests."""

import datetime

import pytest
from django.utils import timezone

# Replacement lists: a small catalog, and the people of the publication workflow.


@pytest.fixture
def catalog(db):
    """Two commune-level procedures with replaced components, one replacement
    not in force yet, and one province-level procedure."""
    from types import SimpleNamespace

    from procedures.models import ProcedureLevel
    from tests.procedures.factories import (
        DossierComponentFactory,
        ElectronicReplacementFactory,
        ProcedureFactory,
        SectorFactory,
    )

    civil = SectorFactory()
    residence = SectorFactory(code="cu-tru", name="Cư trú", name_en="Residence")
    birth = ProcedureFactory(code="1.001193", name="Đăng ký khai sinh", sector=civil)
    stay = ProcedureFactory(code="1.004194", name="Đăng ký thường trú", sector=residence)
    licence = ProcedureFactory(
        code="1.002809", name="Cấp giấy phép xây dựng", level=ProcedureLevel.PROVINCE,
        agency_kinds=["provincial_department"], sector=residence,
    )  # fmt: skip
    replacements = SimpleNamespace(
        birth_residence=ElectronicReplacementFactory(
            component=DossierComponentFactory(
                procedure=birth, code="xac-nhan-cu-tru", name="Giấy xác nhận thông tin về cư trú"
            ),
        ),
        birth_marriage=ElectronicReplacementFactory(
            component=DossierComponentFactory(
                procedure=birth, code="giay-ket-hon", name="Giấy chứng nhận kết hôn của cha mẹ"
            ),
            document_type="marriage_certificate", fields=["marriage_registration"],
        ),
        stay_household=ElectronicReplacementFactory(
            component=DossierComponentFactory(
                procedure=stay, code="so-ho-khau", name="Giấy tờ chứng minh quan hệ hộ gia đình"
            ),
            document_type="household_membership", fields=["household_id"],
        ),
        # Adopted, not in force yet: not drawn into a first draft, can be added.
        stay_identity=ElectronicReplacementFactory(
            component=DossierComponentFactory(
                procedure=stay, code="giay-to-nhan-than", name="Giấy tờ chứng minh nhân thân"
            ),
            document_type="identity_information", fields=["full_name", "date_of_birth"],
            effective_date=timezone.localdate() + datetime.timedelta(days=30),
        ),
        licence_land=ElectronicReplacementFactory(
            component=DossierComponentFactory(
                procedure=licence, code="gcn-qsdd", name="Giấy chứng nhận quyền sử dụng đất"
            ),
            document_type="land_use_certificate", fields=["land_use_certificates"],
        ),
    )  # fmt: skip
    return SimpleNamespace(birth=birth, stay=stay, licence=licence, replacements=replacements)


@pytest.fixture
def ward_leader(hong_bang_ward):
    """The chair of the Hồng Bàng ward People's Committee."""
    from tests.accounts.factories import LeaderFactory

    return LeaderFactory(personal_id="031170004444", full_name="Trần Văn Bình",
                         agency=hong_bang_ward)  # fmt: skip


@pytest.fixture
def ha_noi_staff(db):
    """Service-center staff of another province (Hà Nội)."""
    from portal.accounts.models import AgencyKind
    from tests.accounts.factories import AgencyFactory, CenterStaffFactory

    ha_noi = AgencyFactory(
        code="01", name="UBND thành phố Hà Nội", kind=AgencyKind.PROVINCE_COMMITTEE,
        province_code=1,
    )  # fmt: skip
    center = AgencyFactory(
        code="01.TTPVHCC", name="Trung tâm Phục vụ hành chính công Hà Nội",
        kind=AgencyKind.SERVICE_CENTER, parent=ha_noi, province_code=1,
    )  # fmt: skip
    return CenterStaffFactory(personal_id="001085007777", full_name="Ngô Thị Mai", agency=center)
