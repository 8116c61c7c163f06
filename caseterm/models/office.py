"""The office: the audit trail, absences with their deputy, and cases shared with a colleague.

- `AuditEntry` is append-only (triggers refuse UPDATE and DELETE, 0007_office) and hash-chained:
  each entry carries the hash of the one before (core/audit.py), so `caseterm audit verify`
  finds any later change, insertion or deletion. `AuditHead` holds the newest sequence number
  and hash; writers lock it, so two desks never fork the chain.
- `Absence`: a worker is away from … to …; her deputy sees her cases meanwhile.
- `CaseShare`: a case shared with another worker (a hand-over or a referral to another legal
  area), for reading only or also for writing, possibly until a date.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Text, Uuid
from sqlmodel import Field, SQLModel

from caseterm.models.base import Record


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_case_seq", "case_id", "seq"),
    )

    seq: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    at: datetime = Field(nullable=False)
    actor_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    actor_name: str = Field(default="", sa_type=String(120), nullable=False)
    action: str = Field(sa_type=String(16), nullable=False)
    entity: str = Field(default="", sa_type=String(40), nullable=False)
    record_id: str = Field(default="", sa_type=String(40), nullable=False)
    case_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    detail: str = Field(default="", sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(sa_type=String(64), nullable=False)
    hash: str = Field(sa_type=String(64), nullable=False)


class AuditHead(SQLModel, table=True):
    __tablename__ = "audit_head"

    id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    seq: int = Field(default=0, nullable=False)
    hash: str = Field(default="", sa_type=String(64), nullable=False)


class Absence(Record, table=True):
    __tablename__ = "absence"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        Index("ix_absence_deputy_dates", "deputy_id", "starts_on", "ends_on"),
        Index("ix_absence_worker_dates", "worker_id", "starts_on", "ends_on"),
    )

    worker_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=False))
    deputy_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=False))
    starts_on: date = Field(nullable=False)
    ends_on: date = Field(nullable=False)
    note: str = Field(default="", sa_type=String(500), nullable=False)
    created_by: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True))


class CaseShare(Record, table=True):
    __tablename__ = "case_share"
    __table_args__ = (
        CheckConstraint("mode IN ('read', 'write')", name="mode_valid"),
        Index("ix_case_share_worker_case", "worker_id", "case_id"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False))
    worker_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=False))
    mode: str = Field(default="read", sa_type=String(8), nullable=False)
    until: date | None = Field(default=None, nullable=True)
    reason: str = Field(default="", sa_type=Text, nullable=False)
    created_by: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True))
