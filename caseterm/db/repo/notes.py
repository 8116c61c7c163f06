"""Contact notes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from caseterm.core import clock
from caseterm.core.inputs import NoteInput
from caseterm.core.vocab import NoteKind
from caseterm.db.engine import Database
from caseterm.models.case import Case
from caseterm.models.note import ContactNote
from caseterm.models.worker import Worker


@dataclass(frozen=True)
class NoteRow:
    id: uuid.UUID
    occurred_at: datetime
    kind: NoteKind
    participants: str
    text: str
    author: str


def note_rows(session: Session, case_id: uuid.UUID, *, limit: int = 20) -> list[NoteRow]:
    stmt = (
        select(ContactNote, Worker.display_name)
        .join(Worker, Worker.id == ContactNote.author_id, isouter=True)
        .where(ContactNote.case_id == case_id)
        .order_by(col(ContactNote.occurred_at).desc())
        .limit(limit)
    )
    return [
        NoteRow(n.id, n.occurred_at, NoteKind(n.kind), n.participants, n.text, author or "")
        for n, author in session.exec(stmt)
    ]


def add_note_in(session: Session, case_id: uuid.UUID, note: NoteInput,
                author_id: uuid.UUID | None) -> ContactNote:
    row = ContactNote(case_id=case_id, occurred_at=note.occurred_at or clock.now(),
                      kind=note.kind.value, participants=note.participants, text=note.text,
                      author_id=author_id)
    session.add(row)
    session.flush()
    return row


def add_note(db: Database, case_id: uuid.UUID, note: NoteInput,
             author_id: uuid.UUID | None) -> uuid.UUID:
    with db.write() as s:
        if s.get(Case, case_id) is None:
            raise LookupError(str(case_id))
        return add_note_in(s, case_id, note, author_id).id


def list_notes(db: Database, case_id: uuid.UUID, *, limit: int = 200) -> list[NoteRow]:
    with db.read() as s:
        return note_rows(s, case_id, limit=limit)
