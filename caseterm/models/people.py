"""Hand-over of a case to another worker or office (Zuständigkeitswechsel).

The previous owner proposes it with a note; the case changes hands when the receiver accepts.
After that the previous owner keeps read access for the period the office allows
(core.access.handover_read_until, a CaseShare with `until`)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Text, Uuid
from sqlmodel import Field

from caseterm.core.access import HandoverStatus
from caseterm.models.base import Record, enum_check


class CaseHandover(Record, table=True):
    __tablename__ = "case_handover"
    __table_args__ = (
        enum_check("status", HandoverStatus),
        CheckConstraint("to_worker_id IS NOT NULL OR length(to_office) >= 1",
                        name="has_receiver"),
        Index("ix_case_handover_to_status", "to_worker_id", "status"),
        Index("ix_case_handover_case", "case_id", "status"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False))
    from_worker_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=False))
    to_worker_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True))
    to_office: str = Field(default="", sa_type=String(120), nullable=False)
    note: str = Field(default="", sa_type=Text, nullable=False)
    status: str = Field(default=HandoverStatus.pending.value, sa_type=String(12),
                        nullable=False)
    decided_at: datetime | None = Field(default=None, nullable=True)
    accepted_by: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True))
