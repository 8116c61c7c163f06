"""Agreements (Kooperationsplan, Hilfeplan, Vereinbarung, Förderplan), their versions with a
frozen content snapshot, and the participants of each version with how each agreed."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, String, Text, UniqueConstraint, Uuid
from sqlmodel import Field

from caseterm.core.agreement import AgreedHow, AgreementType, ParticipantRole, VersionStatus
from caseterm.models.base import Record, enum_check, length_check


class Agreement(Record, table=True):
    __tablename__ = "agreement"
    __table_args__ = (enum_check("agreement_type", AgreementType),)

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    agreement_type: str = Field(sa_type=String(24), nullable=False)
    legal_basis: str = Field(default="", sa_type=String(80), nullable=False)
    title: str = Field(default="", sa_type=String(200), nullable=False)


class AgreementVersion(Record, table=True):
    __tablename__ = "agreement_version"
    __table_args__ = (
        enum_check("status", VersionStatus),
        UniqueConstraint("agreement_id", "number", name="uq_agreement_version_number"),
        Index("ix_agreement_version_status", "agreement_id", "status"),
    )

    agreement_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False)
    )
    number: int = Field(nullable=False)
    status: str = Field(default=VersionStatus.draft.value, sa_type=String(12), nullable=False)
    review_date: date = Field(nullable=False)
    duties_client: str = Field(default="", sa_type=Text, nullable=False)
    duties_agency: str = Field(default="", sa_type=Text, nullable=False)
    notes: str = Field(default="", sa_type=Text, nullable=False)
    language: str = Field(default="", sa_type=String(40), nullable=False)
    interpreter_used: bool = Field(default=False, nullable=False)
    # JSON snapshot of goals, measures, participants and duties, written when agreed.
    content: str = Field(default="", sa_type=Text, nullable=False)
    agreed_on: date | None = Field(default=None, nullable=True)
    agreed_by_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
    handed_over_at: datetime | None = Field(default=None, nullable=True)
    supersedes_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("agreement_version.id"), nullable=True)
    )


class AgreementParticipant(Record, table=True):
    __tablename__ = "agreement_participant"
    __table_args__ = (
        enum_check("role", ParticipantRole),
        enum_check("agreed_how", AgreedHow),
        length_check("name", 1, 200),
    )

    version_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("agreement_version.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    )
    position: int = Field(default=0, nullable=False)
    name: str = Field(sa_type=String(200), nullable=False)
    role: str = Field(sa_type=String(16), nullable=False)
    agreed_how: str = Field(default=AgreedHow.pending.value, sa_type=String(12), nullable=False)
    agreed_on: date | None = Field(default=None, nullable=True)
    note: str = Field(default="", sa_type=String(500), nullable=False)
