"""Case conferences, closure with evaluation, costs and personal budgets: the input rules.

Each `check_*` takes what was typed and returns a clean value object, or raises InputError
naming every bad field (nothing is saved then).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from caseterm.core import followup_text
from caseterm.core.inputs import FollowUpInput
from caseterm.core.steering import MAX_AMOUNT, MAX_PERIOD_DAYS
from caseterm.core.validate import Errors, shorten
from caseterm.core.vocab import ClosureReason, FollowUpKind, LegalArea, Priority
from caseterm.i18n import N_, _


class ConferenceKind(StrEnum):
    fallkonferenz = "fallkonferenz"
    helferkonferenz = "helferkonferenz"


class ConferenceStatus(StrEnum):
    planned = "planned"
    held = "held"


class DecisionKind(StrEnum):
    measure = "measure"
    followup = "followup"
    referral = "referral"


KIND_LABELS = {
    "fallkonferenz": N_("Case conference"),
    "helferkonferenz": N_("Helpers' conference"),
    "measure": N_("Measure"),
    "followup": N_("Follow-up"),
    "referral": N_("Referral"),
    "planned": N_("planned"),
    "held": N_("held"),
}


def kind_label(value: str) -> str:
    return _(KIND_LABELS.get(value, value))


# Reasons that make a closure without evaluation acceptable are typed by the worker; these
# closure reasons usually have none (the client is gone).
NO_EVALUATION_USUAL = (ClosureReason.client_withdrew, ClosureReason.moved,
                       ClosureReason.deceased)

# After-care check: months after closure, per legal area (0 = none). SGB II: did the
# integration last (seed 004)?
AFTERCARE_MONTHS_DEFAULT: dict[str, int] = {
    LegalArea.sgb2.value: 6, LegalArea.sgb8.value: 3, LegalArea.sgb12.value: 6,
    LegalArea.integration.value: 6, LegalArea.other.value: 0,
}


def aftercare_followup(legal_area: str, months: int, closed_on: date) -> FollowUpInput | None:
    """The after-care check a closure schedules: `months` after the closure (none for 0)."""
    if months <= 0:
        return None
    gen = followup_text.make(
        "aftercare_sgb2" if legal_area == LegalArea.sgb2.value else "aftercare", n=months)
    return FollowUpInput(due_date=add_months(closed_on, months), next_step=gen.text,
                         kind=FollowUpKind.review, priority=Priority.normal, gen=gen)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    import calendar

    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ConferenceInput:
    kind: ConferenceKind
    held_on: date
    title: str


def check_conference(raw: dict) -> ConferenceInput:
    e = Errors()
    kind = e.choice("kind", raw.get("kind") or "fallkonferenz", ConferenceKind)
    held_on = e.date("held_on", raw.get("held_on"), required=True)
    title = e.text("title", raw.get("title"), maximum=200)
    e.raise_if_any()
    return ConferenceInput(e.valid(kind), e.valid(held_on), title)


@dataclass(frozen=True)
class ParticipantInput:
    name: str
    organisation: str
    external: bool
    worker: str  # user name of an internal participant ("" for external ones)


def check_participant(raw: dict) -> ParticipantInput:
    e = Errors()
    external = e.flag("external", raw.get("external"), default=False)
    worker = e.text("worker", raw.get("worker"), maximum=64)
    name = e.text("name", raw.get("name"), maximum=200)
    if not name and not worker:
        e.add("name", _("A name is needed."))
    organisation = e.text("organisation", raw.get("organisation"), maximum=200)
    if external and worker:
        e.add("worker", _("An external participant is not a worker of this office."))
    if external and not organisation:
        e.add("organisation", _("Name the organisation of the external participant."))
    e.raise_if_any()
    return ParticipantInput(name, organisation, bool(external), worker)


@dataclass(frozen=True)
class DecisionInput:
    text: str
    kind: DecisionKind
    owner: str  # user name of the owner
    due_date: date


def check_decision(raw: dict) -> DecisionInput:
    e = Errors()
    text = e.text("text", raw.get("text"), required=True, maximum=500)
    kind = e.choice("kind", raw.get("kind") or "followup", DecisionKind)
    owner = e.text("owner", raw.get("owner"), maximum=64)
    if not owner:
        e.add("owner", _("Every decision needs an owner."))
    due = e.date("due_date", raw.get("due_date"), required=True, not_past=True)
    e.raise_if_any()
    return DecisionInput(text, e.valid(kind), owner, e.valid(due))


# -- money ---------------------------------------------------------------------------------
def parse_amount(e: Errors, field: str, value: object, *, required: bool = False
                 ) -> Decimal | None:
    """A EUR amount typed as 1234,56 or 1234.56 (or 1.234,56); not negative, not absurd,
    at most two decimals."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            e.add(field, _("Please enter an amount in EUR."))
        return None
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace("€", "").replace("EUR", "").strip().replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            e.add(field, _("“{text}” is not an amount; write e.g. 1250,00.").format(
                text=shorten(value)))
            return None
    else:
        e.add(field, _("“{text}” is not an amount; write e.g. 1250,00.").format(
            text=shorten(str(value))))
        return None
    if not amount.is_finite():
        e.add(field, _("“{text}” is not an amount; write e.g. 1250,00.").format(
            text=shorten(str(value))))
        return None
    if amount < 0:
        e.add(field, _("An amount cannot be negative."))
        return None
    if amount > MAX_AMOUNT:
        e.add(field, _("{amount} EUR is not plausible here (at most {max} EUR).").format(
            amount=shorten(str(value)), max=f"{MAX_AMOUNT:,.0f}".replace(",", ".")))
        return None
    if amount != amount.quantize(Decimal("0.01")):
        e.add(field, _("At most two decimals (cents)."))
        return None
    return amount.quantize(Decimal("0.01"))


def to_cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int(amount * 100)


def from_cents(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class CostInput:
    provider: str
    offering_id: str
    cost_bearer: str
    legal_basis: str
    planned: Decimal | None
    actual: Decimal | None


def check_cost(raw: dict) -> CostInput:
    e = Errors()
    provider = e.text("provider", raw.get("provider"), maximum=200)
    offering_id = e.text("offering_id", raw.get("offering_id"), maximum=40)
    bearer = e.text("cost_bearer", raw.get("cost_bearer"), required=True, maximum=200)
    basis = e.text("legal_basis", raw.get("legal_basis"), maximum=200)
    planned = parse_amount(e, "planned", raw.get("planned"))
    actual = parse_amount(e, "actual", raw.get("actual"))
    if planned is None and actual is None and not e.errors.get("planned"):
        e.add("planned", _("Enter the planned or the actual cost."))
    e.raise_if_any()
    return CostInput(provider, offering_id, bearer, basis, planned, actual)


@dataclass(frozen=True)
class BudgetInput:
    amount: Decimal
    period_from: date
    period_to: date
    purpose: str
    cost_bearer: str


def check_budget(raw: dict) -> BudgetInput:
    e = Errors()
    amount = parse_amount(e, "amount", raw.get("amount"), required=True)
    start = e.date("period_from", raw.get("period_from"), required=True)
    end = e.date("period_to", raw.get("period_to"), required=True)
    if start and end and end < start:
        e.add("period_to", _("The period ends before it starts."))
    elif start and end and (end - start).days > MAX_PERIOD_DAYS:
        e.add("period_to", _("A budget period of more than three years is not plausible."))
    purpose = e.text("purpose", raw.get("purpose"), required=True, maximum=500)
    bearer = e.text("cost_bearer", raw.get("cost_bearer"), maximum=200)
    e.raise_if_any()
    return BudgetInput(e.valid(amount), e.valid(start), e.valid(end), purpose, bearer)


# -- evaluation and closure ----------------------------------------------------------------
@dataclass(frozen=True)
class ClosureInput:
    reason: ClosureReason
    client_view: str
    no_evaluation_reason: str
    integrated_on: date | None
    note: str


def check_closure(raw: dict, *, has_evaluation: bool) -> ClosureInput:
    """A closure needs a closure reason and either the evaluation (GAS reviewed and the
    client's own view) or a recorded reason why there is none."""
    e = Errors()
    reason = e.choice("closure_reason", raw.get("closure_reason"), ClosureReason)
    view = e.text("client_view", raw.get("client_view"), maximum=4000)
    none_reason = e.text("no_evaluation_reason", raw.get("no_evaluation_reason"), maximum=1000)
    integrated = e.date("integrated_on", raw.get("integrated_on"), not_future=True)
    note = e.text("note", raw.get("note"), maximum=2000)
    if not none_reason:
        if not has_evaluation:
            e.add("no_evaluation_reason", _(
                "No goal has a GAS review: evaluate the goals first, or give the reason why "
                "there is no evaluation (e.g. the client withdrew or moved)."))
        elif not view:
            e.add("client_view", _("Ask for the client's own view of the help, in her words "
                                   "(or give the reason why there is none)."))
    e.raise_if_any()
    return ClosureInput(e.valid(reason), view, none_reason, integrated, note)


@dataclass(frozen=True)
class GoalOutcome:
    """One goal at evaluation: its start and last GAS level."""

    text: str
    status: str
    start: int | None
    final: int | None

    @property
    def change(self) -> int | None:
        if self.start is None or self.final is None:
            return None
        return self.final - self.start
