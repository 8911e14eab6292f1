"""The agency tree over the real administrative units of vietnam-provinces."""

import pytest
from django.core.management import CommandError, call_command

from portal.accounts.agencies import load_agencies
from portal.accounts.exceptions import AccountError
from portal.accounts.models import Agency, AgencyKind

pytestmark = pytest.mark.django_db


def test_loads_the_34_provinces_and_3321_commune_level_units():
    report = load_agencies()

    assert report.provinces == 34
    assert report.wards == 3321
    assert Agency.objects.filter(kind=AgencyKind.PROVINCE_COMMITTEE).count() == 34
    assert Agency.objects.filter(kind=AgencyKind.COMMUNE_COMMITTEE).count() == 3321
    assert Agency.objects.filter(kind=AgencyKind.SERVICE_CENTER).count() == 34
    assert Agency.objects.filter(kind=AgencyKind.DATABASE_OWNER, code="BCA.C06").exists()


def test_loading_twice_changes_nothing():
    load_agencies(provinces=[31])
    before = list(Agency.objects.values_list("id", "code", "name", "path", "parent_id"))

    load_agencies(provinces=[31])

    assert list(Agency.objects.values_list("id", "code", "name", "path", "parent_id")) == before


def test_hai_phong_wards_hang_under_the_city_committee():
    load_agencies(provinces=[31])

    city = Agency.objects.get(code="31")
    hong_bang = Agency.objects.get(code="11311")
    center = Agency.objects.get(code="31.TTPVHCC")
    assert city.name == "UBND thành phố Hải Phòng"
    assert hong_bang.name == "UBND phường Hồng Bàng"
    assert hong_bang.parent == city and hong_bang.path == "31/11311/"
    assert center.parent == city
    assert center.name == "Trung tâm Phục vụ hành chính công thành phố Hải Phòng"
    assert Agency.objects.subtree_of(city).filter(kind=AgencyKind.COMMUNE_COMMITTEE).count() == 114


def test_ward_codes_never_collide_with_province_codes():
    load_agencies(provinces=[1])

    assert Agency.objects.get(code="01").kind == AgencyKind.PROVINCE_COMMITTEE
    assert not Agency.objects.filter(kind=AgencyKind.COMMUNE_COMMITTEE, code__regex=r"^\d{1,4}$")


def test_every_committee_is_named_with_its_unit_prefix():
    load_agencies()

    names = Agency.objects.exclude(kind=AgencyKind.DATABASE_OWNER).values_list("name", flat=True)
    prefixes = ("UBND tỉnh ", "UBND thành phố ", "UBND xã ", "UBND phường ", "UBND đặc khu ")
    committees = [n for n in names if n.startswith("UBND")]
    assert len(committees) == 34 + 3321
    assert all(n.startswith(prefixes) for n in committees)
    assert Agency.objects.get(code="04").name == "UBND tỉnh Cao Bằng"
    assert Agency.objects.get(code="04.STP").name == "Sở Tư pháp tỉnh Cao Bằng"
    assert Agency.objects.get(code="01").name == "UBND thành phố Hà Nội"
    assert (
        Agency.objects.get(code="79.TTPVHCC").name
        == "Trung tâm Phục vụ hành chính công thành phố Hồ Chí Minh"
    )


def test_an_unknown_province_is_refused_and_nothing_is_loaded():
    with pytest.raises(AccountError, match="99"):
        load_agencies(provinces=[31, 99])

    assert not Agency.objects.exists()


def test_the_command_loads_the_chosen_provinces(capsys):
    call_command("load_agencies", "--province", "31", "--province", "4")

    assert set(
        Agency.objects.filter(kind=AgencyKind.PROVINCE_COMMITTEE).values_list("code", flat=True)
    ) == {"31", "04"}
    assert "2 provinces" in capsys.readouterr().out


def test_the_command_refuses_an_unknown_province():
    with pytest.raises(CommandError, match="no province with code 99"):
        call_command("load_agencies", "--province", "99")
