"""A case's goals as a tree of rows (GoalRow, ReviewRow, GoalTree), read in one query each."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from caseterm.core.goals import CLOSED_STATUSES, ApprovalState, GoalLevel, GoalStatus
from caseterm.db.engine import Database
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.goals import GasLevel, GasReview, Goal


@dataclass(frozen=True)
class GoalRow:
    id: uuid.UUID
    parent_id: uuid.UUID | None
    position: int
    depth: int
    level: GoalLevel
    text_client: str
    text_professional: str
    life_domain: str | None
    indicator: str
    baseline: str
    target: str
    due_date: date | None
    importance: int | None
    difficulty: int | None
    weight: int | None
    owner: str
    resources: str
    status: GoalStatus
    confidence: int | None
    gas_baseline: int | None
    responsible: str | None
    responsible_name: str
    cost_bearer: str
    needs_approval: bool
    approval_state: ApprovalState
    revision: int
    row_version: int = 0

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    def as_dict(self) -> dict:
        return {
            "id": str(self.id), "parent_id": str(self.parent_id) if self.parent_id else None,
            "depth": self.depth, "level": self.level.value, "text_client": self.text_client,
            "text_professional": self.text_professional, "life_domain": self.life_domain,
            "indicator": self.indicator, "baseline": self.baseline, "target": self.target,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "weight": self.weight, "owner": self.owner, "status": self.status.value,
            "confidence": self.confidence, "responsible": self.responsible,
            "responsible_name": self.responsible_name, "cost_bearer": self.cost_bearer,
            "needs_approval": self.needs_approval,
            "approval_state": self.approval_state.value,
        }


@dataclass(frozen=True)
class ReviewRow:
    id: uuid.UUID
    goal_id: uuid.UUID
    review_date: date
    level: int
    note: str


@dataclass(frozen=True)
class GoalTree:
    case_id: uuid.UUID
    case_number: str
    client_name: str
    legal_area: str
    lead_worker_id: uuid.UUID
    goals: list[GoalRow]  # depth-first, siblings by position
    gas_levels: dict[uuid.UUID, dict[int, str]] = field(default_factory=dict)
    reviews: list[ReviewRow] = field(default_factory=list)

    def get(self, goal_id: uuid.UUID) -> GoalRow | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def last_review(self, goal_id: uuid.UUID) -> ReviewRow | None:
        rows = [r for r in self.reviews if r.goal_id == goal_id]
        return max(rows, key=lambda r: (r.review_date, str(r.id))) if rows else None

    @property
    def open_action_goals(self) -> int:
        return sum(1 for g in self.goals if g.level is GoalLevel.handlungsziel and g.is_open)


def _row(g: Goal, depth: int) -> GoalRow:
    return GoalRow(
        id=g.id, parent_id=g.parent_id, position=g.position, depth=depth,
        level=GoalLevel(g.level), text_client=g.text_client,
        text_professional=g.text_professional, life_domain=g.life_domain,
        indicator=g.indicator, baseline=g.baseline, target=g.target, due_date=g.due_date,
        importance=g.importance, difficulty=g.difficulty, weight=g.weight, owner=g.owner,
        resources=g.resources, status=GoalStatus(g.status), confidence=g.confidence,
        gas_baseline=g.gas_baseline, responsible=g.responsible,
        responsible_name=g.responsible_name, cost_bearer=g.cost_bearer,
        needs_approval=g.needs_approval, approval_state=ApprovalState(g.approval_state),
        revision=g.revision, row_version=g.row_version,
    )


def _ordered(goals: list[Goal]) -> list[GoalRow]:
    children: dict[uuid.UUID | None, list[Goal]] = {}
    ids = {g.id for g in goals}
    for g in goals:
        parent = g.parent_id if g.parent_id in ids else None
        children.setdefault(parent, []).append(g)
    for kids in children.values():
        kids.sort(key=lambda g: (g.position, g.created_at))
    out: list[GoalRow] = []

    def walk(parent: uuid.UUID | None, depth: int) -> None:
        for g in children.get(parent, []):
            out.append(_row(g, depth))
            walk(g.id, depth + 1)

    walk(None, 0)
    return out


def tree_in(session: Session, case_id: uuid.UUID) -> GoalTree:
    case = session.get(Case, case_id)
    if case is None:
        raise LookupError(str(case_id))
    client = session.get(Client, case.client_id)
    goals = list(session.exec(select(Goal).where(Goal.case_id == case_id)))
    levels: dict[uuid.UUID, dict[int, str]] = {}
    if goals:
        for lvl in session.exec(select(GasLevel).where(
                col(GasLevel.goal_id).in_([g.id for g in goals]))):
            levels.setdefault(lvl.goal_id, {})[lvl.level] = lvl.description
    reviews = [ReviewRow(r.id, r.goal_id, r.review_date, r.level, r.note)
               for r in session.exec(select(GasReview).where(GasReview.case_id == case_id)
                                     .order_by(GasReview.review_date))]
    return GoalTree(case_id=case.id, case_number=case.case_number,
                    client_name=f"{client.first_name} {client.last_name}",
                    legal_area=case.legal_area, lead_worker_id=case.lead_worker_id,
                    goals=_ordered(goals), gas_levels=levels, reviews=reviews)


def load_tree(db: Database, case_id: uuid.UUID) -> GoalTree:
    with db.read() as s:
        return tree_in(s, case_id)

