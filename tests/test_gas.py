"""GAS T-score (Kiresuk & Sherman) against the reference vectors of methods.md §3.3."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from caseterm.core import gas

REFERENCE = [
    ([-2, 0, -1, 2, 0, 1], [3, 5, 1, 4, 2, 6], 55.0),
    ([0, 1, -1], [1, 1, 1], 50.0),
    ([-1, -1, -1], [1, 1, 1], 36.31),
    ([2, 2, 2], [1, 1, 1], 77.39),
    ([-1] * 5, [1] * 5, 34.92),
    ([1], [1], 60.0),
    ([0, 1, -1], [6, 2, 9], 44.65),
]


@pytest.mark.parametrize(("levels", "weights", "expected"), REFERENCE)
def test_reference_vectors(levels, weights, expected):
    assert round(gas.t_score(levels, weights), 2) == expected


def test_unweighted_equals_weights_one():
    assert gas.t_score([-1, 2, 0]) == gas.t_score([-1, 2, 0], [1, 1, 1])


def test_no_goals_gives_none():
    assert gas.t_score([]) is None
    assert gas.t_score([None, None], [1, 2]) is None


def test_all_weights_zero_fall_back_to_one():
    assert gas.t_score([1, -1, 2], [0, 0, 0]) == gas.t_score([1, -1, 2])


def test_one_goal_and_missing_values_dropped():
    assert gas.t_score([0]) == 50.0
    assert gas.t_score([1, None], [1, 5]) == 60.0
    assert gas.t_score([1, 2], [1, None]) == 60.0


def test_rho_is_configurable_and_checked():
    # rho = 0: T = 50 + 10·Σx/sqrt(n)
    assert gas.t_score([1, 1, 1, 1], rho=0) == pytest.approx(70.0)
    assert gas.t_score([1, 1], rho=0.5) != gas.t_score([1, 1])
    with pytest.raises(ValueError):
        gas.t_score([1], rho=1.0)
    with pytest.raises(ValueError):
        gas.t_score([3])
    with pytest.raises(ValueError):
        gas.t_score([1], [-1])


def test_history_carries_levels_forward():
    a, b = uuid.uuid4(), uuid.uuid4()
    goals = [gas.GasGoal(a, "A", 1, -1), gas.GasGoal(b, "B", 1, -2)]
    reviews = [gas.GasReview(a, date(2026, 12, 1), 0),
               gas.GasReview(b, date(2027, 1, 10), 1),
               gas.GasReview(a, date(2027, 1, 10), 1)]
    points = gas.history(goals, reviews)
    assert [p.day for p in points] == [None, date(2026, 12, 1), date(2027, 1, 10)]
    assert points[0].levels == {a: -1, b: -2}
    assert points[1].levels == {a: 0, b: -2}
    assert points[2].levels == {a: 1, b: 1}
    assert points[0].t < points[1].t < points[2].t
    assert points[2].t == pytest.approx(gas.t_score([1, 1]))


def test_history_without_goals():
    assert [p.t for p in gas.history([], [])] == [None]


def test_text_chart_has_one_column_per_value():
    rows = gas.text_chart([30, 50, 70], height=4)
    assert len(rows) == 4 and all(len(r) == 3 for r in rows)
    assert rows[0][2] != " " and rows[0][0] == " "
