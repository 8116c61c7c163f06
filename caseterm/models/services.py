"""The service directory of the Sozialraum (providers, offerings) and unmet needs."""

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

from caseterm.core.directory import Category
from caseterm.models.base import Record, enum_check, length_check


class ServiceProvider(Record, table=True):
    __tablename__ = "service_provider"
    __table_args__ = (length_check("name", 1, 200),)

    name: str = Field(sa_column=Column(String(200), unique=True, nullable=False))
    district: str = Field(default="", sa_type=String(120), nullable=False)
    address: str = Field(default="", sa_type=String(300), nullable=False)
    phone: str = Field(default="", sa_type=String(60), nullable=False)
    email: str = Field(default="", sa_type=String(200), nullable=False)
    website: str = Field(default="", sa_type=String(300), nullable=False)
    notes: str = Field(default="", sa_type=Text, nullable=False)


class ServiceOffering(Record, table=True):
    __tablename__ = "service_offering"
    __table_args__ = (
        enum_check("category", Category),
        length_check("title", 1, 200),
        CheckConstraint("waiting_weeks IS NULL OR waiting_weeks >= 0", name="waiting_positive"),
        UniqueConstraint("provider_id", "title", name="uq_service_offering_provider_title"),
        Index("ix_service_offering_order", "category", "title"),
    )

    provider_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("service_provider.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    )
    title: str = Field(sa_type=String(200), nullable=False)
    category: str = Field(sa_type=String(24), nullable=False)
    district: str = Field(default="", sa_type=String(120), nullable=False)
    cost_bearer: str = Field(default="", sa_type=String(200), nullable=False)
    languages: str = Field(default="", sa_type=String(200), nullable=False)
    waiting_weeks: int | None = Field(default=None, nullable=True)
    contact: str = Field(default="", sa_type=String(300), nullable=False)
    notes: str = Field(default="", sa_type=Text, nullable=False)
    search_key: str = Field(default="", sa_type=Text, nullable=False)


class UnmetNeed(Record, table=True):
    __tablename__ = "unmet_need"
    __table_args__ = (
        enum_check("category", Category, nullable=True),
        CheckConstraint("length(need) >= 1", name="need_not_empty"),
        Index("ix_unmet_need_domain_district", "domain_id", "district"),
    )

    case_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="SET NULL"),
                                       nullable=True, index=True)
    )
    domain_id: str = Field(sa_type=String(40), nullable=False)
    need: str = Field(sa_type=Text, nullable=False)
    district: str = Field(default="", sa_type=String(120), nullable=False)
    category: str | None = Field(default=None, sa_type=String(24), nullable=True)
    recorded_on: date = Field(nullable=False)
    author_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
