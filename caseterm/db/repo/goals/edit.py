"""Adding and editing goals; a measure with a due date keeps its follow-up in step
(followups.sync_source / cancel_source, source_type "measure") in the same unit of work."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from caseterm.core import followup_text, vocab
from caseterm.core.goals import (
    CLOSED_STATUSES,
    ApprovalState,
    GoalInput,
    GoalLevel,
    GoalStatus,
    level_allowed_under,
)
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpKind
from caseterm.db.engine import Database
from caseterm.db.repo import followups
from caseterm.db.repo.goals.tree import GoalRow
from caseterm.i18n import _
from caseterm.models.case import Case
from caseterm.models.goals import Goal

SOURCE = "measure"


def _siblings(session: Session, case_id: uuid.UUID, parent_id: uuid.UUID | None) -> list[Goal]:
    stmt = select(Goal).where(Goal.case_id == case_id)
    stmt = stmt.where(Goal.parent_id == parent_id) if parent_id else stmt.where(
        col(Goal.parent_id).is_(None))
    return sorted(session.exec(stmt), key=lambda g: (g.position, g.created_at))


def _renumber(rows: list[Goal]) -> None:
    for i, g in enumerate(rows):
        if g.position != i:
            g.position = i


def _sync_measure(session: Session, goal: Goal) -> None:
    if goal.level != GoalLevel.massnahme.value:
        followups.cancel_source(session, SOURCE, goal.id)
        return
    if goal.due_date is None or GoalStatus(goal.status) in CLOSED_STATUSES:
        note = _("Measure dropped.") if goal.status == GoalStatus.dropped.value else ""
        followups.cancel_source(session, SOURCE, goal.id, note)
        return
    case = session.get(Case, goal.case_id)
    who = goal.responsible_name or ""
    step = followup_text.make("measure_due", text=goal.text_client,
                              suffix=f" ({who})" if who else "")
    followups.sync_source(session, case_id=goal.case_id, source_type=SOURCE,
                          source_id=goal.id, due_date=goal.due_date, next_step=step,
                          assignee_id=case.lead_worker_id, kind=FollowUpKind.measure)


EDIT_FIELDS = ("level", "text_client", "text_professional", "life_domain", "indicator",
               "baseline", "target", "due_date", "importance", "difficulty", "weight", "owner",
               "resources", "status", "confidence", "responsible", "responsible_name",
               "cost_bearer", "needs_approval")


def values_of(data: GoalInput) -> dict:
    """The stored values an edit sets (the goal dialog's fields), keyed as the table's columns."""
    is_measure = data.level is GoalLevel.massnahme
    return {
        "level": data.level.value, "text_client": data.text_client,
        "text_professional": data.text_professional,
        "life_domain": data.life_domain.value if data.life_domain else None,
        "indicator": data.indicator, "baseline": data.baseline, "target": data.target,
        "due_date": data.due_date, "importance": data.importance,
        "difficulty": data.difficulty, "weight": data.weight, "owner": data.owner.value,
        "resources": data.resources, "status": data.status.value,
        "confidence": data.confidence,
        "responsible": data.responsible.value if (is_measure and data.responsible) else None,
        "responsible_name": data.responsible_name if is_measure else "",
        "cost_bearer": data.cost_bearer if is_measure else "",
        "needs_approval": data.needs_approval and is_measure,
    }


def row_values(row: GoalRow) -> dict:
    """The same values as read into a GoalRow (what an edit dialog started from)."""
    return {name: (getattr(row, name).value if name in ("level", "status")
                   else getattr(row, name)) for name in EDIT_FIELDS}


def _set_values(goal: Goal, values: dict) -> None:
    for name in EDIT_FIELDS:
        if name in values:
            setattr(goal, name, values[name])
    if not goal.needs_approval:
        goal.approval_state = ApprovalState.not_needed.value
    elif goal.approval_state == ApprovalState.not_needed.value:
        goal.approval_state = ApprovalState.pending.value


def _apply(goal: Goal, data: GoalInput) -> None:
    _set_values(goal, values_of(data))


def add_goal_in(session: Session, case_id: uuid.UUID, data: GoalInput, *,
                parent_id: uuid.UUID | None = None, after_id: uuid.UUID | None = None,
                worker_id: uuid.UUID | None = None) -> Goal:
    parent = session.get(Goal, parent_id) if parent_id else None
    if parent_id and (parent is None or parent.case_id != case_id):
        raise LookupError(str(parent_id))
    if not level_allowed_under(data.level, GoalLevel(parent.level) if parent else None):
        raise InputError({"level": _("“{level}” cannot be placed under “{parent}”.").format(
            level=vocab.label(data.level),
            parent=vocab.label(GoalLevel(parent.level)) if parent else "")})
    siblings = _siblings(session, case_id, parent_id)
    index = len(siblings)
    if after_id is not None:
        for i, g in enumerate(siblings):
            if g.id == after_id:
                index = i + 1
    goal = Goal(case_id=case_id, parent_id=parent_id, text_client=data.text_client,
                created_by_id=worker_id)
    _apply(goal, data)
    siblings.insert(index, goal)
    session.add(goal)
    _renumber(siblings)
    session.flush()
    _sync_measure(session, goal)
    return goal


def add_goal(db: Database, case_id: uuid.UUID, data: GoalInput, *,
             parent_id: uuid.UUID | None = None, after_id: uuid.UUID | None = None,
             worker_id: uuid.UUID | None = None) -> uuid.UUID:
    with db.write() as s:
        return add_goal_in(s, case_id, data, parent_id=parent_id, after_id=after_id,
                           worker_id=worker_id).id


def get_in(session: Session, goal_id: uuid.UUID) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise LookupError(str(goal_id))
    return goal


def case_of(db: Database, goal_id: uuid.UUID) -> uuid.UUID | None:
    """The case a goal belongs to (None: no such goal)."""
    with db.read() as s:
        return s.exec(select(Goal.case_id).where(Goal.id == goal_id)).first()


def last_writer(session: Session, entity: str, record_id: uuid.UUID) -> str:
    """Who last created or changed a record, from the audit trail ("" if unknown)."""
    from caseterm.models.office import AuditEntry

    return session.exec(select(AuditEntry.actor_name).where(
        AuditEntry.entity == entity, AuditEntry.record_id == str(record_id),
        col(AuditEntry.action).in_(("create", "update")))
        .order_by(col(AuditEntry.seq).desc()).limit(1)).first() or ""


def update_goal_in(s: Session, goal: Goal, values: dict) -> None:
    """Set the edited values (keys of EDIT_FIELDS) after checking the hierarchy still fits."""
    level = GoalLevel(values.get("level", goal.level))
    parent = s.get(Goal, goal.parent_id) if goal.parent_id else None
    if not level_allowed_under(level, GoalLevel(parent.level) if parent else None):
        raise InputError({"level": _("This level does not fit under the goal above.")})
    kids = list(s.exec(select(Goal).where(Goal.parent_id == goal.id)))
    if kids and level is GoalLevel.massnahme:
        raise InputError({"level": _("A goal with sub-goals cannot become a measure.")})
    if any(not level_allowed_under(GoalLevel(k.level), level) for k in kids):
        raise InputError({"level": _("The goals below do not fit under this level.")})
    _set_values(goal, values)
    goal.revision += 1
    s.flush()
    _sync_measure(s, goal)


def update_goal(db: Database, goal_id: uuid.UUID, data: GoalInput) -> None:
    with db.write() as s:
        update_goal_in(s, get_in(s, goal_id), values_of(data))


def set_status(db: Database, goal_id: uuid.UUID, status: GoalStatus) -> None:
    with db.write() as s:
        goal = get_in(s, goal_id)
        goal.status = status.value
        s.flush()
        _sync_measure(s, goal)
