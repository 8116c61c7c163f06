"""Goals of a case: the tree, editing it (add, move, indent/outdent, drop), GAS scales and
reviews, measure approval. Measures with a due date keep a follow-up in step
(followups.sync_source / cancel_source, source_type "measure") in the same unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from caseterm.core import clock, followup_text, vocab
from caseterm.core import gas as gas_core
from caseterm.core.goals import (
    CLOSED_STATUSES,
    ApprovalState,
    GasLevelsInput,
    GasReviewInput,
    GoalInput,
    GoalLevel,
    GoalStatus,
    approval_refusal,
    child_level,
    level_allowed_under,
)
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpKind
from caseterm.db.engine import Database
from caseterm.db.repo import followups
from caseterm.i18n import _
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.goals import GasLevel, GasReview, Goal
from caseterm.models.worker import Worker

SOURCE = "measure"


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


# -- writing --------------------------------------------------------------------------------
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
        goal = s.get(Goal, goal_id)
        if goal is None:
            raise LookupError(str(goal_id))
        goal.status = status.value
        s.flush()
        _sync_measure(s, goal)


def _descendants(session: Session, goal: Goal) -> list[Goal]:
    out: list[Goal] = []
    stack = [goal]
    while stack:
        g = stack.pop()
        kids = list(session.exec(select(Goal).where(Goal.parent_id == g.id)))
        out.extend(kids)
        stack.extend(kids)
    return out


def drop(db: Database, goal_id: uuid.UUID) -> int:
    """Mark a goal and everything below it as dropped (kept for the record); their measures'
    follow-ups are cancelled. Returns how many goals were dropped."""
    with db.write() as s:
        goal = s.get(Goal, goal_id)
        if goal is None:
            raise LookupError(str(goal_id))
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
        goal = s.get(Goal, goal_id)
        if goal is None:
            raise LookupError(str(goal_id))
        siblings = _siblings(s, goal.case_id, goal.parent_id)
        i = next(i for i, g in enumerate(siblings) if g.id == goal_id)
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
        goal = s.get(Goal, goal_id)
        if goal is None:
            raise LookupError(str(goal_id))
        siblings = _siblings(s, goal.case_id, goal.parent_id)
        i = next(i for i, g in enumerate(siblings) if g.id == goal_id)
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
        goal = s.get(Goal, goal_id)
        if goal is None:
            raise LookupError(str(goal_id))
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


# -- GAS -----------------------------------------------------------------------------------------
def set_gas(db: Database, goal_id: uuid.UUID, data: GasLevelsInput) -> None:
    with db.write() as s:
        goal = s.get(Goal, goal_id)
        if goal is None:
            raise LookupError(str(goal_id))
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
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise LookupError(str(goal_id))
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


# -- approval of measures (the team lead decides) --------------------------------------------
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


def pending_approvals(db: Database, visible, *, limit: int = 1000) -> list[ApprovalRow]:
    """Measures needing approval that are still pending, in the cases `visible` (the door's
    condition) lets through; oldest due first."""
    stmt = (select(Goal, Case.case_number, Client.first_name, Client.last_name)
            .join(Case, Case.id == Goal.case_id)
            .join(Client, Client.id == Case.client_id)
            .where(Goal.needs_approval, Goal.approval_state == ApprovalState.pending.value,
                   Goal.status != GoalStatus.dropped.value)
            .order_by(col(Goal.due_date).is_(None), Goal.due_date, Case.case_number)
            .limit(limit))
    if visible is not None:
        stmt = stmt.where(visible)
    with db.read() as s:
        return [ApprovalRow(g.id, g.case_id, number, f"{last}, {first}", g.text_client,
                            g.responsible_name or "", g.cost_bearer or "", g.due_date,
                            ApprovalState(g.approval_state), g.row_version)
                for g, number, first, last in s.exec(stmt)]
