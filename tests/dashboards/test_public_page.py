"""The public transparency page: per-unit figures of a province, no login,
and nothing that names or identifies a person, a dossier or a complaint."""

import re

import pytest
from django.urls import reverse

from complaints.models import Complaint
from dossiers.models import Dossier
from portal.accounts.models import User
from portal.dashboards.figures import figures_rebuild
from portal.dashboards.periods import Period
from portal.dashboards.public_figures import public_figures
from tests.dashboards.factories import DAY, complaint, two_wards_history

PERIOD = {"period": "custom", "from": DAY.isoformat(), "to": DAY.isoformat()}


@pytest.fixture
def history(hong_bang_ward, le_chan_ward):
    records = two_wards_history(hong_bang_ward, le_chan_ward)
    # A complaint left without a login: a name and a phone number.
    complaint(hong_bang_ward, reporter=None, reporter_name="Đỗ Thị Mai",
              reporter_phone="0912345678")  # fmt: skip
    Dossier.objects.filter(pk=records["d1"].pk).update(code="H31.11311-261124-0001")
    figures_rebuild(day=DAY)
    return records


def test_each_unit_s_public_figures_match_the_hand_count(history, hai_phong):
    rows = public_figures(province=hai_phong, period=Period("custom", DAY, DAY))
    got = [(r.name, r.total, r.received, r.on_time_rate, r.online_share, r.paperless_rate,
            r.reprovide_refused, r.complaints_substantiated, r.index and r.index.total,
            r.index and r.index.class_key) for r in rows]  # fmt: skip
    assert got == [
        # 2 of 4 resolved on time, 4 of 5 online, 1 of 3 with replaced components paperless.
        ("UBND thành phố Hải Phòng", True, 5, 0.5, 0.8, 0.3333, 2, 1, 56.93, "average"),
        ("UBND phường Hồng Bàng", False, 4, 0.3333, 0.75, 0.3333, 2, 1, 53.83, "average"),
        # Nothing replaced by data: no paperless rate to give.
        ("UBND phường Lê Chân", False, 1, 1.0, 1.0, None, 0, 0, 89.0, "good"),
    ]


def test_the_page_needs_no_login_and_shows_the_figures(client, history):
    response = client.get(reverse("transparency:page"), PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "UBND phường Lê Chân" in page and "89,00" in page and "Tốt" in page
    assert "53,83" in page and "Trung bình" in page
    assert "75,0\u202f%" in page and "33,3\u202f%" in page  # never split from the number


def test_the_page_holds_no_personal_data(client, history):
    page = client.get(reverse("transparency:page"), PERIOD).content.decode()
    people = User.objects.exclude(full_name="")
    secrets = {
        *people.values_list("full_name", flat=True),
        *User.objects.exclude(personal_id=None).values_list("personal_id", flat=True),
        *Dossier.objects.exclude(code=None).values_list("code", flat=True),
        *Dossier.objects.values_list("subject_personal_id", flat=True),
        *Complaint.objects.values_list("code", flat=True),
        "Đỗ Thị Mai", "0912345678", "031090001234",
    }  # fmt: skip
    assert people.count() >= 3 and Complaint.objects.count() == 4
    leaked = [secret for secret in secrets if secret and secret in page]
    assert leaked == []
    # No number long enough to be a personal ID or a phone number, no dossier or complaint code.
    assert not re.search(r"\d{9,}", page)
    assert "PAKN-" not in page and "H31." not in page


def test_an_unknown_province_or_a_bad_period_is_refused_in_both_languages(client, history):
    response = client.get(reverse("transparency:page"), {"province": "99"})
    assert response.status_code == 404
    assert "No such province" in response.content.decode()
    response = client.get(reverse("transparency:page"), {"period": "year"})
    assert response.status_code == 400
    assert "Choose this week" in response.content.decode()


def test_the_public_home_page_links_to_it(client, db):
    assert reverse("transparency:page") in client.get("/").content.decode()


def test_without_a_province_the_page_shows_the_one_that_received_dossiers(client, history):
    from tests.accounts.factories import ProvinceFactory

    # First by name, but nothing received there: a visitor would see only zeros.
    ProvinceFactory(code="92", name="UBND thành phố Cần Thơ")
    response = client.get(reverse("transparency:page"), PERIOD)
    assert response.context["province"].name == "UBND thành phố Hải Phòng"
    assert "province=31" in response.context["json_query"]
    api = client.get(reverse("transparency-api"), PERIOD).json()
    assert api["province"] == response.context["province"].code
    # A period with nothing anywhere: the first province by name.
    quiet = {"period": "custom", "from": "2026-01-05", "to": "2026-01-05"}
    assert client.get(reverse("transparency:page"), quiet).context["province"].code == "92"


def test_units_with_nothing_in_the_period_are_named_apart_not_rows_of_zeros(
    client, history, hai_phong
):
    from tests.accounts.factories import WardFactory

    WardFactory(code="11400", name="UBND phường An Biên", parent=hai_phong,
                ward_code=11400)  # fmt: skip
    response = client.get(reverse("transparency:page"), PERIOD)
    assert [row.name for row in response.context["rows"]] == [
        "UBND thành phố Hải Phòng", "UBND phường Hồng Bàng", "UBND phường Lê Chân",
    ]  # fmt: skip
    assert response.context["quiet_units"] == ["UBND phường An Biên"]
    page = response.content.decode()
    assert (
        "Đơn vị không có số liệu trong kỳ, không có hồ sơ và phản ánh nào: 1" in page
        and "UBND phường An Biên" in page
    )


def test_rates_read_in_the_page_s_language_like_the_index_beside_them(client, history):
    response = client.get(reverse("transparency:page"), PERIOD, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "75.0\u202f%" in page and "33.3\u202f%" in page and "53.83" in page
    assert "75,0\u202f%" not in page  # the Vietnamese page says 75,0 % (above)
