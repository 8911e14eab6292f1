"""One selector scopes what each role may see of the agency tree."""

import pytest

from portal.accounts.selectors import agencies_visible_to, users_visible_to
from tests.accounts.factories import AgencyFactory, OfficialFactory, WardFactory

pytestmark = pytest.mark.django_db


def _codes(user) -> set[str]:
    return set(agencies_visible_to(user=user).values_list("code", flat=True))


def test_commune_official_sees_only_their_own_unit(commune_official, le_chan_ward):
    assert _codes(commune_official) == {"11311"}


def test_commune_official_cannot_see_another_commune(commune_official, other_commune_official):
    assert "11383" not in _codes(commune_official)
    assert "11311" not in _codes(other_commune_official)


def test_leader_sees_their_unit_and_everything_under_it(leader, hong_bang_ward, le_chan_ward):
    elsewhere = AgencyFactory(code="01", name="UBND thành phố Hà Nội", kind="province_committee")
    WardFactory(code="00070", name="UBND phường Hoàn Kiếm", parent=elsewhere)

    assert _codes(leader) == {"31", "11311", "11383"}


def test_center_staff_serve_the_whole_province(center_staff, hong_bang_ward, le_chan_ward):
    assert {"31", "31.TTPVHCC", "11311", "11383"} <= _codes(center_staff)


def test_data_owner_sees_their_agency_only(data_owner, hong_bang_ward):
    assert _codes(data_owner) == {"BCA.C06"}


def test_citizen_sees_no_agency(citizen, hong_bang_ward):
    assert _codes(citizen) == set()


def test_leader_home_lists_units_under_them_only(client, leader, hong_bang_ward):
    AgencyFactory(code="01", name="UBND thành phố Hà Nội", kind="province_committee")
    client.force_login(leader, backend="portal.accounts.backends.VNeIDSessionBackend")

    html = client.get("/accounts/home/").content.decode()

    assert "UBND phường Hồng Bàng" in html
    assert "Hà Nội" not in html


def test_official_home_names_their_unit_and_not_others(client, commune_official, le_chan_ward):
    client.force_login(commune_official, backend="portal.accounts.backends.VNeIDSessionBackend")

    html = client.get("/accounts/home/").content.decode()

    assert "UBND phường Hồng Bàng" in html
    assert "Lê Chân" not in html


def test_staff_home_runs_a_bounded_number_of_queries(
    client, leader, hai_phong, django_assert_max_num_queries
):
    for n in range(30):
        WardFactory(code=f"{20000 + n:05d}", parent=hai_phong)
    client.force_login(leader, backend="portal.accounts.backends.VNeIDSessionBackend")

    with django_assert_max_num_queries(10):
        assert client.get("/accounts/home/").status_code == 200


def _people(user) -> set[str]:
    return set(users_visible_to(user=user).values_list("personal_id", flat=True))


def test_a_leader_sees_the_staff_of_their_units_but_no_citizen(
    leader, commune_official, other_commune_official, citizen
):
    assert _people(leader) == {
        leader.personal_id,
        commune_official.personal_id,
        other_commune_official.personal_id,
    }


def test_an_official_sees_colleagues_of_their_unit_only(
    commune_official, other_commune_official, hong_bang_ward
):
    colleague = OfficialFactory(agency=hong_bang_ward)

    assert _people(commune_official) == {commune_official.personal_id, colleague.personal_id}


def test_a_citizen_sees_only_themselves(citizen, commune_official):
    assert _people(citizen) == {citizen.personal_id}
