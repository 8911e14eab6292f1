"""After logging in with no page to go back to (or only the public home page,
where the header's login button was pressed), each staff role starts on its
own work page; a citizen lands where they did."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from portal.accounts.landing import page_after_login
from portal.accounts.models import Agency, AgencyKind, Role, User

BACKEND = "portal.accounts.backends.VNeIDSessionBackend"
HOA = "031188002468"  # Lê Thị Hoa, official at UBND phường Hồng Bàng (a demo person of VNeID)

STARTS = {
    "commune_official": "/workspace/",
    "leader": "/dashboards/",
    "center_staff": "/staff/catalog/",
    "data_owner": "/data/corrections/",
    "citizen": "/accounts/home/",
}


@pytest.mark.parametrize("persona", STARTS)
def test_each_role_starts_on_its_own_page_when_no_page_is_asked(request, persona):
    user = request.getfixturevalue(persona)
    assert page_after_login(user=user, next_url="") == STARTS[persona]
    # The page the login was asked from comes first, whatever the role.
    assert page_after_login(user=user, next_url="/notifications/") == "/notifications/"


@pytest.mark.parametrize("persona", STARTS)
def test_the_public_home_page_is_no_page_to_go_back_to_for_staff(request, persona):
    user = request.getfixturevalue(persona)
    expected = "/" if persona == "citizen" else STARTS[persona]
    assert page_after_login(user=user, next_url="/") == expected


def test_the_login_page_sends_a_logged_in_official_to_their_queue(client, commune_official):
    client.force_login(commune_official, backend=BACKEND)
    assert client.get("/accounts/login/")["Location"] == "/workspace/"
    assert client.get("/accounts/login/?next=/")["Location"] == "/workspace/"
    assert client.get("/accounts/login/?next=/notifications/")["Location"] == "/notifications/"


def _official() -> User:
    province = Agency.objects.create(
        code="31", name="UBND thành phố Hải Phòng", kind=AgencyKind.PROVINCE_COMMITTEE,
        province_code=31,
    )  # fmt: skip
    ward = Agency.objects.create(
        code="11311", name="UBND phường Hồng Bàng", parent=province,
        kind=AgencyKind.COMMUNE_COMMITTEE, province_code=31, ward_code=11311,
    )  # fmt: skip
    return User.objects.create(username=HOA, personal_id=HOA, role=Role.OFFICIAL, agency=ward)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("next_url", ["", "/"])
def test_an_official_logging_in_with_vneid_starts_on_their_dossier_queue(browser, next_url):
    _official()
    landing = browser.log_in_as(HOA, next_url=next_url)
    assert landing.status_code == 302
    assert urlsplit(landing.headers["Location"]).path == "/workspace/"
