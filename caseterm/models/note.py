"""Contact notes: conversations, calls, home visits, letters, e-mails, case conferences."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Text, Uuid
from sqlmodel import Field

from caseterm.core.vocab import NoteKind
from caseterm.models.base import Record, enum_check


class ContactNote(Record, table=True):
    __tablename__ = "contact_note"
    __table_args__ = (
        enum_check("kind", NoteKind),
        CheckConstraint("length(text) >= 1", name="text_not_empty"),
        Index("ix_contact_note_case_when", "case_id", "occurred_at"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False)
    )
    occurred_at: datetime = Field(nullable=False)
    kind: str = Field(default=NoteKind.conversation.value, sa_type=String(20), nullable=False)
    participants: str = Field(default="", sa_type=String(300), nullable=False)
    text: str = Field(sa_type=Text, nullable=False)
    author_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
