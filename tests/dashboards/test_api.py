"""The dashboards API: a leader's figures and index within their units, the
public figures without login, refusals as bilingual {"code", "detail"}."""

import re

import pytest
from django.urls import reverse

from portal.dashboards.figures import figures_rebuild
from tests.accounts.factories import CitizenFactory, LeaderFactory
from tests.dashboards.factories import DAY, two_wards_history
from tests.dashboards.test_figures import WARD_A, WARD_B
from tests.dashboards.test_page import BACKEND

PERIOD = {"period": "custom", "from": DAY.isoformat(), "to": DAY.isoformat()}
FIGURES = reverse("dashboards-api-figures")
PUBLIC = reverse("transparency-api")


@pytest.fixture
def history(hong_bang_ward, le_chan_ward):
    records = two_wards_history(hong_bang_ward, le_chan_ward)
    figures_rebuild(day=DAY)
    return records


def _as(client, user):
    client.force_login(user, backend=BACKEND)
    return client


def _bilingual(response, code):
    body = response.json()
    assert body["code"] == code
    assert re.search(r"[^\x00-\x7f].*\. [A-Z][a-z]", body["detail"]), body["detail"]


def _field_refused(response, field):
    _bilingual(response, "invalid")
    assert list(response.json()["fields"]) == [field]


def test_a_province_leader_reads_each_unit_s_figures_index_and_rank(client, leader, history):
    response = _as(client, leader).get(FIGURES, PERIOD)
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {"kind": "custom", "first": "2026-11-24", "last": "2026-11-24"}
    province = body["unit"]
    assert province["code"] == "31" and province["rank"] is None
    summed = {name: WARD_A[name] + WARD_B[name] for name in WARD_A}
    assert {k: province["figures"][k] for k in summed} == summed
    assert province["index"]["total"] == 56.93
    assert province["index"]["class_key"] == "average"
    assert set(province["index"]["groups"]) == {
        "publicity", "progress", "online_service", "online_payment", "satisfaction",
        "digitization",
    }  # fmt: skip
    units = {u["name"]: (u["rank"], u["index"]["total"], u["figures"]["dossiers_received"])
             for u in body["units"]}  # fmt: skip
    assert units == {"UBND phường Lê Chân": (1, 89.0, 1), "UBND phường Hồng Bàng": (2, 53.83, 4)}


def test_a_ward_leader_reads_only_their_own_units(client, history, le_chan_ward, hong_bang_ward):
    ward_leader = _as(client, LeaderFactory(agency=le_chan_ward))
    response = ward_leader.get(FIGURES, PERIOD)
    assert response.json()["unit"]["figures"]["dossiers_received"] == 1
    for unit in (hong_bang_ward.code, "31", "nothing"):
        response = client.get(FIGURES, PERIOD | {"unit": unit})
        assert response.status_code == 404
        _bilingual(response, "unit")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "year"}, "period"),
        ({"period": "custom", "from": "24/11/2026", "to": "2026-11-24"}, "from"),
        ({"period": "custom", "from": "2026-11-24", "to": "2026-11-01"}, "to"),
        ({"period": "custom", "from": "2026-11-24"}, "period"),
        ({"period": "custom", "from": "2024-01-01", "to": "2026-11-24"}, "to"),
    ],
)
def test_a_bad_period_is_refused(client, leader, history, params, field):
    for response in (_as(client, leader).get(FIGURES, params), client.get(PUBLIC, params)):
        assert response.status_code == 400
        _field_refused(response, field)


def test_only_leaders_read_the_figures(client, history):
    response = client.get(FIGURES)
    assert response.status_code == 403
    _bilingual(response, "forbidden")
    response = _as(client, CitizenFactory()).get(FIGURES)
    assert response.status_code == 403


def test_the_public_figures_need_no_login_and_name_no_one(client, history):
    response = client.get(PUBLIC, PERIOD | {"province": "31"})
    assert response.status_code == 200
    body = response.json()
    assert body["province"] == "31"
    rows = [(u["name"], u["received"], u["on_time_rate"], u["paperless_rate"],
             u["index"]["total"], u["index"]["class_key"]) for u in body["units"]]  # fmt: skip
    assert rows == [
        ("UBND thành phố Hải Phòng", 5, 0.5, 0.3333, 56.93, "average"),
        ("UBND phường Hồng Bàng", 4, 0.3333, 0.3333, 53.83, "average"),
        ("UBND phường Lê Chân", 1, 1.0, None, 89.0, "good"),
    ]
    text = response.content.decode()
    assert history["d1"].applicant.full_name not in text and "0319" not in text


def test_an_unknown_province_is_not_found(client, history):
    response = client.get(PUBLIC, {"province": "99"})
    assert response.status_code == 404
    _bilingual(response, "province")


def test_the_schema_holds_both_endpoints(client, leader):
    schema = _as(client, leader).get(reverse("api-schema")).content.decode()
    assert "/api/dashboards/figures/" in schema and "/api/dashboards/public/" in schema
    assert "TransparencyUnit" in schema and "DashboardFigures" in schema
