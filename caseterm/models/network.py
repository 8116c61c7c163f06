"""The client's network map (Netzwerkkarte): dated versions, the people on it, their ties."""

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

from caseterm.core.network import ClientTie, Sector
from caseterm.models.base import Record, enum_check, length_check


class NetworkMap(Record, table=True):
    __tablename__ = "network_map"
    __table_args__ = (
        UniqueConstraint("case_id", "drawn_on", name="uq_network_map_case_day"),
    )

    case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("casefile.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    drawn_on: date = Field(nullable=False)
    author_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("worker.id"), nullable=True)
    )
    note: str = Field(default="", sa_type=Text, nullable=False)


class NetworkPerson(Record, table=True):
    __tablename__ = "network_person"
    __table_args__ = (
        enum_check("sector", Sector),
        enum_check("tie", ClientTie),
        length_check("name", 1, 100),
        CheckConstraint("closeness >= 1 AND closeness <= 9", name="closeness_in_rings"),
        CheckConstraint("NOT conflict OR tie != 'none'", name="conflict_needs_tie"),
        CheckConstraint(
            "s_emotional BETWEEN 0 AND 3 AND s_practical BETWEEN 0 AND 3 AND "
            "s_informational BETWEEN 0 AND 3 AND s_social BETWEEN 0 AND 3 AND "
            "s_linking BETWEEN 0 AND 3", name="support_range"),
        UniqueConstraint("map_id", "name_key", name="uq_network_person_map_name"),
    )

    map_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("network_map.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    name: str = Field(sa_type=String(100), nullable=False)
    name_key: str = Field(sa_type=String(100), nullable=False)
    role: str = Field(default="", sa_type=String(100), nullable=False)
    sector: str = Field(sa_type=String(16), nullable=False)
    closeness: int = Field(nullable=False)
    tie: str = Field(default=ClientTie.normal.value, sa_type=String(12), nullable=False)
    conflict: bool = Field(default=False, nullable=False)
    deceased: bool = Field(default=False, nullable=False)
    human: bool = Field(default=True, nullable=False)
    s_emotional: int = Field(default=0, nullable=False)
    s_practical: int = Field(default=0, nullable=False)
    s_informational: int = Field(default=0, nullable=False)
    s_social: int = Field(default=0, nullable=False)
    s_linking: int = Field(default=0, nullable=False)
    note: str = Field(default="", sa_type=Text, nullable=False)
    offering_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("service_offering.id",
                                                        ondelete="SET NULL"), nullable=True)
    )


class NetworkTie(Record, table=True):
    __tablename__ = "network_tie"
    __table_args__ = (
        CheckConstraint("a_id != b_id", name="not_to_oneself"),
        UniqueConstraint("a_id", "b_id", name="uq_network_tie_pair"),
        Index("ix_network_tie_b", "b_id"),
    )

    map_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("network_map.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    a_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("network_person.id", ondelete="CASCADE"),
                         nullable=False)
    )
    b_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("network_person.id", ondelete="CASCADE"),
                         nullable=False)
    )
