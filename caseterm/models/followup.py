"""Follow-ups (Wiedervorlagen): every dated thing that must not be forgotten."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Text, Uuid
from sqlmodel import Field

from caseterm.core.vocab import FollowUpKind, FollowUpStatus, Priority
from caseterm.models.base import Record, enum_check, length_check


class FollowUp(Record, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        enum_check("kind", FollowUpKind),
        enum_check("status", FollowUpStatus),
        enum_check("priority", Priority),
        length_check("next_step", 1, 500),
        CheckConstraint("postpone_count >= 0", name="postpone_count_positive"),
        # The queue: open items of one assignee by due date.
        Index("ix_follow_up_queue", "assignee_id", "status", "due_date"),
        Index("ix_follow_up_source", "source_type", "source_id"),
        # Steering figures (0016_times): open items per assignee, covering.
        Index("ix_follow_up_steer", "status", "assignee_id", "case_id", "due_date",
              "postpone_count"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    kind: str = Field(default=FollowUpKind.wiedervorlage.value, sa_type=String(20),
                      nullable=False)
    due_date: date = Field(nullable=False)
    # An appointment's time of day (0016_times); None: an all-day item.
    due_time: time | None = Field(default=None, nullable=True)
    next_step: str = Field(sa_type=String(500), nullable=False)
    assignee_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=False)
    )
    priority: str = Field(default=Priority.normal.value, sa_type=String(8), nullable=False)
    status: str = Field(default=FollowUpStatus.open.value, sa_type=String(12), nullable=False)
    postpone_count: int = Field(default=0, nullable=False)
    # What created it: e.g. ("measure", <id>), ("agreement", <id>), ("referral", <id>).
    source_type: str = Field(default="", sa_type=String(20), nullable=False)
    source_id: uuid.UUID | None = Field(default=None, nullable=True)
    created_by_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
    done_at: datetime | None = Field(default=None, nullable=True)
    done_by_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
    outcome_note: str = Field(default="", sa_type=Text, nullable=False)
    # A text caseterm wrote itself: its key and data (core.followup_text), shown in the
    # reader's language; empty for a typed text, which `next_step` holds as typed.
    text_key: str = Field(default="", sa_type=String(40), nullable=False)
    text_data: str = Field(default="", sa_type=Text, nullable=False)
