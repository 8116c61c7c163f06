"""The retention schedule: which cases are due for erasure, and the run that erases them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from caseterm.core import clock
from caseterm.core import retention as sched
from caseterm.core.access import PrivacyAct, may_privacy
from caseterm.db.repo import privacy as repo
from caseterm.i18n import _
from caseterm.services.door import Ctx, record
from caseterm.services.privacy.erasure import _erase
from caseterm.services.privacy.gate import _allow

# -- retention --------------------------------------------------------------------------------

def retention_due(ctx: Ctx, *, today: date | None = None) -> list[sched.Due]:
    """What the schedule makes due today, and why (the dry run)."""
    _allow(ctx, PrivacyAct.erase)
    facts = [h.facts() for h in repo.all_case_facts(ctx.db)]
    return sched.evaluate(sched.load_rules(), facts, today or clock.today())


def due_count(ctx: Ctx) -> int:
    """How many retention actions are due (0 for anyone who may not run them): the DPO's
    reminder in the queue."""
    if not may_privacy(ctx.actor, PrivacyAct.erase):
        return 0
    facts = [h.facts() for h in repo.all_case_facts(ctx.db)]
    return sum(1 for d in sched.evaluate(sched.load_rules(), facts, clock.today())
               if not d.held)


@dataclass(frozen=True)
class RunStep:
    case_number: str
    action: str  # delete | restrict
    rule: str
    done: bool
    note: str = ""


def retention_run(ctx: Ctx) -> list[RunStep]:
    """Do what is due: erase or restrict as each rule says; a case under legal hold is refused
    and stays. Run by the role allowed to erase: that is the approval, and it is audited."""
    steps: list[RunStep] = []
    erased = False
    for d in retention_due(ctx):
        number = d.facts.case_number
        if d.held:
            record(ctx, "refuse", "privacy", d.facts.case_id, d.facts.case_id,
                   {"what": "retention", "rule": d.rule.id, "reason": "legal_hold"})
            steps.append(RunStep(number, d.action.value, d.rule.id, False,
                                 _("legal hold: not deleted")))
            continue
        if d.action is sched.Action.restrict:
            with ctx.acting():
                repo.set_restriction(ctx.db, d.facts.case_id, clock.today(),
                                     _("retention rule {rule}").format(rule=d.rule.id))
        else:
            head = repo.case_by_number(ctx.db, number)
            assert head is not None
            others = [c for c in repo.cases_of_client(ctx.db, head.client_id)
                      if c.id != head.id]
            _erase(ctx, [head], [] if others else [head.client_id],
                   f"retention:{d.rule.id}", "case", finish=False)
            erased = True
        steps.append(RunStep(number, d.action.value, d.rule.id, True))
    if erased:  # one VACUUM and one pass over the backups for the whole run
        repo.finish_erasures(ctx.db, ctx.actor)
    return steps
