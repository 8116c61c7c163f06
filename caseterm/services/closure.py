"""Evaluation and closure through the door; costs and personal budgets.

- `evaluation`: each goal's attainment (status, GAS level at start and last review) and the
  case's GAS T-score at start and now;
- `close`: a closure reason and the evaluation (reviewed goals and the client's own view),
  or a recorded reason why there is none; the after-care check N months later (per legal
  area, office setting) becomes a follow-up of the lead worker;
- `reopen`: back to an open phase; every closure stays in the history;
- `set_cost` / `add_budget`: provider, cost bearer, legal basis, planned and actual cost of a
  measure or referral; a personal budget with amount, period and purpose.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

from caseterm.core import clock
from caseterm.core.access import Need
from caseterm.core.conference import (
    AFTERCARE_MONTHS_DEFAULT,
    GoalOutcome,
    aftercare_followup,
    check_budget,
    check_closure,
    check_cost,
)
from caseterm.core.goals import GoalLevel, GoalStatus
from caseterm.core.inputs import PhaseChangeInput
from caseterm.core.validate import Errors, InputError
from caseterm.core.vocab import CasePhase, LegalArea
from caseterm.db.repo import cases as cases_repo
from caseterm.db.repo import conference as repo
from caseterm.db.repo import goals as goals_repo
from caseterm.db.repo import settings as settings_repo
from caseterm.db.repo.conference import BudgetRow, ClosureRow, CostRow
from caseterm.i18n import _
from caseterm.services.door import AccessDenied, Ctx, NotFound, check_case, record

__all__ = ["BudgetRow", "ClosureRow", "CostRow", "Evaluation"]

AFTERCARE_KEY = "aftercare_months"


@dataclass(frozen=True)
class Evaluation:
    case_number: str
    client_name: str
    legal_area: str
    goals: list[GoalOutcome]
    t_start: float | None
    t_final: float | None
    reviewed: int

    @property
    def has_evaluation(self) -> bool:
        return self.reviewed > 0

    @property
    def achieved(self) -> int:
        return sum(g.status in (GoalStatus.achieved.value,) for g in self.goals)


def evaluation(ctx: Ctx, case_id: uuid.UUID) -> Evaluation:
    check_case(ctx, case_id, Need.read, "evaluation")
    tree = goals_repo.load_tree(ctx.db, case_id)
    history = goals_repo.gas_history(tree)
    outcomes = []
    for g in tree.goals:
        if g.level is not GoalLevel.handlungsziel or g.status is GoalStatus.dropped:
            continue
        last = tree.last_review(g.id)
        outcomes.append(GoalOutcome(g.text_client, g.status.value, g.gas_baseline,
                                    last.level if last else None))
    t_start = history[0].t if history else None
    t_final = history[-1].t if len(history) > 1 else None
    return Evaluation(tree.case_number, tree.client_name, tree.legal_area, outcomes,
                      t_start, t_final, len(tree.reviews))


# -- after-care setting --------------------------------------------------------------------
def aftercare_months(ctx: Ctx) -> dict[str, int]:
    stored = settings_repo.get(ctx.db, AFTERCARE_KEY)
    months = dict(AFTERCARE_MONTHS_DEFAULT)
    if stored:
        try:
            months.update({k: int(v) for k, v in json.loads(stored).items()
                           if k in months})
        except (ValueError, AttributeError):
            pass
    return months


def set_aftercare_months(ctx: Ctx, area: str, months: int) -> dict[str, int]:
    if not ctx.actor.manages_workers:
        record(ctx, "refuse", "setting", AFTERCARE_KEY, None,
               {"what": AFTERCARE_KEY, "reason": "role"})
        raise AccessDenied(_("Only an administrator or a team lead can change this "
                             "setting."))
    e = Errors()
    e.choice("legal_area", area, LegalArea)
    if not isinstance(months, int) or not 0 <= months <= 36:
        e.add("months", _("Between 0 and 36 months (0: no after-care check)."))
    e.raise_if_any()
    current = aftercare_months(ctx)
    current[area] = months
    settings_repo.set(ctx.db, AFTERCARE_KEY, json.dumps(current, sort_keys=True))
    record(ctx, "setting", "setting", AFTERCARE_KEY, None, {"area": area, "months": months})
    return current


# -- closure -------------------------------------------------------------------------------
def close(ctx: Ctx, case_id: uuid.UUID, raw: dict, *, confirmed: bool = True) -> uuid.UUID:
    """Close the case with its evaluation (InputError naming the field when the reason, the
    evaluation or the reason for none is missing; nothing is saved then)."""
    check_case(ctx, case_id, Need.write, "closure")
    ev = evaluation(ctx, case_id)
    data = check_closure(raw, has_evaluation=ev.has_evaluation)
    today = clock.today()
    aftercare = aftercare_followup(ev.legal_area, aftercare_months(ctx).get(ev.legal_area, 0),
                                   today)
    lead = repo.lead_of(ctx.db, case_id)
    with ctx.acting():
        cases_repo.change_phase(ctx.db, case_id, PhaseChangeInput(
            CasePhase.closure, data.note, data.reason),
            ctx.actor.id, confirmed=confirmed)
        return repo.add_closure(ctx.db, case_id, {
            "closed_on": today, "closure_reason": data.reason.value,
            "client_view": data.client_view, "no_evaluation_reason": data.no_evaluation_reason,
            "gas_start": ev.t_start, "gas_final": ev.t_final, "goals_total": len(ev.goals),
            "goals_achieved": ev.achieved, "integrated_on": data.integrated_on,
        }, ctx.actor.id, aftercare, lead)


def closures(ctx: Ctx, case_id: uuid.UUID) -> list[ClosureRow]:
    check_case(ctx, case_id, Need.read, "closure")
    return repo.closures(ctx.db, case_id)


def reopen(ctx: Ctx, case_id: uuid.UUID, reason: str,
           phase: CasePhase = CasePhase.intake) -> None:
    """Back to intake (the phase rules allow only that); the closures stay in the history
    (marked reopened), the after-care check is cancelled."""
    check_case(ctx, case_id, Need.write, "reopen")
    e = Errors()
    text = e.text("reason", reason, required=True, maximum=2000)
    e.raise_if_any()
    with ctx.acting():
        cases_repo.change_phase(ctx.db, case_id, PhaseChangeInput(phase, text, None),
                                ctx.actor.id, confirmed=True)
        repo.mark_reopened(ctx.db, case_id, clock.today())


def record_aftercare(ctx: Ctx, case_id: uuid.UUID, lasted: bool) -> None:
    """The after-care result: did the outcome (an SGB II integration) last?"""
    check_case(ctx, case_id, Need.write, "aftercare")
    with ctx.acting():
        if not repo.record_aftercare(ctx.db, case_id, lasted, clock.today()):
            raise NotFound(_("This case has not been closed."))


# -- costs and budgets ---------------------------------------------------------------------
def set_cost(ctx: Ctx, raw: dict, *, goal_id: uuid.UUID | None = None,
             referral_id: uuid.UUID | None = None) -> uuid.UUID:
    """Provider (from the directory), cost bearer, legal basis, planned and actual cost of a
    measure or a referral. Negative or absurd amounts: InputError, nothing saved."""
    if (goal_id is None) == (referral_id is None):
        raise InputError({"subject": _("Choose a measure or a referral.")})
    case_id = repo.subject_case(ctx.db, goal_id=goal_id, referral_id=referral_id)
    if case_id is None:
        raise NotFound(_("This measure or referral no longer exists."))
    check_case(ctx, case_id, Need.write, "cost")
    data = check_cost(raw)
    offering_id = None
    provider = data.provider
    if data.offering_id:
        from caseterm.services import directory

        try:
            offering_id = uuid.UUID(data.offering_id)
        except ValueError:
            raise InputError({"offering_id": _("Not an offering of the directory.")}) from None
        offering = directory.get_offering(ctx, offering_id)
        if offering is None:
            raise InputError({"offering_id": _("Not an offering of the directory.")})
        provider = provider or offering.provider or offering.title
    from dataclasses import replace

    with ctx.acting():
        return repo.set_cost(ctx.db, case_id, replace(data, provider=provider[:200]),
                             goal_id=goal_id, referral_id=referral_id, offering_id=offering_id)


def costs(ctx: Ctx, case_id: uuid.UUID) -> list[CostRow]:
    check_case(ctx, case_id, Need.read, "cost")
    return repo.costs_for_case(ctx.db, case_id)


def cost_of_goal(ctx: Ctx, goal_id: uuid.UUID) -> CostRow | None:
    """The cost of a measure (what the team lead's approval shows)."""
    case_id = repo.subject_case(ctx.db, goal_id=goal_id, referral_id=None)
    if case_id is None:
        raise NotFound(_("This measure or referral no longer exists."))
    check_case(ctx, case_id, Need.read, "cost")
    return repo.cost_of_goal(ctx.db, goal_id)


def add_budget(ctx: Ctx, case_id: uuid.UUID, raw: dict) -> uuid.UUID:
    check_case(ctx, case_id, Need.write, "budget")
    data = check_budget(raw)
    with ctx.acting():
        return repo.add_budget(ctx.db, case_id, data)


def budgets(ctx: Ctx, case_id: uuid.UUID) -> list[BudgetRow]:
    check_case(ctx, case_id, Need.read, "budget")
    return repo.budgets_for_case(ctx.db, case_id)


def total(rows: list[CostRow]) -> tuple[Decimal, Decimal]:
    return (sum((r.planned or Decimal(0) for r in rows), Decimal(0)),
            sum((r.actual or Decimal(0) for r in rows), Decimal(0)))
