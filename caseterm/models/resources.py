"""The resource map (Ressourcenkarte): strengths and resources in four fields."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Text, Uuid
from sqlmodel import Field

from caseterm.core.schemes import ResourceField, ResourceSource, ResourceStatus
from caseterm.models.base import Record, enum_check


class Resource(Record, table=True):
    __tablename__ = "resource"
    __table_args__ = (
        enum_check("field", ResourceField),
        enum_check("status", ResourceStatus),
        enum_check("source", ResourceSource),
        CheckConstraint("length(text) >= 1", name="text_not_empty"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    field: str = Field(sa_type=String(16), nullable=False)
    text: str = Field(sa_type=Text, nullable=False)
    status: str = Field(default=ResourceStatus.available.value, sa_type=String(12),
                        nullable=False)
    source: str = Field(default=ResourceSource.client.value, sa_type=String(8), nullable=False)
    noted_on: date = Field(nullable=False)
    # A formal resource linked from the service directory.
    offering_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("service_offering.id",
                                                        ondelete="SET NULL"), nullable=True)
    )
