"""Case conferences, closure with evaluation and after-care, costs and personal budgets
(issue 19, migration 0012_steering). Money is stored in cents (integers): exact on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Text, Uuid
from sqlmodel import Field

from caseterm.core.conference import ConferenceKind, ConferenceStatus, DecisionKind
from caseterm.models.base import Record, enum_check, length_check

MAX_CENTS = 100_000_000  # 1,000,000.00 EUR


class Conference(Record, table=True):
    """A Fallkonferenz / Helferkonferenz on one case."""

    __tablename__ = "conference"
    __table_args__ = (
        enum_check("kind", ConferenceKind),
        enum_check("status", ConferenceStatus),
        Index("ix_conference_case_held", "case_id", "held_on"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False))
    kind: str = Field(default=ConferenceKind.fallkonferenz.value, sa_type=String(16),
                      nullable=False)
    status: str = Field(default=ConferenceStatus.planned.value, sa_type=String(8),
                        nullable=False)
    held_on: date = Field(nullable=False)
    title: str = Field(default="", sa_type=String(200), nullable=False)
    protocol: str = Field(default="", sa_type=Text, nullable=False)
    created_by_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True))


class ConferenceParticipant(Record, table=True):
    __tablename__ = "conference_participant"
    __table_args__ = (
        length_check("name", 1, 200),
        Index("ix_conference_participant_conference", "conference_id"),
    )

    conference_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("conference.id", ondelete="CASCADE"),
                         nullable=False))
    name: str = Field(sa_type=String(200), nullable=False)
    organisation: str = Field(default="", sa_type=String(200), nullable=False)
    external: bool = Field(default=False, nullable=False)
    worker_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True))
    attended: bool | None = Field(default=None, nullable=True)
    # for external participants: the disclosure check's answer when invited
    disclosure_ok: bool = Field(default=False, nullable=False)
    disclosure_note: str = Field(default="", sa_type=String(500), nullable=False)


class ConferenceDecision(Record, table=True):
    """A decision of a conference, and what it became (a follow-up in the owner's queue,
    and for measures a measure in the plan)."""

    __tablename__ = "conference_decision"
    __table_args__ = (
        enum_check("kind", DecisionKind),
        length_check("text", 1, 500),
        Index("ix_conference_decision_conference", "conference_id"),
    )

    conference_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("conference.id", ondelete="CASCADE"),
                         nullable=False))
    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False,
                         index=True))
    text: str = Field(sa_type=String(500), nullable=False)
    kind: str = Field(sa_type=String(10), nullable=False)
    owner_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("worker.id"),
                                                 nullable=False))
    due_date: date = Field(nullable=False)
    follow_up_id: uuid.UUID | None = Field(default=None, nullable=True)
    goal_id: uuid.UUID | None = Field(default=None, nullable=True)


class CostItem(Record, table=True):
    """Provider, cost bearer, legal basis and cost of a measure or a referral."""

    __tablename__ = "cost_item"
    __table_args__ = (
        CheckConstraint("(goal_id IS NULL) <> (referral_id IS NULL)", name="one_subject"),
        CheckConstraint(f"planned_cents IS NULL OR (planned_cents >= 0 AND planned_cents <= "
                        f"{MAX_CENTS})", name="planned_range"),
        CheckConstraint(f"actual_cents IS NULL OR (actual_cents >= 0 AND actual_cents <= "
                        f"{MAX_CENTS})", name="actual_range"),
        length_check("cost_bearer", 1, 200),
        Index("ix_cost_item_case", "case_id"),
        # Steering figures (0019_steerkeys), covering.
        Index("ix_cost_item_steer", "case_id", "offering_id", "goal_id", "cost_bearer",
              "planned_cents", "actual_cents"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False))
    goal_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("goal.id", ondelete="CASCADE"),
                                       nullable=True, unique=True))
    referral_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("referral.id", ondelete="CASCADE"),
                                       nullable=True, unique=True))
    offering_id: uuid.UUID | None = Field(default=None, nullable=True)
    provider: str = Field(default="", sa_type=String(200), nullable=False)
    cost_bearer: str = Field(sa_type=String(200), nullable=False)
    legal_basis: str = Field(default="", sa_type=String(200), nullable=False)
    planned_cents: int | None = Field(default=None, nullable=True)
    actual_cents: int | None = Field(default=None, nullable=True)


class PersonalBudget(Record, table=True):
    """A Persönliches Budget: amount, period and what it pays for."""

    __tablename__ = "personal_budget"
    __table_args__ = (
        CheckConstraint(f"amount_cents >= 0 AND amount_cents <= {MAX_CENTS}",
                        name="amount_range"),
        CheckConstraint("period_to >= period_from", name="period_order"),
        length_check("purpose", 1, 500),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False,
                         index=True))
    amount_cents: int = Field(nullable=False)
    period_from: date = Field(nullable=False)
    period_to: date = Field(nullable=False)
    purpose: str = Field(sa_type=String(500), nullable=False)
    cost_bearer: str = Field(default="", sa_type=String(200), nullable=False)


class CaseClosure(Record, table=True):
    """One closure of a case with its evaluation (a reopened and closed again case has
    several; the history stays)."""

    __tablename__ = "case_closure"
    __table_args__ = (
        Index("ix_case_closure_case", "case_id", "closed_on"),
        # Steering figures: the closures of a period with their outcome (0019_steerkeys).
        Index("ix_case_closure_steer", "closed_on", "case_id", "integrated_on",
              "aftercare_lasted", "gas_start", "gas_final"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False))
    closed_on: date = Field(nullable=False)
    closure_reason: str = Field(sa_type=String(24), nullable=False)
    client_view: str = Field(default="", sa_type=Text, nullable=False)
    no_evaluation_reason: str = Field(default="", sa_type=Text, nullable=False)
    gas_start: float | None = Field(default=None, nullable=True)
    gas_final: float | None = Field(default=None, nullable=True)
    goals_total: int = Field(default=0, nullable=False)
    goals_achieved: int = Field(default=0, nullable=False)
    integrated_on: date | None = Field(default=None, nullable=True)
    aftercare_due: date | None = Field(default=None, nullable=True)
    aftercare_follow_up_id: uuid.UUID | None = Field(default=None, nullable=True)
    aftercare_on: date | None = Field(default=None, nullable=True)
    aftercare_lasted: bool | None = Field(default=None, nullable=True)
    reopened_on: date | None = Field(default=None, nullable=True)
    worker_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True))
