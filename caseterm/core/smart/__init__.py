"""The SMART(ER) check of a goal (reference/methods.md §2.1), a pure function.

Used by the goal editor while the worker types, by `caseterm goals check "TEXT"` and by the
training labs. It knows German and English. Each criterion passes or carries hints; every
hint has a code (stable, for tests and JSON) and a plain-language explanation.

    S  specific        no vague words without a number, one goal per sentence
    M  measurable      an indicator, a number or an observable criterion
    A  attractive      accepted by the client, in their words, positively phrased
    R  realistic       resources linked, the client's confidence, not too many open goals
    T  terminated      a due date, in the future, before the agreement's review date
    E  review planned  a review date is set (label: "Review planned", not "Evaluated")
    R  reviewed        once the review date passed, a review is recorded

Heuristics on words cannot understand a sentence; they point at what a trainer would point
at. The caseworker decides.
"""

from __future__ import annotations

from caseterm.core.smart.checker import check, check_fields, check_sentence
from caseterm.core.smart.result import (
    CRITERIA,
    LETTERS,
    NAMES,
    PASS_TEXT,
    CheckContext,
    CriterionResult,
    GoalCheckInput,
    Hint,
    SmartResult,
)
from caseterm.core.smart.words import (
    ABSOLUTE_DE,
    ABSOLUTE_EN,
    HEDGE_DE,
    HEDGE_EN,
    MONTHS,
    NEGATIVE_DE,
    NEGATIVE_EN,
    NUMBER_WORDS,
    VAGUE_DE,
    VAGUE_EN,
    has_number,
    is_observable,
    mentions_time,
    several_goals,
)

__all__ = [
    "ABSOLUTE_DE",
    "ABSOLUTE_EN",
    "CRITERIA",
    "HEDGE_DE",
    "HEDGE_EN",
    "LETTERS",
    "MONTHS",
    "NAMES",
    "NEGATIVE_DE",
    "NEGATIVE_EN",
    "NUMBER_WORDS",
    "PASS_TEXT",
    "VAGUE_DE",
    "VAGUE_EN",
    "CheckContext",
    "CriterionResult",
    "GoalCheckInput",
    "Hint",
    "SmartResult",
    "check",
    "check_fields",
    "check_sentence",
    "has_number",
    "is_observable",
    "mentions_time",
    "several_goals",
]
