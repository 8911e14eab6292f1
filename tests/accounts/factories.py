"""Factories for users and agencies (Faker with the vi_VN locale)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from portal.accounts.models import Agency, AgencyKind, Role, User

factory.Faker._DEFAULT_LOCALE = "vi_VN"


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.LazyAttribute(lambda a: f"UBND phường {a.code}")
    kind = AgencyKind.COMMUNE_COMMITTEE


class ProvinceFactory(AgencyFactory):
    code = "31"
    name = "UBND thành phố Hải Phòng"
    kind = AgencyKind.PROVINCE_COMMITTEE
    province_code = 31


class WardFactory(AgencyFactory):
    parent = factory.SubFactory(ProvinceFactory)
    kind = AgencyKind.COMMUNE_COMMITTEE
    province_code = factory.SelfAttribute("parent.province_code")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    personal_id = factory.Sequence(lambda n: f"0319{n:08d}")
    username = factory.SelfAttribute("personal_id")
    full_name = factory.Faker("name")
    role = Role.CITIZEN
    password = factory.django.Password(None)


class CitizenFactory(UserFactory):
    role = Role.CITIZEN


class OfficialFactory(UserFactory):
    role = Role.OFFICIAL
    agency = factory.SubFactory(WardFactory)


class CenterStaffFactory(UserFactory):
    role = Role.CENTER_STAFF
    agency = factory.SubFactory(
        AgencyFactory,
        code="31.TTPVHCC",
        name="Trung tâm Phục vụ hành chính công thành phố Hải Phòng",
        kind=AgencyKind.SERVICE_CENTER,
        parent=factory.SubFactory(ProvinceFactory),
        province_code=31,
    )


class LeaderFactory(UserFactory):
    role = Role.LEADER
    agency = factory.SubFactory(ProvinceFactory)


class DataOwnerFactory(UserFactory):
    role = Role.DATA_OWNER
    agency = factory.SubFactory(
        AgencyFactory, code="BCA.C06", name="Cục C06, Bộ Công an", kind=AgencyKind.DATABASE_OWNER
    )
