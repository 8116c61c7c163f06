"""The team lead's approval of measures: deciding, and the list of measures waiting."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from caseterm.core import clock
from caseterm.core.goals import ApprovalState, GoalLevel, GoalStatus, approval_refusal
from caseterm.core.validate import InputError
from caseterm.db.engine import Database
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.goals import Goal
from caseterm.models.worker import Worker


def decide(db: Database, goal_id: uuid.UUID, worker_id: uuid.UUID, approve: bool) -> None:
    with db.write() as s:
        goal = s.get(Goal, goal_id)
        worker = s.get(Worker, worker_id)
        if goal is None or worker is None:
            raise LookupError(str(goal_id))
        refusal = approval_refusal(worker.role, GoalLevel(goal.level), goal.needs_approval)
        if refusal:
            raise InputError({"approval": refusal})
        goal.approval_state = (ApprovalState.approved if approve
                               else ApprovalState.rejected).value
        goal.approved_by_id = worker_id
        goal.approved_at = clock.now()


@dataclass(frozen=True)
class ApprovalRow:
    """A measure waiting for the team lead's decision (approval list)."""

    goal_id: uuid.UUID
    case_id: uuid.UUID
    case_number: str
    client_name: str
    text_client: str
    responsible_name: str
    cost_bearer: str
    due_date: date | None
    approval_state: ApprovalState
    row_version: int


def pending_select(*extra):
    """Goals waiting for the team lead's approval, each with its case number and client's
    first and last name, then the `extra` columns (the approvals list here and the team lead's
    inbox, db.repo.people.desk, add their own filters and order)."""
    return (select(Goal, Case.case_number, Client.first_name, Client.last_name, *extra)
            .join(Case, Case.id == Goal.case_id)
            .join(Client, Client.id == Case.client_id)
            .where(col(Goal.needs_approval).is_(True),
                   Goal.approval_state == ApprovalState.pending.value))


def pending_approvals(db: Database, visible, *, limit: int = 1000) -> list[ApprovalRow]:
    """Measures needing approval that are still pending, in the cases `visible` (the door's
    condition) lets through; oldest due first."""
    stmt = (pending_select()
            .where(Goal.status != GoalStatus.dropped.value)
            .order_by(col(Goal.due_date).is_(None), Goal.due_date, Case.case_number)
            .limit(limit))
    if visible is not None:
        stmt = stmt.where(visible)
    with db.read() as s:
        return [ApprovalRow(g.id, g.case_id, number, f"{last}, {first}", g.text_client,
                            g.responsible_name or "", g.cost_bearer or "", g.due_date,
                            ApprovalState(g.approval_state), g.row_version)
                for g, number, first, last in s.exec(stmt)]
