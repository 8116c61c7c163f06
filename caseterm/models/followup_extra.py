"""What the follow-up queue keeps beside a follow-up: the postponement history and the plan
of a chain or recurrence."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Text, Uuid
from sqlmodel import Field

from caseterm.core.queue import PlanMode
from caseterm.models.base import Record, enum_check, length_check


class FollowUpPostponement(Record, table=True):
    __tablename__ = "follow_up_postponement"
    __table_args__ = (
        length_check("reason", 1, 500),
        Index("ix_follow_up_postponement_fu", "follow_up_id", "at"),
    )

    follow_up_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("follow_up.id", ondelete="CASCADE"), nullable=False)
    )
    from_date: date = Field(nullable=False)
    to_date: date = Field(nullable=False)
    reason: str = Field(sa_type=Text, nullable=False)
    at: datetime = Field(nullable=False)
    worker_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )


class FollowUpPlan(Record, table=True):
    """A chain ("the next one 10 working days after this one is done") or a recurrence
    ("monthly for 6 months") attached to the open follow-up that carries it on."""

    __tablename__ = "follow_up_plan"
    __table_args__ = (
        enum_check("mode", PlanMode),
        CheckConstraint("interval > 0", name="interval_positive"),
        CheckConstraint("remaining >= 0", name="remaining_positive"),
        CheckConstraint("unit IN ('workdays', 'days', 'weeks', 'months')", name="unit_valid"),
    )

    follow_up_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("follow_up.id", ondelete="CASCADE"), nullable=False,
                         unique=True)
    )
    mode: str = Field(sa_type=String(12), nullable=False)
    interval: int = Field(nullable=False)
    unit: str = Field(sa_type=String(10), nullable=False)
    remaining: int = Field(nullable=False)
    occurrence: int = Field(default=1, nullable=False)  # which one of the series this is
    anchor: date = Field(nullable=False)  # the first due date of a recurrence
    next_step: str = Field(default="", sa_type=String(500), nullable=False)
