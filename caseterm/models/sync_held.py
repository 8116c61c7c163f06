"""Changes held back at the centre because the record they belong to had not arrived.

A new row (a note, a case, a follow-up …) from a laptop whose parent record (its case, its
person) is not at the centre yet cannot stand there. It is kept here whole, with what it
waits for, and applied by itself in sequence order when that record arrives (the next sync
or bundle import of any device): db/repo/sync_held.py. A row leaves this table in the same
transaction in which its change is applied, so nothing is applied twice.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, String, Text, Uuid
from sqlmodel import Field, SQLModel

from caseterm.models.base import utcnow


class SyncHeld(SQLModel, table=True):
    __tablename__ = "sync_held"
    __table_args__ = (Index("ix_sync_held_parent", "parent_entity", "parent_id"),)

    change_id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    device_id: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False))
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    entity: str = Field(sa_type=String(64), nullable=False)
    record_id: uuid.UUID = Field(sa_column=Column(Uuid, nullable=False))
    case_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    # what it waits for: the parent table and the parent row's id
    parent_entity: str = Field(sa_type=String(64), nullable=False)
    parent_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    author_name: str = Field(default="", sa_type=String(200), nullable=False)
    change: str = Field(sa_type=Text, nullable=False)  # the change as JSON
    held_at: datetime = Field(default_factory=utcnow, nullable=False)
