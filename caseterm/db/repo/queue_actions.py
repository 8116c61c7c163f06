"""The follow-up queue's actions: done (a chain or recurrence creates the next follow-up),
postpone with a reason, reassign, the time of day, the plan that carries a follow-up on, and
the small reads these actions need (the open follow-up, its case, its calendar, its
postponements). The keyset-paged read path is `db.repo.queue`, which re-exports these names.

Unlike the read path these use the model classes, imported inside each function so that
reading the queue (`caseterm queue`, the TUI's start screen) never loads them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from caseterm.core import clock
from caseterm.core.queue import PlanMode, PlanSpec, check_postpone, next_due
from caseterm.core.validate import InputError
from caseterm.core.vocab import FollowUpStatus
from caseterm.core.workdays import WorkCalendar, calendar_for
from caseterm.db import tables
from caseterm.db.engine import Database
from caseterm.i18n import _

if TYPE_CHECKING:
    from caseterm.models.followup import FollowUp

Session = Any
F, W = tables.follow_up.c, tables.worker.c


class NotOpen(ValueError):
    """The follow-up was done, cancelled or removed meanwhile."""


Check = Callable[[Any], None] | None  # called with the FollowUp model instance


def _open(session: Session, followup_id: uuid.UUID, check: Check = None) -> FollowUp:
    """The open follow-up; `check` (the door's version check) may refuse it."""

    from caseterm.models.followup import FollowUp

    fu = session.get(FollowUp, followup_id)
    if fu is None or fu.status != FollowUpStatus.open.value:
        raise NotOpen(_("This follow-up is no longer open."))
    if check is not None:
        check(fu)
    return fu


def last_writer(fu: FollowUp) -> str:
    """Who last changed this follow-up, from the audit trail (for a conflict message)."""
    from sqlalchemy.orm import object_session
    from sqlmodel import col, select

    from caseterm.models.office import AuditEntry

    session = object_session(fu)
    if session is None:
        return ""
    name = session.exec(select(AuditEntry.actor_name).where(
        AuditEntry.entity == "follow_up", AuditEntry.record_id == str(fu.id),
        AuditEntry.action == "update").order_by(col(AuditEntry.seq).desc()).limit(1)).first()
    return name or ""


def case_of(session: Session, followup_id: uuid.UUID) -> uuid.UUID | None:
    return session.execute(select(F.case_id).where(F.id == followup_id)).scalar()


def due_and_calendar(session: Session, followup_id: uuid.UUID
                     ) -> tuple[date, str, WorkCalendar] | None:
    """(due date, kind, the assignee's office calendar) of one follow-up."""

    from caseterm.models.followup import FollowUp

    fu = session.get(FollowUp, followup_id)
    if fu is None:
        return None
    return fu.due_date, fu.kind, calendar_of(session, fu.assignee_id)


def calendar_of(session: Session, worker_id: uuid.UUID) -> WorkCalendar:

    from caseterm.models.worker import Worker

    w = session.get(Worker, worker_id)
    return calendar_for(w.land, w.catholic_municipality, w.augsburg) if w else calendar_for("NW")


def done(db: Database, followup_id: uuid.UUID, worker_id: uuid.UUID,
         outcome_note: str = "", *, check: Check = None) -> uuid.UUID | None:
    """Mark done (the outcome becomes a contact note); a chain or recurrence attached to it
    creates the next follow-up, which is returned."""
    from sqlmodel import select

    from caseterm.db.repo.followups import complete_in
    from caseterm.models.followup import FollowUp
    from caseterm.models.followup_extra import FollowUpPlan

    with db.write() as s:
        _open(s, followup_id, check)
        fu = complete_in(s, followup_id, worker_id, outcome_note)
        plan = s.exec(select(FollowUpPlan).where(FollowUpPlan.follow_up_id == fu.id)).first()
        if plan is None or plan.remaining <= 0:
            return None
        spec = PlanSpec(mode=PlanMode(plan.mode), interval=plan.interval, unit=plan.unit,
                        remaining=plan.remaining, next_step=plan.next_step)
        cal = calendar_of(s, fu.assignee_id)
        due = next_due(spec, cal=cal, kind=fu.kind, done_on=clock.today(), anchor=plan.anchor,
                       occurrence=plan.occurrence)
        nxt = FollowUp(case_id=fu.case_id, kind=fu.kind, due_date=due,
                       next_step=plan.next_step or fu.next_step, assignee_id=fu.assignee_id,
                       priority=fu.priority, created_by_id=worker_id,
                       source_type=fu.source_type, source_id=fu.source_id)
        s.add(nxt)
        s.flush()
        if plan.remaining > 1:
            s.add(FollowUpPlan(follow_up_id=nxt.id, mode=plan.mode, interval=plan.interval,
                               unit=plan.unit, remaining=plan.remaining - 1,
                               occurrence=plan.occurrence + 1, anchor=plan.anchor,
                               next_step=plan.next_step))
        return nxt.id


def postpone(db: Database, followup_id: uuid.UUID, worker_id: uuid.UUID, raw: dict, *,
             check: Check = None) -> date:
    """Postpone with a reason (InputError on `date`/`reason`; nothing changes then)."""

    from caseterm.models.followup_extra import FollowUpPostponement

    with db.write() as s:
        fu = _open(s, followup_id, check)
        cal = calendar_of(s, fu.assignee_id)
        p = check_postpone(raw, current_due=fu.due_date, today=clock.today(), cal=cal,
                           kind=fu.kind)
        s.add(FollowUpPostponement(follow_up_id=fu.id, from_date=fu.due_date, to_date=p.new_due,
                                   reason=p.reason, at=clock.now(), worker_id=worker_id))
        fu.due_date = p.new_due
        fu.postpone_count = fu.postpone_count + 1
        return p.new_due


@dataclass(frozen=True)
class PostponementRow:
    from_date: date
    to_date: date
    reason: str
    worker: str


def postponements(db: Database, followup_id: uuid.UUID) -> list[PostponementRow]:
    from sqlmodel import select

    from caseterm.models.followup_extra import FollowUpPostponement
    from caseterm.models.worker import Worker

    with db.read() as s:
        stmt = (select(FollowUpPostponement, Worker.display_name)
                .join(Worker, Worker.id == FollowUpPostponement.worker_id, isouter=True)
                .where(FollowUpPostponement.follow_up_id == followup_id)
                .order_by(FollowUpPostponement.at))
        return [PostponementRow(p.from_date, p.to_date, p.reason, name or "")
                for p, name in s.exec(stmt)]


def reassign(db: Database, followup_id: uuid.UUID, new_worker_id: uuid.UUID, *,
             check: Check = None) -> None:

    from caseterm.models.worker import Worker

    with db.write() as s:
        fu = _open(s, followup_id, check)
        target = s.get(Worker, new_worker_id)
        if target is None or not target.active:
            raise InputError({"worker": _("Choose an active worker.")})
        fu.assignee_id = new_worker_id


def appointment(db: Database, followup_id: uuid.UUID) -> tuple | None:
    """(case id, due date, time of day, next step, status) of a follow-up, for a letter."""
    from caseterm.models.followup import FollowUp

    with db.read() as s:
        fu = s.get(FollowUp, followup_id)
        return None if fu is None else (fu.case_id, fu.due_date, fu.due_time, fu.next_step,
                                        fu.status)


def set_time(db: Database, followup_id: uuid.UUID, due_time, *, check: Check = None) -> None:
    """An open follow-up's time of day (None: all day)."""
    with db.write() as s:
        fu = _open(s, followup_id, check)
        if fu.due_time != due_time:
            fu.due_time = due_time


def set_plan(db: Database, followup_id: uuid.UUID, spec: PlanSpec, *,
             check: Check = None) -> None:
    """Attach (or replace) the chain or recurrence that carries this follow-up on."""
    from sqlmodel import select

    from caseterm.models.followup_extra import FollowUpPlan

    with db.write() as s:
        fu = _open(s, followup_id, check)
        plan = s.exec(select(FollowUpPlan).where(FollowUpPlan.follow_up_id == fu.id)).first()
        if plan is None:
            plan = FollowUpPlan(follow_up_id=fu.id, mode=spec.mode.value,
                                interval=spec.interval, unit=spec.unit,
                                remaining=spec.remaining, occurrence=1, anchor=fu.due_date,
                                next_step=spec.next_step)
            s.add(plan)
        else:
            plan.mode, plan.interval, plan.unit = spec.mode.value, spec.interval, spec.unit
            plan.remaining, plan.next_step = spec.remaining, spec.next_step
            plan.occurrence, plan.anchor = 1, fu.due_date


def plan_of(db: Database, followup_id: uuid.UUID) -> PlanSpec | None:
    from sqlmodel import select

    from caseterm.models.followup_extra import FollowUpPlan

    with db.read() as s:
        plan = s.exec(select(FollowUpPlan).where(FollowUpPlan.follow_up_id == followup_id)
                      ).first()
        if plan is None:
            return None
        return PlanSpec(mode=PlanMode(plan.mode), interval=plan.interval, unit=plan.unit,
                        remaining=plan.remaining, next_step=plan.next_step)


def workers_for_reassign(db: Database) -> list[tuple[str, uuid.UUID]]:
    with db.read() as s:
        return [(w.display_name, w.id) for w in s.execute(
            select(W.display_name, W.id).where(W.active).order_by(W.display_name))]


def upcoming_window(today: date) -> date:
    return today + timedelta(days=7)
