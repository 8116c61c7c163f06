"""Goals (Leitziel → Rahmenziel → Handlungsziel → Maßnahme), GAS scales and GAS reviews.

One table holds the whole hierarchy (parent links); measures are goals of the level
`massnahme` with the measure columns filled in.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlmodel import Field

from caseterm.core.goals import (
    ApprovalState,
    GoalLevel,
    GoalOwner,
    GoalStatus,
    LifeDomain,
    Responsible,
)
from caseterm.models.base import Record, enum_check, length_check


class Goal(Record, table=True):
    __tablename__ = "goal"
    __table_args__ = (
        enum_check("level", GoalLevel),
        enum_check("status", GoalStatus),
        enum_check("owner", GoalOwner),
        enum_check("life_domain", LifeDomain, nullable=True),
        enum_check("responsible", Responsible, nullable=True),
        enum_check("approval_state", ApprovalState),
        length_check("text_client", 1, 1000),
        CheckConstraint("weight IS NULL OR (weight >= 0 AND weight <= 9)", name="weight_range"),
        CheckConstraint("importance IS NULL OR (importance >= 0 AND importance <= 3)",
                        name="importance_range"),
        CheckConstraint("difficulty IS NULL OR (difficulty >= 0 AND difficulty <= 3)",
                        name="difficulty_range"),
        CheckConstraint("confidence IS NULL OR (confidence >= 0 AND confidence <= 10)",
                        name="confidence_range"),
        CheckConstraint("gas_baseline IS NULL OR (gas_baseline >= -2 AND gas_baseline <= 2)",
                        name="gas_baseline_range"),
        Index("ix_goal_case_parent", "case_id", "parent_id", "position"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    parent_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("goal.id", ondelete="CASCADE"),
                                       nullable=True)
    )
    position: int = Field(default=0, nullable=False)
    level: str = Field(default=GoalLevel.handlungsziel.value, sa_type=String(16), nullable=False)
    text_client: str = Field(sa_type=String(1000), nullable=False)
    text_professional: str = Field(default="", sa_type=String(1000), nullable=False)
    life_domain: str | None = Field(default=None, sa_type=String(24), nullable=True)
    indicator: str = Field(default="", sa_type=String(500), nullable=False)
    baseline: str = Field(default="", sa_type=String(300), nullable=False)
    target: str = Field(default="", sa_type=String(300), nullable=False)
    due_date: date | None = Field(default=None, nullable=True)
    importance: int | None = Field(default=None, nullable=True)
    difficulty: int | None = Field(default=None, nullable=True)
    weight: int | None = Field(default=None, nullable=True)
    owner: str = Field(default=GoalOwner.client.value, sa_type=String(8), nullable=False)
    resources: str = Field(default="", sa_type=String(500), nullable=False)
    status: str = Field(default=GoalStatus.draft.value, sa_type=String(16), nullable=False)
    confidence: int | None = Field(default=None, nullable=True)
    gas_baseline: int | None = Field(default=None, nullable=True)
    # measures
    responsible: str | None = Field(default=None, sa_type=String(12), nullable=True)
    responsible_name: str = Field(default="", sa_type=String(200), nullable=False)
    cost_bearer: str = Field(default="", sa_type=String(200), nullable=False)
    needs_approval: bool = Field(default=False, nullable=False)
    approval_state: str = Field(default=ApprovalState.not_needed.value, sa_type=String(12),
                                nullable=False)
    approved_by_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
    approved_at: datetime | None = Field(default=None, nullable=True)
    # The team lead's reason (required for a decline; 0009_people), shown to the caseworker.
    decision_reason: str = Field(default="", sa_type=Text, nullable=False)
    created_by_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
    revision: int = Field(default=1, nullable=False)


class GasLevel(Record, table=True):
    """The observable description of one level (-2 … +2) of a goal's GAS scale."""

    __tablename__ = "gas_level"
    __table_args__ = (
        CheckConstraint("level >= -2 AND level <= 2", name="level_range"),
        UniqueConstraint("goal_id", "level", name="uq_gas_level_goal_level"),
        length_check("description", 1, 500),
    )

    goal_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("goal.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    level: int = Field(nullable=False)
    description: str = Field(sa_type=String(500), nullable=False)


class GasReview(Record, table=True):
    """The level a goal reached at a review."""

    __tablename__ = "gas_review"
    __table_args__ = (
        CheckConstraint("level >= -2 AND level <= 2", name="level_range"),
        Index("ix_gas_review_case_date", "case_id", "review_date"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False)
    )
    goal_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("goal.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    review_date: date = Field(nullable=False)
    level: int = Field(nullable=False)
    note: str = Field(default="", sa_type=Text, nullable=False)
    worker_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
