"""Goal Attainment Scaling: the Kiresuk & Sherman (1968) T-score (reference/methods.md §3.3).

    T = 50 + 10 * Σ(w_i * x_i) / sqrt((1 - ρ) * Σ(w_i²) + ρ * (Σ w_i)²)

x_i is the attained level (-2 … +2), w_i the weight (importance × difficulty, 0–9), ρ the
assumed correlation between goals (default 0.3, configurable in [0, 0.99]). Goals with no level
or no weight are left out; if every weight is 0 all count 1. T is never shown alone: the
history carries the per-goal levels with every score.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

DEFAULT_RHO = 0.3
RHO_MAX = 0.99

LEVEL_LABELS = {
    -2: "much less than expected",
    -1: "somewhat less than expected",
    0: "expected level of outcome",
    1: "somewhat more than expected",
    2: "much more than expected",
}


def check_rho(rho: float) -> float:
    if not 0 <= rho <= RHO_MAX:
        raise ValueError(f"rho must be between 0 and {RHO_MAX}, not {rho}")
    return float(rho)


def t_score(levels: Sequence[int | None], weights: Sequence[float | None] | None = None,
            rho: float = DEFAULT_RHO) -> float | None:
    """The GAS T-score, or None when no goal has a level (n = 0)."""
    check_rho(rho)
    if weights is None:
        weights = [1] * len(levels)
    if len(weights) != len(levels):
        raise ValueError("levels and weights differ in length")
    pairs = [(float(x), float(w)) for x, w in zip(levels, weights, strict=True)
             if x is not None and w is not None]
    for x, w in pairs:
        if not -2 <= x <= 2:
            raise ValueError(f"GAS level {x} outside -2 … +2")
        if w < 0:
            raise ValueError(f"weight {w} is negative")
    if not pairs:
        return None
    if all(w == 0 for _x, w in pairs):
        pairs = [(x, 1.0) for x, _w in pairs]
    sum_wx = sum(w * x for x, w in pairs)
    sum_w = sum(w for _x, w in pairs)
    sum_w2 = sum(w * w for _x, w in pairs)
    denominator = math.sqrt((1 - rho) * sum_w2 + rho * sum_w * sum_w)
    if denominator == 0:  # only zero-weight goals after all (cannot happen after fallback)
        return None
    return 50 + 10 * sum_wx / denominator


@dataclass(frozen=True)
class GasGoal:
    id: uuid.UUID
    label: str
    weight: float | None
    baseline_level: int | None


@dataclass(frozen=True)
class GasReview:
    goal_id: uuid.UUID
    review_date: date
    level: int


@dataclass(frozen=True)
class GasPoint:
    """The case's T-score at one date, with every goal's level as of that date."""

    day: date | None  # None = baseline
    t: float | None
    levels: dict[uuid.UUID, int | None] = field(default_factory=dict)


def history(goals: Iterable[GasGoal], reviews: Iterable[GasReview],
            rho: float = DEFAULT_RHO) -> list[GasPoint]:
    """Baseline point, then one point per review date. A goal not reviewed on a date keeps its
    last level (its baseline before its first review)."""
    goals = list(goals)
    by_date: dict[date, list[GasReview]] = {}
    for r in sorted(reviews, key=lambda r: r.review_date):
        by_date.setdefault(r.review_date, []).append(r)
    current: dict[uuid.UUID, int | None] = {g.id: g.baseline_level for g in goals}
    weights = {g.id: g.weight for g in goals}

    def point(day: date | None) -> GasPoint:
        ids = list(current)
        t = t_score([current[i] for i in ids], [weights[i] for i in ids], rho)
        return GasPoint(day=day, t=t, levels=dict(current))

    out = [point(None)]
    for day, rows in by_date.items():
        for r in rows:
            if r.goal_id in current:
                current[r.goal_id] = r.level
        out.append(point(day))
    return out


def text_chart(values: Sequence[float | None], *, lo: float = 20, hi: float = 80,
               height: int = 5, width: int = 1) -> list[str]:
    """A small text chart of T over time: one bar per value (`width` characters wide, one
    space between bars when wider than 1), on a fixed scale lo…hi so charts compare."""
    blocks = " ▁▂▃▄▅▆▇█"
    rows = [[" "] * len(values) for _ in range(height)]
    for col, v in enumerate(values):
        if v is None:
            continue
        frac = (min(max(v, lo), hi) - lo) / (hi - lo)
        eighths = round(frac * height * 8)
        for row in range(height):
            fill = min(max(eighths - row * 8, 0), 8)
            rows[height - 1 - row][col] = blocks[fill] if fill else " "
    if width == 1:
        return ["".join(r) for r in rows]
    return [" ".join(c * width for c in r) for r in rows]


def time_fractions(days: Sequence[date | None]) -> list[float]:
    """Where each point of a GAS history stands on a time axis, as a fraction 0…1: the
    baseline (day None) at 0, the dated ratings by their date between BASE_GAP and 1, so
    ratings a week apart stand close and ratings half a year apart far apart (not evenly
    spaced). A single date, or all on one day, stands at 1."""
    dated = [d for d in days if d is not None]
    if not dated:
        return [0.0 for _ in days]
    first, last = min(dated), max(dated)
    span = (last - first).days
    lo = BASE_GAP if any(d is None for d in days) else 0.0
    out = []
    for d in days:
        if d is None:
            out.append(0.0)
        elif span == 0:
            out.append(1.0)
        else:
            out.append(lo + (1.0 - lo) * (d - first).days / span)
    return out


BASE_GAP = 0.15


def time_columns(days: Sequence[date | None], width: int) -> list[int]:
    """The column 0…width-1 of each point on a time axis `width` columns wide."""
    return [round(f * (width - 1)) for f in time_fractions(days)]
