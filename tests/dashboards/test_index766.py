"""The Decision 766 index: each group against values computed by hand from
the figures of tests/dashboards/test_figures.py, the classes and the ranking."""

import pytest

from portal.dashboards import index766
from portal.dashboards.figures import figures_rebuild
from portal.dashboards.selectors import subtree_figures, zero_figures
from tests.dashboards.factories import DAY, two_wards_history
from tests.dashboards.test_figures import WARD_A, WARD_B


def test_each_group_of_ward_a_as_computed_by_hand():
    index = index766.index_766(WARD_A)
    assert index.groups == {
        "publicity": 15.0,  # 12 + 6 × 1 published ÷ 2 concluded
        "progress": 6.67,  # 20 × 1 on time ÷ 3 decided
        "online_service": 9.0,  # 12 × 3 online ÷ 4 received
        "online_payment": 5.0,  # 10 × 1 online ÷ 2 paid
        "satisfaction": 9.0,  # 6 × 1/2 applicants satisfied + 6 × 1/2 on time + 6 × 1/2 satisfied
        "digitization": 9.17,  # 11 × 1 e-result ÷ 2 approved + 11 × 1 paperless ÷ 3
    }
    assert index.total == 53.83
    assert (index.class_key, index.class_label) == ("average", "Trung bình")


def test_a_ward_with_nothing_to_fault_but_a_missing_e_result():
    index = index766.index_766(WARD_B)
    assert index.groups == {
        "publicity": 18.0, "progress": 20.0, "online_service": 12.0, "online_payment": 10.0,
        "satisfaction": 18.0, "digitization": 11.0,
    }  # fmt: skip
    assert index.total == 89.0
    assert index.class_key == "good"


def test_the_province_scores_the_sum_of_its_subtree(hai_phong, hong_bang_ward, le_chan_ward):
    two_wards_history(hong_bang_ward, le_chan_ward)
    figures_rebuild(day=DAY)
    totals = subtree_figures(units=[hai_phong, hong_bang_ward], first=DAY, last=DAY)
    assert totals[hai_phong.pk] == {name: WARD_A[name] + WARD_B[name] for name in WARD_A}
    assert totals[hong_bang_ward.pk] == WARD_A
    index = index766.index_766(totals[hai_phong.pk])
    assert index.groups == {
        "publicity": 15.0, "progress": 10.0, "online_service": 9.6, "online_payment": 5.0,
        "satisfaction": 10.0, "digitization": 7.33,
    }  # fmt: skip  # satisfaction: 6 × 2/3 applicants + 6 × 1/2 on time + 6 × 1/2 rated
    assert index.total == 56.93


def test_a_unit_with_no_dossier_in_the_period_is_not_rated():
    assert index766.index_766(zero_figures()) is None
    assert index766.index_766(zero_figures() | {"complaints_received": 3}) is None


def test_dissatisfied_applicants_cost_their_part_and_silent_ones_nothing():
    decided = zero_figures() | {"dossiers_on_time": 1}
    unhappy = decided | {"dossier_ratings_count": 2, "dossier_ratings_satisfied": 0}
    half = decided | {"dossier_ratings_count": 4, "dossier_ratings_satisfied": 2}
    assert index766.satisfaction(unhappy) == 12.0
    assert index766.satisfaction(half) == 15.0
    assert index766.satisfaction(decided) == 18.0


@pytest.mark.parametrize(
    ("total", "key", "label"),
    [
        (100, "excellent", "Xuất sắc"),
        (90, "excellent", "Xuất sắc"),
        (89.99, "good", "Tốt"),
        (80, "good", "Tốt"),
        (79.99, "fair", "Khá"),
        (70, "fair", "Khá"),
        (69.99, "average", "Trung bình"),
        (50, "average", "Trung bình"),
        (49.99, "weak", "Yếu"),
        (0, "weak", "Yếu"),
    ],
)
def test_classes_of_decision_766(total, key, label):
    assert index766.classify(total) == (key, label)


def test_the_groups_add_up_to_a_hundred_points():
    assert [(g.key, g.points) for g in index766.GROUPS] == [
        ("publicity", 18), ("progress", 20), ("online_service", 12), ("online_payment", 10),
        ("satisfaction", 18), ("digitization", 22),
    ]  # fmt: skip


def test_ranking_puts_the_best_first_shares_ties_and_leaves_out_units_not_rated():
    a = index766.index_766(WARD_A)
    b = index766.index_766(WARD_B)
    ranks = index766.ranking({"a": a, "b": b, "b2": b, "none": None})
    assert [(rank, unit) for rank, unit, _ in ranks] == [(1, "b"), (1, "b2"), (3, "a")]
