"""Erasure of a case or a person (Art. 17 DSGVO, § 84 SGB X): who may, and the erasing
itself, which leaves a content-free audit entry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from caseterm.core import clock
from caseterm.core import retention as sched
from caseterm.core.access import PrivacyAct
from caseterm.db.repo import privacy as repo
from caseterm.i18n import _
from caseterm.services.door import AccessDenied, Ctx, record
from caseterm.services.privacy.gate import _allow
from caseterm.services.privacy.restriction import _reason

# -- erasure ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ErasureResult:
    case_numbers: list[str]
    rows: int
    redacted: int
    backups: list[str]


def _may_erase(ctx: Ctx, c: repo.CaseHead, before_period_end: bool,
               rules_: list[sched.Rule]) -> None:
    if c.legal_hold:
        record(ctx, "refuse", "privacy", c.id, c.id, {"what": "erase", "reason": "legal_hold"})
        raise AccessDenied(_("Case {number} is under a legal hold ({reason}): it cannot be "
                             "erased while the hold lasts.").format(
                                 number=c.case_number, reason=c.legal_hold_reason),
                           c.case_number)
    rule = sched.rule_for(rules_, c.legal_area)
    due = sched.due_on(rule, c.facts()) if rule else None
    if rule and (due is None or due > clock.today()) and not before_period_end:
        record(ctx, "refuse", "privacy", c.id, c.id, {"what": "erase", "reason": "retention"})
        until = due.strftime("%d.%m.%Y") if due else _("a date not reached yet")
        raise AccessDenied(_("Case {number} must be kept until {until} ({basis}). Restrict it "
                             "instead, or erase it before the end of the period with a "
                             "reason (e.g. it was stored unlawfully).").format(
                                 number=c.case_number, until=until, basis=rule.basis),
                           c.case_number)


def _erase(ctx: Ctx, cases: list[repo.CaseHead], client_ids: list[uuid.UUID], reason: str,
           kind: str, *, finish: bool = True) -> ErasureResult:
    fact = {"entity": "casefile" if kind == "case" else "client",
            "record_id": str(cases[0].id if kind == "case" else client_ids[0]),
            "kind": kind, "cases": [c.case_number for c in cases], "reason": reason}
    done = repo.erase(ctx.db, ctx.actor, [c.id for c in cases], client_ids, fact,
                      finish=finish)
    return ErasureResult([c.case_number for c in cases], done.rows, done.redacted,
                         done.backups)


def erase_case(ctx: Ctx, number: str, reason: str, *,
               before_period_end: bool = False) -> ErasureResult:
    """Erase one case for good (with the person, when it was her only case). Refused under a
    legal hold, and while the retention period runs unless `before_period_end`."""
    head = _allow(ctx, PrivacyAct.erase, number)
    assert head is not None
    reason = _reason(reason)
    _may_erase(ctx, head, before_period_end, sched.load_rules())
    others = [c for c in repo.cases_of_client(ctx.db, head.client_id) if c.id != head.id]
    return _erase(ctx, [head], [] if others else [head.client_id], reason, "case")


def erase_person(ctx: Ctx, number: str, reason: str, *,
                 before_period_end: bool = False) -> ErasureResult:
    """Erase the person of case `number` with all her cases; refused when any case may not
    be erased (nothing is erased then)."""
    head = _allow(ctx, PrivacyAct.erase, number)
    assert head is not None
    reason = _reason(reason)
    cases = repo.cases_of_client(ctx.db, head.client_id)
    rules_ = sched.load_rules()
    for c in cases:
        _may_erase(ctx, c, before_period_end, rules_)
    return _erase(ctx, cases, [head.client_id], reason, "person")
