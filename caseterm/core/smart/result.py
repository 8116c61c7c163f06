"""What the SMART(ER) check takes and gives: the goal and its context, each criterion's
result with its hints (a stable code and a plain-language message), the whole result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from caseterm.i18n import N_, _

CRITERIA = ("specific", "measurable", "attractive", "realistic", "terminated", "evaluated",
            "reviewed")
LETTERS = {"specific": "S", "measurable": "M", "attractive": "A", "realistic": "R",
           "terminated": "T", "evaluated": "E", "reviewed": "R"}
NAMES = {
    "specific": N_("Specific"),
    "measurable": N_("Measurable"),
    "attractive": N_("Attractive (the client's own)"),
    "realistic": N_("Realistic"),
    "terminated": N_("Time-bound"),
    "evaluated": N_("Review planned"),
    "reviewed": N_("Reviewed"),
}
PASS_TEXT = {
    "specific": N_("Says clearly what will be achieved."),
    "measurable": N_("We can tell whether it is reached."),
    "attractive": N_("Phrased positively, as the client's own goal."),
    "realistic": N_("Nothing speaks against reaching it."),
    "terminated": N_("Has a date by which it should be reached."),
    "evaluated": N_("A review date is set."),
    "reviewed": N_("Reviews are up to date."),
}


@dataclass(frozen=True)
class GoalCheckInput:
    """What the check looks at. Fields left at None are unknown (e.g. a bare sentence from the
    CLI) and are then not held against the goal, except where the criterion needs them."""

    text: str
    indicator: str = ""
    target: str = ""
    due_date: date | None = None
    in_client_words: bool = True  # False when only a professional wording exists
    agreed_by_client: bool | None = None
    resources: int | None = None  # linked resources
    confidence: int | None = None  # the client's confidence 0–10
    is_measure: bool = False
    responsible: str = ""  # measures: who
    is_new: bool = True


@dataclass(frozen=True)
class CheckContext:
    today: date
    review_date: date | None = None  # the agreement's (or goal's) review date
    last_review: date | None = None  # last GAS review recorded
    open_goals: int | None = None  # open action goals of the case, this one included
    max_open_goals: int = 5
    sentence_only: bool = False  # CLI/lab: only the sentence is known


@dataclass(frozen=True)
class Hint:
    code: str
    message: str


@dataclass(frozen=True)
class CriterionResult:
    key: str
    letter: str
    name: str
    ok: bool
    hints: tuple[Hint, ...] = ()
    explanation: str = ""


@dataclass(frozen=True)
class SmartResult:
    criteria: tuple[CriterionResult, ...] = field(default_factory=tuple)

    @property
    def score(self) -> int:
        """0–100: share of criteria passed."""
        if not self.criteria:
            return 0
        return round(100 * sum(c.ok for c in self.criteria) / len(self.criteria))

    @property
    def passed(self) -> int:
        return sum(c.ok for c in self.criteria)

    @property
    def codes(self) -> set[str]:
        return {h.code for c in self.criteria for h in c.hints}

    def get(self, key: str) -> CriterionResult:
        return next(c for c in self.criteria if c.key == key)

    def as_dict(self) -> dict:
        return {
            "score": self.score,
            "passed": self.passed,
            "total": len(self.criteria),
            "criteria": [
                {"key": c.key, "letter": c.letter, "name": c.name, "ok": c.ok,
                 "explanation": c.explanation,
                 "hints": [{"code": h.code, "message": h.message} for h in c.hints]}
                for c in self.criteria
            ],
        }


def _result(key: str, hints: list[Hint]) -> CriterionResult:
    ok = not hints
    return CriterionResult(key=key, letter=LETTERS[key], name=_(NAMES[key]), ok=ok,
                           hints=tuple(hints),
                           explanation=_(PASS_TEXT[key]) if ok else hints[0].message)
