"""Goal Attainment Scaling: a goal's scale levels, its reviews, and the tree's GAS goals and
T-score history (core.gas)."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from caseterm.core import gas as gas_core
from caseterm.core.goals import GasLevelsInput, GasReviewInput, GoalLevel, GoalStatus
from caseterm.db.engine import Database
from caseterm.db.repo.goals.edit import get_in
from caseterm.db.repo.goals.tree import GoalTree
from caseterm.models.goals import GasLevel, GasReview


def set_gas(db: Database, goal_id: uuid.UUID, data: GasLevelsInput) -> None:
    with db.write() as s:
        goal = get_in(s, goal_id)
        existing = {lvl.level: lvl for lvl in s.exec(select(GasLevel).where(
            GasLevel.goal_id == goal_id))}
        for level, row in existing.items():
            if level not in data.descriptions:
                s.delete(row)
        for level, text in data.descriptions.items():
            if level in existing:
                existing[level].description = text
            else:
                s.add(GasLevel(goal_id=goal_id, level=level, description=text))
        goal.gas_baseline = data.baseline_level
        goal.importance = data.importance
        goal.difficulty = data.difficulty
        goal.weight = data.weight


def add_review_in(session: Session, goal_id: uuid.UUID, data: GasReviewInput,
                  worker_id: uuid.UUID | None = None) -> GasReview:
    goal = get_in(session, goal_id)
    row = GasReview(case_id=goal.case_id, goal_id=goal_id, review_date=data.review_date,
                    level=data.level, note=data.note, worker_id=worker_id)
    session.add(row)
    if goal.status in (GoalStatus.agreed.value, GoalStatus.draft.value):
        goal.status = GoalStatus.in_progress.value
    session.flush()
    return row


def add_review(db: Database, goal_id: uuid.UUID, data: GasReviewInput,
               worker_id: uuid.UUID | None = None) -> uuid.UUID:
    with db.write() as s:
        return add_review_in(s, goal_id, data, worker_id).id


def gas_goals(tree: GoalTree) -> list[gas_core.GasGoal]:
    """The goals that take part in GAS: open or finished action goals with a scale or a
    review (not dropped)."""
    reviewed = {r.goal_id for r in tree.reviews}
    return [gas_core.GasGoal(g.id, g.text_client, g.weight if g.weight is not None else 1,
                             g.gas_baseline)
            for g in tree.goals
            if g.level is GoalLevel.handlungsziel and g.status is not GoalStatus.dropped
            and (g.id in tree.gas_levels or g.id in reviewed or g.gas_baseline is not None)]


def gas_history(tree: GoalTree, rho: float = gas_core.DEFAULT_RHO) -> list[gas_core.GasPoint]:
    goals = gas_goals(tree)
    ids = {g.id for g in goals}
    reviews = [gas_core.GasReview(r.goal_id, r.review_date, r.level) for r in tree.reviews
               if r.goal_id in ids]
    return gas_core.history(goals, reviews, rho)

