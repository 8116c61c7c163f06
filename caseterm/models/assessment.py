"""Assessments: dated, repeatable reviews of the life domains of a scheme (data/schemes/)."""

from __future__ import annotations

import uuid
from datetime import date

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

from caseterm.core.schemes import Urgency
from caseterm.models.base import Record, enum_check, length_check


class Assessment(Record, table=True):
    __tablename__ = "assessment"
    __table_args__ = (
        length_check("scheme_id", 1, 40),
        CheckConstraint("completed_on IS NULL OR completed_on >= assessed_on",
                        name="completed_after_assessed"),
        Index("ix_assessment_case_date", "case_id", "assessed_on"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False)
    )
    scheme_id: str = Field(sa_type=String(40), nullable=False)
    assessed_on: date = Field(nullable=False)
    completed_on: date | None = Field(default=None, nullable=True)
    author_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
    note: str = Field(default="", sa_type=Text, nullable=False)


class AssessmentDomain(Record, table=True):
    __tablename__ = "assessment_domain"
    __table_args__ = (
        enum_check("urgency", Urgency),
        CheckConstraint("rating IS NULL OR (rating >= 0 AND rating <= 10)", name="rating_range"),
        UniqueConstraint("assessment_id", "domain_id", name="uq_assessment_domain_entry"),
    )

    assessment_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    domain_id: str = Field(sa_type=String(40), nullable=False)
    strengths: str = Field(default="", sa_type=Text, nullable=False)
    problems: str = Field(default="", sa_type=Text, nullable=False)
    client_view: str = Field(default="", sa_type=Text, nullable=False)
    worker_view: str = Field(default="", sa_type=Text, nullable=False)
    urgency: str = Field(default=Urgency.none.value, sa_type=String(8), nullable=False)
    rating: int | None = Field(default=None, nullable=True)
