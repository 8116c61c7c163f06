"""Follow-ups (Wiedervorlagen): listing, adding, completing, and keeping automatic ones in step
with what created them (`sync_source` / `cancel_source`, called by measures, agreements,
referrals and consents inside their own unit of work)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from caseterm.core import clock
from caseterm.core.followup_text import GenText, render
from caseterm.core.inputs import FollowUpInput, NoteInput
from caseterm.core.vocab import FollowUpKind, FollowUpStatus, NoteKind, Priority
from caseterm.db import order
from caseterm.db.engine import Database
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.followup import FollowUp
from caseterm.models.worker import Worker


@dataclass(frozen=True)
class FollowUpRow:
    id: uuid.UUID
    case_id: uuid.UUID
    case_number: str
    client_name: str
    kind: FollowUpKind
    due_date: date
    next_step: str
    assignee: str
    priority: Priority
    status: FollowUpStatus
    postpone_count: int
    child_protection: bool
    assignee_id: uuid.UUID | None = None
    row_version: int = 0

    def days_late(self, today: date | None = None) -> int:
        return ((today or clock.today()) - self.due_date).days


def queue_order(today: date) -> list:
    """core.queue.sort_key as SQL columns over the model classes (db/order.py): the one queue
    order, for the queue and every other list of follow-ups."""
    return order.queue_order(today, due_date=FollowUp.due_date, kind=FollowUp.kind,
                             priority=FollowUp.priority,
                             child_protection=col(Case.child_protection))


def followup_rows(
    session: Session, *, case_id: uuid.UUID | None = None, assignee_id: uuid.UUID | None = None,
    status: FollowUpStatus | None = FollowUpStatus.open, until: date | None = None,
    limit: int = 200, offset: int = 0, assignee_ids: list[uuid.UUID] | None = None,
    visible=None,
) -> list[FollowUpRow]:
    """Follow-ups in queue order (core.queue.sort_key)."""
    stmt = (
        select(FollowUp, Case.case_number, Case.child_protection, Client.first_name,
               Client.last_name, Worker.display_name)
        .join(Case, Case.id == FollowUp.case_id)
        .join(Client, Client.id == Case.client_id)
        .join(Worker, Worker.id == FollowUp.assignee_id)
    )
    if case_id is not None:
        stmt = stmt.where(FollowUp.case_id == case_id)
    if assignee_id is not None:
        stmt = stmt.where(FollowUp.assignee_id == assignee_id)
    if assignee_ids is not None:
        stmt = stmt.where(col(FollowUp.assignee_id).in_(assignee_ids))
    if visible is not None:  # the door's condition: the cases the viewer may read
        stmt = stmt.where(visible)
    if status is not None:
        stmt = stmt.where(FollowUp.status == status.value)
    if until is not None:
        stmt = stmt.where(FollowUp.due_date <= until)
    stmt = stmt.order_by(*queue_order(clock.today()), FollowUp.id).limit(limit).offset(offset)
    return [
        FollowUpRow(
            id=f.id, case_id=f.case_id, case_number=number,
            client_name=f"{last}, {first}", kind=FollowUpKind(f.kind), due_date=f.due_date,
            next_step=render(f.text_key, f.text_data, f.next_step), assignee=assignee,
            priority=Priority(f.priority),
            status=FollowUpStatus(f.status), postpone_count=f.postpone_count,
            child_protection=cp, assignee_id=f.assignee_id, row_version=f.row_version,
        )
        for f, number, cp, first, last, assignee in session.exec(stmt)
    ]


def due_for_worker(db: Database, worker_id: uuid.UUID, *, days_ahead: int = 7,
                   limit: int = 200) -> list[FollowUpRow]:
    """Open follow-ups of a worker due within `days_ahead` days (overdue included)."""
    from datetime import timedelta

    with db.read() as s:
        return followup_rows(s, assignee_id=worker_id,
                             until=clock.today() + timedelta(days=days_ahead), limit=limit)


def due_for_workers(db: Database, worker_ids: list[uuid.UUID], visible, *,
                    days_ahead: int = 7, limit: int = 200) -> list[FollowUpRow]:
    """`due_for_worker` for several assignees (me and the absent colleagues I deputise
    for), limited by the door's `visible` condition."""
    from datetime import timedelta

    with db.read() as s:
        return followup_rows(s, assignee_ids=worker_ids, visible=visible,
                             until=clock.today() + timedelta(days=days_ahead), limit=limit)


def add_in(session: Session, case_id: uuid.UUID, data: FollowUpInput, assignee_id: uuid.UUID,
           *, created_by_id: uuid.UUID | None = None, source_type: str = "",
           source_id: uuid.UUID | None = None, roll: bool = True,
           gen: GenText | None = None) -> FollowUp:
    """`gen`: a text caseterm writes itself, kept as key plus data (core.followup_text)."""
    # Internal follow-ups move to a working day, legal deadlines follow § 26 SGB X
    # (roll=False keeps a date exactly as given, e.g. when importing history).
    gen = gen or data.gen
    due = working_due(session, assignee_id, data.kind, data.due_date) if roll else data.due_date
    row = FollowUp(case_id=case_id, kind=data.kind.value, due_date=due, due_time=data.due_time,
                   next_step=data.next_step, assignee_id=assignee_id,
                   priority=data.priority.value, created_by_id=created_by_id,
                   source_type=source_type, source_id=source_id,
                   text_key=gen.key if gen else "", text_data=gen.data if gen else "")
    session.add(row)
    session.flush()
    return row


def add(db: Database, case_id: uuid.UUID, data: FollowUpInput, assignee_id: uuid.UUID,
        *, created_by_id: uuid.UUID | None = None) -> uuid.UUID:
    with db.write() as s:
        return add_in(s, case_id, data, assignee_id, created_by_id=created_by_id).id


def complete(db: Database, followup_id: uuid.UUID, worker_id: uuid.UUID,
             outcome_note: str = "") -> None:
    """Mark done; a non-empty outcome becomes a contact note of the case."""
    with db.write() as s:
        complete_in(s, followup_id, worker_id, outcome_note)


def complete_in(session: Session, followup_id: uuid.UUID, worker_id: uuid.UUID,
                outcome_note: str = "", *, contact_note: bool = True) -> FollowUp:
    """`complete` inside the caller's unit of work; returns the follow-up."""
    from caseterm.db.repo.notes import add_note_in

    fu = session.get(FollowUp, followup_id)
    if fu is None:
        raise LookupError(str(followup_id))
    if fu.status != FollowUpStatus.open.value:
        raise ValueError("follow-up is not open")
    fu.status = FollowUpStatus.done.value
    fu.done_at = clock.now()
    fu.done_by_id = worker_id
    fu.outcome_note = outcome_note.strip()
    if fu.outcome_note and contact_note:
        add_note_in(session, fu.case_id, NoteInput(kind=NoteKind.conversation,
                                                   text=fu.outcome_note,
                                                   participants=""), worker_id)
    return fu


def working_due(session: Session, assignee_id: uuid.UUID, kind: FollowUpKind | str,
                due_date: date) -> date:
    """The due date moved to a working day of the assignee's office: legal deadlines under
    § 26 SGB X, internal follow-ups to the next working day; appointments stand."""
    from caseterm.core.workdays import calendar_for

    w = session.get(Worker, assignee_id)
    cal = calendar_for(w.land, w.catholic_municipality, w.augsburg) if w else calendar_for("NW")
    return cal.due_for(str(kind), due_date)


def sync_source(
    session: Session, *, case_id: uuid.UUID, source_type: str, source_id: uuid.UUID,
    due_date: date, next_step: str | GenText, assignee_id: uuid.UUID,
    kind: FollowUpKind = FollowUpKind.wiedervorlage, priority: Priority = Priority.normal,
) -> FollowUp:
    """Create, or bring in step, the one open follow-up that `source` keeps.

    Called whenever a measure, agreement, referral or consent is saved: its due date or text
    changed → the follow-up follows; nothing is duplicated. The due date moves to a working
    day of the assignee's office (appointments stand, see core.workdays).
    """
    due_date = working_due(session, assignee_id, kind, due_date)
    gen = next_step if isinstance(next_step, GenText) else None
    if gen is not None:
        next_step = gen.text
    existing = session.exec(select(FollowUp).where(
        FollowUp.source_type == source_type, FollowUp.source_id == source_id,
        FollowUp.status == FollowUpStatus.open.value,
    )).first()
    if existing is None:
        return add_in(session, case_id, FollowUpInput(due_date=due_date,
                      next_step=next_step[:500], kind=kind, priority=priority), assignee_id,
                      source_type=source_type, source_id=source_id, gen=gen)
    if existing.due_date != due_date:
        existing.due_date = due_date
    if gen is not None:
        # the same key and data in another writer's language is no change
        if (existing.text_key, existing.text_data) != (gen.key, gen.data):
            existing.text_key, existing.text_data = gen.key, gen.data
            existing.next_step = next_step[:500]
    elif existing.next_step != next_step[:500] or existing.text_key:
        existing.next_step = next_step[:500]
        existing.text_key = existing.text_data = ""
    if existing.kind != kind.value:
        existing.kind = kind.value
    if existing.assignee_id != assignee_id:
        existing.assignee_id = assignee_id
    return existing


def cancel_source(session: Session, source_type: str, source_id: uuid.UUID,
                  note: str = "") -> int:
    """Cancel the open follow-ups of a source that was dropped; returns how many."""
    rows = session.exec(select(FollowUp).where(
        FollowUp.source_type == source_type, FollowUp.source_id == source_id,
        FollowUp.status == FollowUpStatus.open.value,
    )).all()
    for fu in rows:
        fu.status = FollowUpStatus.cancelled.value
        fu.outcome_note = note
    return len(rows)


def finished_among(session: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these follow-ups are no longer open (done, dropped) or gone."""
    if not ids:
        return set()
    found = {row[0]: row[1] for row in session.exec(
        select(FollowUp.id, FollowUp.status).where(col(FollowUp.id).in_(ids)))}
    return {i for i in ids if found.get(i, None) != FollowUpStatus.open.value}
