"""Referrals (Vermittlungen) to an offering of the service directory or to another legal
area's specialist, with the consent check and a feedback loop (methods.md §7, seed 004)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Text, Uuid
from sqlmodel import Field

from caseterm.core.referrals import (  # noqa: F401 - the vocabulary lives in core
    FEEDBACK_DONE,
    ConsentBasis,
    LegalException,
    ReferralStatus,
    ReferralTarget,
)
from caseterm.core.vocab import LegalArea
from caseterm.models.base import Record, enum_check, length_check


class Referral(Record, table=True):
    __tablename__ = "referral"
    __table_args__ = (
        enum_check("target", ReferralTarget),
        enum_check("status", ReferralStatus),
        enum_check("consent_basis", ConsentBasis),
        enum_check("legal_exception", LegalException, nullable=True),
        enum_check("target_legal_area", LegalArea, nullable=True),
        length_check("recipient", 1, 200),
        CheckConstraint(
            "consent_basis = 'consent' OR length(exception_reason) >= 1",
            name="exception_has_reason",
        ),
        Index("ix_referral_case_status", "case_id", "status"),
        # Steering figures per provider (0019_steerkeys), covering.
        Index("ix_referral_steer", "recipient", "sent_on", "case_id", "status", "id"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False)
    )
    target: str = Field(default=ReferralTarget.offering.value, sa_type=String(12),
                        nullable=False)
    # The service directory belongs to another part of caseterm: kept as a loose reference.
    offering_id: uuid.UUID | None = Field(default=None, nullable=True)
    target_legal_area: str | None = Field(default=None, sa_type=String(16), nullable=True)
    recipient: str = Field(sa_type=String(200), nullable=False)
    contact: str = Field(default="", sa_type=String(200), nullable=False)
    purpose: str = Field(default="", sa_type=Text, nullable=False)
    status: str = Field(default=ReferralStatus.sent.value, sa_type=String(20), nullable=False)
    sent_on: date = Field(nullable=False)
    feedback_due: date = Field(nullable=False)
    consent_basis: str = Field(default=ConsentBasis.consent.value, sa_type=String(16),
                               nullable=False)
    legal_exception: str | None = Field(default=None, sa_type=String(20), nullable=True)
    exception_reason: str = Field(default="", sa_type=Text, nullable=False)
    child_protection_concern: bool = Field(default=False, nullable=False)
    feedback: str = Field(default="", sa_type=Text, nullable=False)
    worker_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
    # The receiving worker of another legal area / internal service (0009_people): the
    # referral is in her inbox and she answers it; she sees only what the referral shares.
    recipient_worker_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True,
                                       index=True))


class ReferralEvent(Record, table=True):
    """The history of a referral: every status change with its note."""

    __tablename__ = "referral_event"
    __table_args__ = (
        enum_check("status", ReferralStatus),
        Index("ix_referral_event_referral_at", "referral_id", "at"),
        # Steering figures (0016_times): when help started, per referral, covering.
        Index("ix_referral_event_status", "status", "referral_id", "at"),
    )

    referral_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("referral.id", ondelete="CASCADE"), nullable=False)
    )
    status: str = Field(sa_type=String(20), nullable=False)
    at: datetime = Field(nullable=False)
    worker_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
    note: str = Field(default="", sa_type=Text, nullable=False)
