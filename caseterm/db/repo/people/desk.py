"""The team lead's desk: the caseload of the team, the approvals inbox, and the note to the
worker about a decision."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from caseterm.core import clock, followup_text
from caseterm.core.inputs import FollowUpInput
from caseterm.core.vocab import FollowUpStatus, Priority
from caseterm.db.repo.followups import add_in
from caseterm.models.case import Case
from caseterm.models.followup import FollowUp
from caseterm.models.goals import Goal
from caseterm.models.office import Absence
from caseterm.models.worker import Worker

# -- the team lead's desk -------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseloadRow:
    worker_id: uuid.UUID
    worker: str
    open_cases: int
    by_phase: dict[str, int]
    by_area: dict[str, int]
    child_protection: int
    overdue: int
    postponed: int
    absent_until: date | None
    deputy: str

    def as_dict(self) -> dict:
        return {"worker": self.worker, "open_cases": self.open_cases,
                "by_phase": self.by_phase, "by_legal_area": self.by_area,
                "child_protection": self.child_protection, "overdue": self.overdue,
                "postponed": self.postponed,
                "absent_until": self.absent_until.isoformat() if self.absent_until else None,
                "deputy": self.deputy}


def caseload(session: Session, worker_ids: list[uuid.UUID], today: date) -> list[CaseloadRow]:
    names = dict(session.exec(select(Worker.id, Worker.display_name)
                              .where(col(Worker.id).in_(worker_ids))).all())
    phases: dict[uuid.UUID, Counter] = {w: Counter() for w in names}
    areas: dict[uuid.UUID, Counter] = {w: Counter() for w in names}
    cps: Counter = Counter()
    for lead, phase, area, cp, n in session.exec(
            select(Case.lead_worker_id, Case.phase, Case.legal_area, Case.child_protection,
                   func.count()).where(col(Case.lead_worker_id).in_(list(names)),
                                       Case.closed_on.is_(None))  # type: ignore[union-attr]
            .group_by(Case.lead_worker_id, Case.phase, Case.legal_area, Case.child_protection)):
        phases[lead][phase] += n
        areas[lead][area] += n
        if cp:
            cps[lead] += n
    overdue = dict(session.exec(select(FollowUp.assignee_id, func.count()).where(
        col(FollowUp.assignee_id).in_(list(names)), FollowUp.status == FollowUpStatus.open.value,
        FollowUp.due_date < today).group_by(FollowUp.assignee_id)).all())
    postponed = dict(session.exec(select(FollowUp.assignee_id, func.count()).where(
        col(FollowUp.assignee_id).in_(list(names)), FollowUp.status == FollowUpStatus.open.value,
        FollowUp.postpone_count > 0).group_by(FollowUp.assignee_id)).all())
    deputy = Worker.__table__.alias("dep")
    away = {wid: (ends, dep) for wid, ends, dep in session.exec(
        select(Absence.worker_id, Absence.ends_on, deputy.c.display_name)
        .join(deputy, deputy.c.id == Absence.deputy_id)
        .where(col(Absence.worker_id).in_(list(names)), Absence.starts_on <= today,
               Absence.ends_on >= today))}
    rows = [CaseloadRow(w, names[w], sum(phases[w].values()), dict(phases[w]), dict(areas[w]),
                        cps[w], overdue.get(w, 0), postponed.get(w, 0),
                        away.get(w, (None, ""))[0], away.get(w, (None, ""))[1])
            for w in names]
    return sorted(rows, key=lambda r: r.worker.casefold())


@dataclass(frozen=True)
class ApprovalRow:
    goal_id: uuid.UUID
    case_id: uuid.UUID
    case_number: str
    client_name: str
    worker: str
    goal: str
    measure: str
    provider: str
    cost: str
    due_date: date | None
    row_version: int = 0

    def as_dict(self) -> dict:
        return {"id": str(self.goal_id), "case_number": self.case_number,
                "client": self.client_name, "worker": self.worker, "goal": self.goal,
                "measure": self.measure, "provider": self.provider, "cost": self.cost,
                "due": self.due_date.isoformat() if self.due_date else None}


def pending_approvals(session: Session, visible, limit: int = 500) -> list[ApprovalRow]:
    from caseterm.db.repo.goals.approvals import pending_select  # the goals' repo when used

    parent = Goal.__table__.alias("parent")
    stmt = (pending_select(Worker.display_name, parent.c.text_client)
            .join(Worker, Worker.id == Case.lead_worker_id)
            .join(parent, parent.c.id == Goal.parent_id, isouter=True)
            .where(Goal.level == "massnahme")
            .order_by(col(Case.child_protection).desc(), Goal.created_at).limit(limit))
    if visible is not None:
        stmt = stmt.where(visible)
    return [ApprovalRow(g.id, g.case_id, number, f"{last}, {first}", who, goal or "",
                        g.text_client, g.responsible_name, g.cost_bearer, g.due_date,
                        g.row_version)
            for g, number, first, last, who, goal in session.exec(stmt)]


def notify_decision(session: Session, goal: Goal, approve: bool, reason: str,
                    lead_name: str) -> None:
    """The caseworker sees the team lead's decision and reason in her queue today."""
    case = session.get(Case, goal.case_id)
    gen = followup_text.make("measure_approved" if approve else "measure_declined",
                             name=lead_name, measure=goal.text_client[:150],
                             suffix=(" — " + reason) if reason else "")
    add_in(session, case.id, FollowUpInput(due_date=clock.today(), next_step=gen.text,
                                           priority=Priority.normal if approve
                                           else Priority.high),
           case.lead_worker_id, source_type="approval", source_id=goal.id, gen=gen)


def open_case_numbers(session: Session, worker_id: uuid.UUID) -> list[str]:
    return list(session.exec(select(Case.case_number).where(
        Case.lead_worker_id == worker_id, Case.closed_on.is_(None))  # type: ignore[union-attr]
        .order_by(Case.case_number)).all())
