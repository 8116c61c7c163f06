"""Steering figures (Steuerung): the formulas, pure.

The service layer counts in SQL (one GROUP BY per figure, so an office of 100,000 clients stays
fast) and hands the groups here; the rules of what may be shown live here:

- no figure for a group of fewer than MIN_GROUP persons (no re-identification, seed 001);
  a group of 0 is "none", not a fact of zero;
- rates are shares of persons, times are means in days over the persons of the group;
- money is Decimal EUR (cents in the database), never float.

Who may see which figures: `report_scope` (team lead: her team; caseworker: her own caseload;
administrator: the office; data-protection officer: none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from caseterm.core.vocab import Role
from caseterm.i18n import N_, _, fmt_number

MIN_GROUP = 5
# "absurd": a single measure or budget above this is a typing error (one million euros)
MAX_AMOUNT = Decimal("1000000.00")
MAX_PERIOD_DAYS = 3 * 366


class Scope(StrEnum):
    own = "own"
    team = "team"
    office = "office"


def report_scope(role: Role | str) -> Scope | None:
    """Which cases the figures may cover for this role (None: no steering figures)."""
    role = Role(role)
    if role in (Role.team_lead, Role.trainer):
        return Scope.team
    if role == Role.admin:
        return Scope.office
    if role == Role.caseworker:
        return Scope.own
    return None


@dataclass(frozen=True)
class Cell:
    """One figure: a value, or why there is none."""

    value: float | Decimal | int | None
    persons: int
    reason: str = ""  # "" | "small" | "empty"

    @property
    def shown(self) -> bool:
        return self.value is not None

    def text(self, digits: int = 1) -> str:
        if self.reason == "small":
            return _("< {n} persons").format(n=MIN_GROUP)
        if self.reason == "empty":
            return "–"
        v = self.value
        if isinstance(v, Decimal):
            return fmt_number(float(v), 2)
        if isinstance(v, float):
            return fmt_number(v, digits)
        return str(v)


def guard(persons: int, value) -> Cell:
    """The group-of-5 rule: 0 persons -> empty, 1..4 -> suppressed, else the value."""
    if persons <= 0:
        return Cell(None, 0, "empty")
    if persons < MIN_GROUP:
        return Cell(None, persons, "small")
    return Cell(value, persons)


def count(persons: int) -> Cell:
    return guard(persons, persons)


def rate(hits: int, persons: int) -> Cell:
    """Share of `persons` with the property, in per cent (one decimal)."""
    if hits < 0 or hits > persons:
        raise ValueError("hits must lie between 0 and persons")
    return guard(persons, round(100.0 * hits / persons, 1) if persons else None)


def mean_days(total_days: float | int | None, persons: int) -> Cell:
    """Mean of a duration in days over the persons of the group."""
    if persons and total_days is None:
        raise ValueError("no total for a non-empty group")
    return guard(persons, round(float(total_days) / persons, 1)
                 if persons and total_days is not None else None)


def money(cents: int | None, persons: int) -> Cell:
    return guard(persons, (Decimal(cents or 0) / 100).quantize(Decimal("0.01")))


def gas_change(start_sum: float, final_sum: float, persons: int) -> Cell:
    """Mean change of the GAS T-score from start to final over the group."""
    return guard(persons, round((final_sum - start_sum) / persons, 1) if persons else None)


# -- the report ---------------------------------------------------------------------------
SECTIONS: dict[str, str] = {
    "caseload": N_("Caseload per worker and legal area"),
    "phases": N_("Cases by phase and time in phase"),
    "plan_time": N_("Time from intake to agreed plan"),
    "integration": N_("Integration (SGB II): rate, time, durability"),
    "gas": N_("GAS outcomes"),
    "referrals": N_("Referrals per provider: feedback and waiting"),
    "followups": N_("Overdue and postponed follow-ups"),
    "unmet": N_("Unmet needs per Sozialraum and life domain"),
    "costs": N_("Costs per measure type and cost bearer"),
}

COLUMNS: dict[str, tuple[str, ...]] = {
    "caseload": (N_("Worker"), N_("Legal area"), N_("Clients")),
    "phases": (N_("Phase"), N_("Cases"), N_("Mean days in phase")),
    "plan_time": (N_("Legal area"), N_("Cases"), N_("Mean days")),
    "integration": (N_("Closed SGB II cases"), N_("Integration rate %"),
                    N_("Mean days to integration"), N_("Lasted at after-care %")),
    "gas": (N_("Legal area"), N_("Clients"), N_("Mean T at start"), N_("Mean T final"),
            N_("Mean change")),
    "referrals": (N_("Provider"), N_("Referrals"), N_("Feedback rate %"),
                  N_("Mean days waiting")),
    "followups": (N_("Worker"), N_("Open follow-ups"), N_("Overdue %"), N_("Postponed %")),
    "unmet": (N_("Sozialraum"), N_("Life domain"), N_("Clients")),
    "costs": (N_("Measure type"), N_("Cost bearer"), N_("Clients"), N_("Planned EUR"),
              N_("Actual EUR")),
}


@dataclass
class Table:
    key: str
    rows: list[tuple[str | Cell, ...]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _(SECTIONS[self.key])

    @property
    def columns(self) -> list[str]:
        return [_(c) for c in COLUMNS[self.key]]

    def text_rows(self) -> list[list[str]]:
        return [[c.text() if isinstance(c, Cell) else str(c) for c in row] for row in self.rows]


@dataclass
class Report:
    scope: Scope
    label: str  # "Team Nord", "Rathaus", a worker's name
    start: date
    end: date
    legal_area: str | None
    persons: int  # clients with a case in the period and scope
    tables: list[Table] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.persons == 0

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def check_period(start: date | None, end: date | None) -> list[tuple[str, str]]:
    """Problems of a report period as (field, message)."""
    problems: list[tuple[str, str]] = []
    if start is None:
        problems.append(("start", _("Please enter a date (DD.MM.YYYY).")))
    if end is None:
        problems.append(("end", _("Please enter a date (DD.MM.YYYY).")))
    if start and end and end < start:
        problems.append(("end", _("The period ends before it starts.")))
    return problems
