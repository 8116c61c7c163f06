"""The shape of the goal tree: dropping a goal with its subtree, moving it among its siblings,
indenting and outdenting it (the level follows the parent)."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from caseterm.core.goals import GoalLevel, GoalStatus, child_level, level_allowed_under
from caseterm.core.validate import InputError
from caseterm.db.engine import Database
from caseterm.db.repo.goals.edit import _renumber, _siblings, _sync_measure, get_in
from caseterm.i18n import _
from caseterm.models.goals import Goal


def _descendants(session: Session, goal: Goal) -> list[Goal]:
    out: list[Goal] = []
    stack = [goal]
    while stack:
        g = stack.pop()
        kids = list(session.exec(select(Goal).where(Goal.parent_id == g.id)))
        out.extend(kids)
        stack.extend(kids)
    return out


def _in_place(session: Session, goal_id: uuid.UUID) -> tuple[Goal, list[Goal], int]:
    """The goal, its siblings (itself among them, in order) and its index there."""
    goal = get_in(session, goal_id)
    siblings = _siblings(session, goal.case_id, goal.parent_id)
    return goal, siblings, next(i for i, g in enumerate(siblings) if g.id == goal_id)


def drop(db: Database, goal_id: uuid.UUID) -> int:
    """Mark a goal and everything below it as dropped (kept for the record); their measures'
    follow-ups are cancelled. Returns how many goals were dropped."""
    with db.write() as s:
        goal = get_in(s, goal_id)
        rows = [goal, *_descendants(s, goal)]
        for g in rows:
            if g.status not in (GoalStatus.achieved.value, GoalStatus.dropped.value):
                g.status = GoalStatus.dropped.value
        s.flush()
        for g in rows:
            _sync_measure(s, g)
        return len(rows)


def move(db: Database, goal_id: uuid.UUID, delta: int) -> bool:
    """Move among its siblings (delta -1 up, +1 down). False at the edge."""
    with db.write() as s:
        _goal, siblings, i = _in_place(s, goal_id)
        j = i + delta
        if not 0 <= j < len(siblings):
            return False
        siblings[i], siblings[j] = siblings[j], siblings[i]
        _renumber(siblings)
        return True


def _fit_level(session: Session, goal: Goal, parent: Goal | None) -> None:
    """After a move in the hierarchy: keep the level if it fits, else take the level below the
    new parent; children follow."""
    plevel = GoalLevel(parent.level) if parent else None
    if parent is not None and plevel is GoalLevel.massnahme:
        raise InputError({"level": _("Nothing can be placed under a measure.")})
    if not level_allowed_under(GoalLevel(goal.level), plevel):
        goal.level = child_level(plevel).value
    for kid in session.exec(select(Goal).where(Goal.parent_id == goal.id)):
        if not level_allowed_under(GoalLevel(kid.level), GoalLevel(goal.level)):
            if GoalLevel(goal.level) is GoalLevel.massnahme:
                raise InputError({"level": _("A goal with sub-goals cannot become a measure.")})
            _fit_level(session, kid, goal)


def indent(db: Database, goal_id: uuid.UUID) -> bool:
    """Make the goal a child of the sibling above it (last child). False if there is none."""
    with db.write() as s:
        goal, siblings, i = _in_place(s, goal_id)
        if i == 0:
            return False
        new_parent = siblings[i - 1]
        if new_parent.level == GoalLevel.massnahme.value:
            raise InputError({"level": _("Nothing can be placed under a measure.")})
        kids = _siblings(s, goal.case_id, new_parent.id)
        goal.parent_id = new_parent.id
        goal.position = len(kids)
        _fit_level(s, goal, new_parent)
        _renumber([g for g in siblings if g.id != goal_id])
        s.flush()
        _sync_measure(s, goal)
        return True


def outdent(db: Database, goal_id: uuid.UUID) -> bool:
    """Make the goal a sibling of its parent, right after it. False at the top level."""
    with db.write() as s:
        goal = get_in(s, goal_id)
        if goal.parent_id is None:
            return False
        parent = s.get(Goal, goal.parent_id)
        grand = s.get(Goal, parent.parent_id) if parent.parent_id else None
        old_siblings = [g for g in _siblings(s, goal.case_id, parent.id) if g.id != goal_id]
        new_siblings = _siblings(s, goal.case_id, parent.parent_id)
        index = next(i for i, g in enumerate(new_siblings) if g.id == parent.id) + 1
        goal.parent_id = parent.parent_id
        new_siblings.insert(index, goal)
        _fit_level(s, goal, grand)
        _renumber(old_siblings)
        _renumber(new_siblings)
        s.flush()
        _sync_measure(s, goal)
        return True

