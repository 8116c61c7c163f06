"""The team lead's desk through the door: the team's caseload, the approvals inbox of measures
waiting for her decision, and reassignment of one or many cases in one transaction.

Only a team lead (or a trainer, for her trainees: caseload only) opens the desk; anyone else
is refused and the refusal is audited. Her team is the door's `covers`; approvals and
reassignment are limited to the cases she may read (access.visible_cases)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from caseterm.core import clock
from caseterm.core.access import HandoverStatus, Need
from caseterm.core.goals import ApprovalState, GoalLevel, approval_refusal
from caseterm.core.validate import InputError
from caseterm.core.vocab import Role
from caseterm.db.repo import access
from caseterm.db.repo import people as repo
from caseterm.db.repo.people import ApprovalRow, CaseloadRow
from caseterm.i18n import _
from caseterm.models.case import Case
from caseterm.models.goals import Goal
from caseterm.models.people import CaseHandover
from caseterm.models.worker import Worker
from caseterm.services.door import (
    AccessDenied,
    Ctx,
    NotFound,
    check_version,
    present,
    record,
    require,
)

__all__ = ["ApprovalRow", "CaseloadRow", "Moved"]


def _lead_only(ctx: Ctx, what: str, *, trainer: bool = False) -> None:
    allowed = (Role.team_lead, Role.trainer) if trainer else (Role.team_lead,)
    if ctx.actor.role not in allowed:
        record(ctx, "refuse", "worker", ctx.actor.id, None, {"what": what, "reason": "role"})
        raise AccessDenied(_("Only a team lead opens the team's desk."))


def team(ctx: Ctx) -> list[tuple[str, uuid.UUID]]:
    """The team lead's team (display name, id), by name."""
    _lead_only(ctx, "team", trainer=True)
    with ctx.db.read() as s:
        from sqlmodel import col, select

        ids = [ctx.actor.id, *ctx.actor.covers]
        rows = s.exec(select(Worker.display_name, Worker.id).where(
            col(Worker.id).in_(ids), col(Worker.active).is_(True))).all()
    return sorted(((n, i) for n, i in rows), key=lambda r: r[0].casefold())


def caseload(ctx: Ctx) -> list[CaseloadRow]:
    """Open cases per worker by phase and legal area, child protection, overdue items,
    postponed items, and who is absent (until when, deputy)."""
    _lead_only(ctx, "caseload", trainer=True)
    ids = sorted(ctx.actor.covers | {ctx.actor.id})
    with ctx.db.read() as s:
        return repo.caseload(s, ids, clock.today())


def approvals(ctx: Ctx) -> list[ApprovalRow]:
    """Measures waiting for the team lead's decision on her team's cases."""
    _lead_only(ctx, "approvals")
    with ctx.db.read() as s:
        return repo.pending_approvals(s, access.visible_cases(ctx.actor, clock.today()))


def decide(ctx: Ctx, goal_id: uuid.UUID, approve: bool, reason: str = "", *,
           base_version: int | None = None) -> None:
    """Approve or decline a measure; a decline needs a reason (InputError at `reason`). The
    caseworker finds the decision and the reason in her queue (a follow-up due today)."""
    reason = (reason or "").strip()
    with ctx.db.read() as s:
        goal = s.get(Goal, goal_id)
        if goal is None:
            raise NotFound(_("This goal no longer exists."))
        require(ctx, s, goal.case_id, Need.write, "approval")
        refusal = approval_refusal(ctx.actor.role, GoalLevel(goal.level), goal.needs_approval)
    if refusal:
        raise InputError({"approval": refusal})
    if not approve and not reason:
        raise InputError({"reason": _("Give the reason for the decline: the caseworker sees "
                                      "it.")})
    with ctx.acting(), ctx.db.write() as s:
        goal = present(s.get(Goal, goal_id), _("No such goal."))
        if base_version is not None:
            check_version("goal", goal, base_version, {"approval_state": "x"},
                          {"approval_state": _("Approval")}, {})
        if goal.approval_state != ApprovalState.pending.value:
            raise InputError({"approval": _("This measure is no longer waiting for a "
                                            "decision.")})
        goal.approval_state = (ApprovalState.approved if approve
                               else ApprovalState.rejected).value
        goal.approved_by_id = ctx.actor.id
        goal.approved_at = clock.now()
        goal.decision_reason = reason[:2000]
        repo.notify_decision(s, goal, approve, reason, ctx.actor.display_name)


@dataclass(frozen=True)
class Moved:
    case_number: str
    from_worker: str
    to_worker: str
    followups: int

    def as_dict(self) -> dict:
        return {"case_number": self.case_number, "from": self.from_worker,
                "to": self.to_worker, "followups_moved": self.followups}


def reassign(ctx: Ctx, case_numbers: list[str], to: str, note: str) -> list[Moved]:
    """Hand one or many cases to a worker of the team at once, with a hand-over note; all of
    them or none (one transaction). Returns the report of what moved."""
    _lead_only(ctx, "reassign")
    numbers = [n.strip() for n in case_numbers if n.strip()]
    if not numbers:
        raise InputError({"cases": _("Name at least one case.")})
    if not (note or "").strip():
        raise InputError({"note": _("Write a hand-over note for the new owner.")})
    from sqlmodel import select

    report: list[Moved] = []
    today = clock.today()
    with ctx.db.read() as s:  # access first (a refusal is audited in its own write)
        for number in numbers:
            case_id = s.exec(select(Case.id).where(Case.case_number == number)).first()
            if case_id is None:
                raise InputError({"cases": _("No case {number}.").format(number=number[:40])})
            require(ctx, s, case_id, Need.write, "reassign")
    with ctx.acting(), ctx.db.write() as s:
        receiver = s.exec(select(Worker).where(Worker.username == (to or "").strip())).first()
        if receiver is None:
            raise InputError({"to": _("There is no such worker or office.")})
        if not receiver.active:
            raise InputError({"to": _("This worker is no longer active.")})
        if receiver.id not in ctx.actor.covers and receiver.id != ctx.actor.id:
            raise InputError({"to": _("{name} is not in your team.").format(
                name=receiver.display_name)})
        for number in numbers:
            case = s.exec(select(Case).where(Case.case_number == number)).first()
            if case is None:
                raise InputError({"cases": _("No case {number}.").format(number=number[:40])})
            if case.lead_worker_id == receiver.id:
                raise InputError({"to": _("Case {number} is already with {name}.").format(
                    number=number, name=receiver.display_name)})
            previous = s.get(Worker, case.lead_worker_id)
            for h in s.exec(select(CaseHandover).where(
                    CaseHandover.case_id == case.id,
                    CaseHandover.status == HandoverStatus.pending.value)):
                h.status = HandoverStatus.withdrawn.value
                h.decided_at = clock.now()
            s.add(CaseHandover(case_id=case.id, from_worker_id=case.lead_worker_id,
                               to_worker_id=receiver.id, note=note.strip()[:4000],
                               status=HandoverStatus.accepted.value, decided_at=clock.now(),
                               accepted_by=ctx.actor.id))
            moved = repo.transfer(s, case, receiver.id, today)
            report.append(Moved(number, previous.display_name if previous else "?",
                                receiver.display_name, moved))
        s.flush()
    return report


def open_cases_of(ctx: Ctx, worker_id: uuid.UUID) -> list[str]:
    """The open case numbers a team member leads (to reassign them)."""
    _lead_only(ctx, "reassign")
    if worker_id not in ctx.actor.covers and worker_id != ctx.actor.id:
        raise AccessDenied(_("Only a team lead opens the team's desk."))
    with ctx.db.read() as s:
        return repo.open_case_numbers(s, worker_id)


def team_usernames(ctx: Ctx) -> list[tuple[str, str]]:
    """The team (display name, user name) to reassign cases to."""
    _lead_only(ctx, "reassign")
    from sqlmodel import col, select

    ids = [ctx.actor.id, *ctx.actor.covers]
    with ctx.db.read() as s:
        rows = s.exec(select(Worker.display_name, Worker.username).where(
            col(Worker.id).in_(ids), col(Worker.active).is_(True))).all()
    return sorted(((n, u) for n, u in rows), key=lambda r: r[0].casefold())
