"""Cases and their phase history (the Case-Management-Regelkreis)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Text, Uuid
from sqlmodel import Field

from caseterm.core.vocab import CasePhase, ClosureReason, LegalArea
from caseterm.models.base import Record, enum_check, length_check


class Case(Record, table=True):
    __tablename__ = "casefile"
    __table_args__ = (
        enum_check("legal_area", LegalArea),
        enum_check("phase", CasePhase),
        enum_check("closure_reason", ClosureReason, nullable=True),
        length_check("case_number", 1, 40),
        CheckConstraint(
            "closed_on IS NULL OR closed_on >= opened_on", name="closed_after_opened"
        ),
        Index("ix_casefile_lead_phase", "lead_worker_id", "phase"),
        # "My cases" includes the ones a worker deputises (0006_scale_indexes).
        Index("ix_casefile_deputy_phase", "deputy_worker_id", "phase"),
        # Steering figures (0016_times): covering indexes, each in the order of its GROUP BY
        # and then the client, so distinct persons are counted while scanning.
        Index("ix_casefile_steer_client", "client_id", "opened_on", "closed_on"),
        Index("ix_casefile_steer_load", "lead_worker_id", "legal_area", "client_id",
              "opened_on", "closed_on"),
        Index("ix_casefile_steer_phase", "phase", "client_id", "opened_on", "closed_on",
              "phase_since"),
        # The case of a follow-up, referral, cost or closure, office-wide (0019_steerkeys).
        Index("ix_casefile_steer_key", "id", "client_id", "opened_on", "closed_on",
              "legal_area"),
    )

    case_number: str = Field(sa_column=Column(String(40), unique=True, nullable=False))
    client_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("client.id"), nullable=False, index=True)
    )
    legal_area: str = Field(sa_type=String(16), nullable=False)
    title: str = Field(default="", sa_type=String(200), nullable=False)
    lead_worker_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=False)
    )
    deputy_worker_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
    phase: str = Field(default=CasePhase.intake.value, sa_type=String(16), nullable=False)
    phase_since: datetime | None = Field(default=None, nullable=True)
    opened_on: date = Field(nullable=False)
    closed_on: date | None = Field(default=None, nullable=True)
    closure_reason: str | None = Field(default=None, sa_type=String(24), nullable=True)
    child_protection: bool = Field(default=False, nullable=False, index=True)
    # Stable integer key of the case in the search index (the FTS5 rowid); set on insert by
    # caseterm/models/intake.py. Not SQLite's implicit rowid, which VACUUM may renumber.
    search_key: int | None = Field(default=None, nullable=True, index=True)
    # Restriction (Sperrung, Art. 18 DSGVO, § 84 SGB X) and legal hold (0011_privacy):
    # a restricted case is kept but hidden from normal work; a hold stops every erasure.
    restricted_on: date | None = Field(default=None, nullable=True)
    restriction_reason: str = Field(default="", sa_type=Text, nullable=False)
    legal_hold: bool = Field(default=False, nullable=False)
    legal_hold_reason: str = Field(default="", sa_type=Text, nullable=False)


class PhaseChange(Record, table=True):
    __tablename__ = "phase_change"
    __table_args__ = (
        enum_check("from_phase", CasePhase, nullable=True),
        enum_check("to_phase", CasePhase),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    from_phase: str | None = Field(default=None, sa_type=String(16), nullable=True)
    to_phase: str = Field(sa_type=String(16), nullable=False)
    at: datetime = Field(nullable=False)
    worker_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
    reason: str = Field(default="", sa_type=Text, nullable=False)
