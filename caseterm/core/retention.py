"""Retention schedules (Aufbewahrungsfristen): when a record's period ends and what then happens.

Pure rules over plain data. The schedule is data (data/legal/retention.json, German defaults of
reference/methods.md §6.2, editable by the office): per legal area and record type a trigger
(case closed, 30th birthday, birth), a number of years, and an action (delete or restrict).

Counting (§ 188 (2), (3) BGB): a period of years ends on the day with the same date; when
that day does not exist (29 February in a year that is not a leap year) it ends on the last day
of the month, 28 February. With `from_year_end` the period starts at the end of the trigger's
calendar year (31 December), as many Aktenordnungen count. A record is due on the day its
period ends. A legal hold stops deletion and restriction alike.
"""

from __future__ import annotations

import calendar
import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from caseterm.i18n import _, language


class Trigger(StrEnum):
    case_closed = "case_closed"
    birthday_30 = "birthday_30"
    birth = "birth"


class Action(StrEnum):
    delete = "delete"
    restrict = "restrict"


@dataclass(frozen=True)
class Rule:
    id: str
    legal_area: str
    record_type: str
    trigger: Trigger
    years: int
    action: Action
    basis_en: str
    from_year_end: bool = False
    basis_de: str = ""

    @property
    def basis(self) -> str:
        """The reason of the rule in the reader's language (German or English; the English
        one when the schedule has no German text)."""
        if language() == "de" and self.basis_de:
            return self.basis_de
        return self.basis_en or self.basis_de


class ScheduleError(ValueError):
    pass


def add_years(day: date, years: int) -> date:
    """`day` plus whole years; 29 February becomes 28 February in a common year (§ 188 (3) BGB)."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return date(year, day.month, min(day.day, last))


def parse_rules(data: dict) -> list[Rule]:
    """The rules of a schedule file; ScheduleError names the first bad rule."""
    rules: list[Rule] = []
    seen: set[tuple[str, str]] = set()
    for n, raw in enumerate(data.get("rules", []), start=1):
        try:
            rule = Rule(id=str(raw["id"]), legal_area=str(raw["legal_area"]),
                        record_type=str(raw.get("record_type", "case")),
                        trigger=Trigger(raw["trigger"]), years=int(raw["years"]),
                        action=Action(raw["action"]), basis_en=str(raw.get("basis", "")),
                        from_year_end=bool(raw.get("from_year_end", False)),
                        basis_de=str(raw.get("basis_de", "")))
        except (KeyError, ValueError, TypeError) as exc:
            raise ScheduleError(_("Retention rule {n} is not valid: {problem}").format(
                n=n, problem=exc)) from None
        if not 0 < rule.years <= 150:
            raise ScheduleError(_("Retention rule {n} is not valid: {problem}").format(
                n=n, problem="years 1..150"))
        key = (rule.legal_area, rule.record_type)
        if key in seen:
            raise ScheduleError(_("Retention rule {n} is not valid: {problem}").format(
                n=n, problem=f"second rule for {key[0]}/{key[1]}"))
        seen.add(key)
        rules.append(rule)
    return rules


DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "legal" / "retention.json"


def load_rules(path: Path | None = None) -> list[Rule]:
    try:
        data = json.loads((path or DEFAULT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScheduleError(_("The retention schedule cannot be read: {problem}").format(
            problem=exc)) from None
    return parse_rules(data)


@dataclass(frozen=True)
class CaseFacts:
    case_id: uuid.UUID
    case_number: str
    legal_area: str
    closed_on: date | None
    birth_date: date | None
    legal_hold: bool = False
    restricted: bool = False


def trigger_date(rule: Rule, facts: CaseFacts) -> date | None:
    if rule.trigger is Trigger.case_closed:
        return facts.closed_on
    if facts.birth_date is None:
        return None
    if rule.trigger is Trigger.birthday_30:
        return add_years(facts.birth_date, 30)
    return facts.birth_date


def due_on(rule: Rule, facts: CaseFacts) -> date | None:
    """The day the period ends, or None while the trigger has not happened."""
    start = trigger_date(rule, facts)
    if start is None:
        return None
    if rule.from_year_end:
        start = date(start.year, 12, 31)
    return add_years(start, rule.years)


@dataclass(frozen=True)
class Due:
    facts: CaseFacts
    rule: Rule
    trigger_on: date
    due_on: date
    held: bool  # a legal hold stops it

    @property
    def action(self) -> Action:
        return self.rule.action


def rule_for(rules: list[Rule], legal_area: str, record_type: str = "case") -> Rule | None:
    for rule in rules:
        if rule.legal_area == legal_area and rule.record_type == record_type:
            return rule
    return None


def evaluate(rules: list[Rule], cases: list[CaseFacts], today: date) -> list[Due]:
    """Every case whose period has ended by `today` and whose action is still to be done
    (a restricted case is not due for restriction again), oldest due date first."""
    out: list[Due] = []
    for facts in cases:
        rule = rule_for(rules, facts.legal_area)
        if rule is None:
            continue
        if rule.action is Action.restrict and facts.restricted:
            continue
        end = due_on(rule, facts)
        if end is None or end > today:
            continue
        trig = trigger_date(rule, facts)
        assert trig is not None
        out.append(Due(facts, rule, trig, end, facts.legal_hold))
    out.sort(key=lambda d: (d.due_on, d.facts.case_number))
    return out


def next_day(day: date) -> date:
    return day + timedelta(days=1)
