"""The leader's dashboard and its drill-downs, over the hand-counted fixture,
scoped to the leader's units."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from portal.dashboards.figures import figures_rebuild
from tests.accounts.factories import LeaderFactory, WardFactory
from tests.dashboards.factories import DAY, complaint, dossier, two_wards_history

PERIOD = {"period": "custom", "from": DAY.isoformat(), "to": DAY.isoformat()}
BACKEND = "portal.accounts.backends.VNeIDSessionBackend"
CHART_JS_SHA256 = "87364cc2b2a76a6684929e7d6b80b18a897794db38400caff1fcf1791c6925d2"


@pytest.fixture
def history(hong_bang_ward, le_chan_ward):
    records = two_wards_history(hong_bang_ward, le_chan_ward)
    figures_rebuild(day=DAY)
    return records


@pytest.fixture
def ward_leader(le_chan_ward):
    return LeaderFactory(agency=le_chan_ward, full_name="Trần Văn Bình")


def _dashboard(client, user, **params):
    client.force_login(user, backend=BACKEND)
    return client.get(reverse("dashboards:dashboard"), PERIOD | params)


def _records(client, user, figure, **params):
    client.force_login(user, backend=BACKEND)
    return client.get(reverse("dashboards:records", args=[figure]), PERIOD | params)


def test_the_province_leader_sees_each_unit_its_index_class_and_rank(
    client, leader, history, django_assert_max_num_queries
):
    client.force_login(leader, backend=BACKEND)
    # Figures, live reads and the breakdowns, and the header's count of unread messages.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("dashboards:dashboard"), PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "UBND thành phố Hải Phòng" in page
    assert "56,93" in page or "56.93" in page  # the province: its subtree
    rows = response.context["index_rows"]
    assert [(row["rank"], row["unit"].name, row["index"].total) for row in rows] == [
        (1, "UBND phường Lê Chân", 89.0),
        (2, "UBND phường Hồng Bàng", 53.83),
    ]
    assert "Trung bình" in page and "Tốt" in page
    # Every group's formula is on the page.
    assert page.count("<dt>") >= 6 and "÷" in page


def test_units_with_nothing_in_the_period_are_named_apart_not_rows_of_zeros(
    client, leader, history, hai_phong
):
    quiet = WardFactory(code="11399", name="UBND phường Yên Tĩnh", parent=hai_phong)
    response = _dashboard(client, leader)
    page = response.content.decode()
    assert quiet not in [row["unit"] for row in response.context["index_rows"]]
    assert quiet in response.context["unrated_units"]
    assert quiet not in [row["unit"] for row in response.context["dossier_rows"]]
    assert quiet in response.context["dossier_quiet"]
    unrated = page.split('data-testid="unrated-units"')[1].split("</details>")[0]
    assert "1 đơn vị" in unrated and f'href="?unit={quiet.code}&amp;' in unrated
    assert "UBND phường Hồng Bàng" not in unrated


def test_each_number_links_to_the_records_behind_it(client, leader, history, hong_bang_ward):
    response = _dashboard(client, leader)
    hong_bang = next(
        row for row in response.context["dossier_rows"] if row["unit"] == hong_bang_ward
    )
    heads = response.context["dossier_heads"]
    overdue_value, overdue_url = hong_bang["cells"][heads.index("Giải quyết quá hạn")]
    assert overdue_value == 2
    listed = client.get(overdue_url)
    assert listed.status_code == 200
    assert [d.pk for d in listed.context["page"]] == sorted(
        [history["d2"].pk, history["d3"].pk], reverse=True
    )


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        ("dossiers_paperless", ["d1"]),
        ("dossiers_with_replacements", ["d1", "d2", "d6"]),
        ("complaints_substantiated", ["c1"]),
        ("violations", ["c1"]),
        ("dossier_ratings_count", ["d1", "d3"]),
        ("dossier_ratings_satisfied", ["d1"]),
    ],
)
def test_a_drill_down_lists_as_many_records_as_the_number(
    client, leader, history, hong_bang_ward, figure, expected
):
    response = _records(client, leader, figure, unit=hong_bang_ward.code)
    assert response.status_code == 200
    listed = list(response.context["page"])
    keys = {(type(record), record.pk): name for name, record in history.items()}
    if figure == "violations":
        listed = [v.complaint for v in listed]
    if figure.startswith("dossier_ratings"):
        assert "/5</td>" in response.content.decode()
        listed = [rating.dossier for rating in listed]
    assert sorted(keys[type(record), record.pk] for record in listed) == expected


def test_a_ward_leader_sees_only_their_ward(client, ward_leader, history, hong_bang_ward):
    response = _dashboard(client, ward_leader)
    assert response.status_code == 200
    assert response.context["unit"] == ward_leader.agency
    assert "Hồng Bàng" not in response.content.decode()
    # Another ward, its dashboard and its records: not found.
    assert _dashboard(client, ward_leader, unit=hong_bang_ward.code).status_code == 404
    assert _records(client, ward_leader, "dossiers_overdue",
                    unit=hong_bang_ward.code).status_code == 404  # fmt: skip
    # The province above them: not found either.
    assert _dashboard(client, ward_leader, unit="31").status_code == 404
    # Their own ward's records never include another ward's.
    own = _records(client, ward_leader, "dossiers_received")
    assert [d.pk for d in own.context["page"]] == [history["d7"].pk]
    rated = _records(client, ward_leader, "dossier_ratings_count")
    assert [r.dossier_id for r in rated.context["page"]] == [history["d7"].pk]


def test_officials_and_citizens_may_not_open_the_dashboard(client, commune_official, citizen):
    for user in (commune_official, citizen):
        client.force_login(user, backend=BACKEND)
        assert client.get(reverse("dashboards:dashboard")).status_code == 403
        assert client.get(reverse("dashboards:records", args=["violations"])).status_code == 403


def test_the_dashboard_asks_for_a_login(client):
    response = client.get(reverse("dashboards:dashboard"))
    assert response.status_code == 302


def test_a_wrong_period_is_refused_with_a_bilingual_error(client, leader, history):
    response = _dashboard(client, leader, **{"from": "2026-11-30", "to": "2026-11-01"})
    assert response.status_code == 400
    assert "Ngày kết thúc phải từ ngày bắt đầu trở đi" in response.content.decode()
    response = _dashboard(client, leader, **{"from": "not-a-date"})
    assert response.status_code == 400
    assert "Nhập ngày theo dạng năm-tháng-ngày" in response.content.decode()
    response = _dashboard(client, leader, period="year")
    assert response.status_code == 400
    assert "Chọn tuần này, tháng này hoặc khoảng ngày" in response.content.decode()
    response = _dashboard(client, leader, **{"from": "2024-01-01", "to": "2026-11-01"})
    assert response.status_code == 400
    assert _records(client, leader, "no_such_figure").status_code == 404


def test_this_week_and_this_month_are_the_default_periods(client, leader, history):
    client.force_login(leader, backend=BACKEND)
    assert client.get(reverse("dashboards:dashboard")).context["period"].kind == "month"
    week = client.get(reverse("dashboards:dashboard"), {"period": "week"}).context["period"]
    assert week.first.weekday() == 0


def test_the_trend_has_a_table_for_screen_readers_and_a_local_chart_library(
    client, leader, history
):
    response = _dashboard(client, leader)
    page = response.content.decode()
    assert 'data-testid="trend-table"' in page
    assert response.context["trend_rows"] == [(DAY, [5, 2, 2, 1, 2])]
    assert "/static/vendor/chart.js/chart.umd.min.js" in page
    assert "cdn" not in page.lower() and "https://" not in page.split("</footer>")[0]
    chart = Path(settings.BASE_DIR, "static/vendor/chart.js/chart.umd.min.js").read_bytes()
    assert hashlib.sha256(chart).hexdigest() == CHART_JS_SHA256


def test_a_drill_down_page_costs_the_same_few_queries(
    client, leader, history, django_assert_max_num_queries
):
    client.force_login(leader, backend=BACKEND)
    for figure in ("dossiers_received", "complaints_received", "payments_paid", "ratings_count",
                   "dossier_ratings_count"):  # fmt: skip
        with django_assert_max_num_queries(8):
            response = client.get(reverse("dashboards:records", args=[figure]), PERIOD)
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("figure", "columns"),
    [
        ("dossiers_received",
         ["Hồ sơ", "Thủ tục", "Đơn vị", "Kênh tiếp nhận", "Ngày nộp", "Hạn giải quyết",
          "Trạng thái"]),
        ("complaints_received",
         ["Phản ánh, kiến nghị", "Loại", "Cơ quan, đơn vị bị phản ánh", "Cơ quan xử lý",
          "Đã tiếp nhận", "Hạn giải quyết", "Trạng thái"]),
    ],
)  # fmt: skip
def test_a_drill_down_of_dossiers_or_complaints_is_one_card_each_on_a_phone(
    client, leader, history, hong_bang_ward, figure, columns
):
    import re

    page = _records(client, leader, figure, unit=hong_bang_ward.code).content.decode()

    table = re.search(r'<table class="([^"]*)" data-testid="records">(.*?)</table>', page, re.S)
    assert "table-stack" in table.group(1)
    assert '<caption class="visually-hidden">' in table.group(2)
    assert re.findall(r'<th scope="col">(.*?)</th>', table.group(2)) == columns
    # Below md each cell names its column, for sight only: screen readers read the headers.
    row = re.search(r'<tr data-testid="record">(.*?)</tr>', table.group(2), re.S).group(1)
    labels = re.findall(r'<span class="d-block d-md-none[^"]*" aria-hidden="true">(.*?)</span>',
                        row)  # fmt: skip
    assert labels == columns


@pytest.mark.parametrize("figure", ["dossiers_received", "complaints_received"])
def test_a_drill_down_lists_the_most_recent_first_even_when_entered_backdated(
    client, leader, hong_bang_ward, figure, django_assert_max_num_queries
):
    before = DAY - datetime.timedelta(days=1)
    if figure == "dossiers_received":
        recent, earlier = dossier(hong_bang_ward), dossier(hong_bang_ward, day=before)
    else:
        recent, earlier = complaint(hong_bang_ward), complaint(hong_bang_ward, day=before)
    # Entered after the recent one, an earlier date: its id is the larger.
    assert earlier.pk > recent.pk
    client.force_login(leader, backend=BACKEND)
    period = PERIOD | {"from": before.isoformat(), "unit": hong_bang_ward.code}
    with django_assert_max_num_queries(8):
        response = client.get(reverse("dashboards:records", args=[figure]), period)
    assert [record.pk for record in response.context["page"]] == [recent.pk, earlier.pk]


def test_on_a_phone_each_unit_s_figures_are_a_card_each_figure_under_its_column_s_name(
    client, leader, history
):
    import re

    page = _dashboard(client, leader).content.decode()
    tables = ("index-table", "trend-table", "dossier-figures", "compliance-figures",
              "complaints-by-category", "corrections-by-source", "lookups-by-source")  # fmt: skip
    for testid in tables:
        table = re.search(rf'<table class="([^"]*)" data-testid="{testid}">(.*?)</table>', page,
                          re.S)  # fmt: skip
        assert "table-stack" in table.group(1).split(), testid
        heads = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table.group(2))
        headers = [re.sub(r"<[^>]+>", "", head).strip() for head in heads]
        for row in re.findall(r"<tbody>(.*?)</tbody>", table.group(2), re.S)[0].split("</tr>")[:-1]:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            if "colspan" in row:  # "nothing open": a line of its own
                continue
            labels = [re.match(
                r'<span class="d-block d-md-none[^"]*" aria-hidden="true">(.*?)</span>', cell
            ) for cell in cells]  # fmt: skip
            named = [label.group(1) for label in labels if label]
            # Each figure names its column (the index's without its points; the unit's
            # own row has no rank to name).
            assert named, (testid, row)
            assert all(any(h.startswith(n) for h in headers) for n in named), (testid, named)
            assert len(named) >= len(cells) - 1, (testid, row)
