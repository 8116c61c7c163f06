"""Pure rules of core.gas at their edges: ρ from 0 to 0.99, levels −2 … +2, `check_rho()`'s
value, and the exact cells of the text chart (gaps, clamping, the goal screen's width 5)."""

from __future__ import annotations

import pytest

from caseterm.core import gas


def test_rho_from_0_to_0_99_is_accepted_and_returned():
    assert gas.check_rho(0) == 0.0 and isinstance(gas.check_rho(0), float)
    assert gas.check_rho(0.3) == 0.3
    assert gas.check_rho(0.99) == 0.99
    assert gas.RHO_MAX == 0.99
    assert gas.DEFAULT_RHO == 0.3


@pytest.mark.parametrize("rho", [-0.01, -1, 0.991, 1.0])
def test_rho_outside_0_to_0_99_is_rejected(rho):
    with pytest.raises(ValueError, match=r"rho must be between 0 and 0\.99"):
        gas.check_rho(rho)
    with pytest.raises(ValueError):
        gas.t_score([1], rho=rho)


def test_default_rho_is_used_when_none_is_given():
    assert gas.t_score([1, 1]) == gas.t_score([1, 1], rho=0.3)
    assert gas.t_score([1, 1]) == pytest.approx(50 + 10 * 2 / (0.7 * 2 + 0.3 * 4) ** 0.5)


@pytest.mark.parametrize("level", [-3, 3, -2.5, 2.5])
def test_levels_outside_minus_2_to_plus_2_are_rejected(level):
    with pytest.raises(ValueError, match="outside -2"):
        gas.t_score([0, level])


def test_levels_minus_2_and_plus_2_are_accepted():
    assert gas.t_score([-2], rho=0) == 30.0
    assert gas.t_score([2], rho=0) == 70.0


def test_weight_zero_is_allowed_negative_is_not():
    assert gas.t_score([2, -1], [1, 0], rho=0) == 70.0
    with pytest.raises(ValueError, match="negative"):
        gas.t_score([1], [-0.5])


def test_levels_and_weights_of_different_length_are_rejected():
    with pytest.raises(ValueError, match="differ in length"):
        gas.t_score([1, 2], [1])


CHART = [20, 50, None, 80, 65]


def test_text_chart_cells_with_gaps():
    assert gas.text_chart(CHART) == [
        "   █ ",
        "   █▆",
        " ▄ ██",
        " █ ██",
        " █ ██",
    ]


def test_text_chart_clamps_values_to_its_scale():
    assert gas.text_chart([10, 95], height=2) == gas.text_chart([20, 80], height=2) == [
        " █", " █"]
    assert gas.text_chart([35], lo=30, hi=40, height=1) == ["▄"]


def test_text_chart_eighths_round_to_the_nearest_block():
    # 25 → 1/12 of the scale → 5 × 8 / 12 = 3.33 eighths → ▃
    assert gas.text_chart([25]) == [" ", " ", " ", " ", "▃"]
    assert gas.text_chart([27]) == [" ", " ", " ", " ", "▅"]  # 4.67 eighths → 5


def test_text_chart_width_5_as_on_the_goal_screen():
    rows = gas.text_chart(CHART, width=5)
    blank, full = " " * 5, "█" * 5
    assert rows == [
        " ".join([blank, blank, blank, full, blank]),
        " ".join([blank, blank, blank, full, "▆" * 5]),
        " ".join([blank, "▄" * 5, blank, full, full]),
        " ".join([blank, full, blank, full, full]),
        " ".join([blank, full, blank, full, full]),
    ]
    assert rows[0] == " " * 18 + "█████" + " " * 6
    assert {len(r) for r in rows} == {5 * 5 + 4}
