"""Workers: caseworkers, team leads, trainers, administrators."""

from __future__ import annotations

import uuid

from sqlalchemy import Column, String
from sqlmodel import Field

from caseterm.core.vocab import Bundesland, Role
from caseterm.models.base import Record, enum_check, length_check


class Worker(Record, table=True):
    __tablename__ = "worker"
    __table_args__ = (
        enum_check("role", Role),
        enum_check("land", Bundesland),
        length_check("username", 1, 64),
        length_check("display_name", 1, 120),
    )

    username: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    display_name: str = Field(sa_type=String(120), nullable=False)
    role: str = Field(default=Role.caseworker.value, sa_type=String(16), nullable=False)
    team: str = Field(default="", sa_type=String(120), nullable=False)
    office: str = Field(default="", sa_type=String(120), nullable=False)
    # The office's Bundesland decides public holidays; for BY/SN/TH also whether the
    # municipality is predominantly Catholic, and for BY whether it is Augsburg.
    land: str = Field(default=Bundesland.NW.value, sa_type=String(2), nullable=False)
    catholic_municipality: bool = Field(default=False, nullable=False)
    augsburg: bool = Field(default=False, nullable=False)
    deputy_id: uuid.UUID | None = Field(default=None, foreign_key="worker.id", nullable=True)
    team_lead_id: uuid.UUID | None = Field(default=None, foreign_key="worker.id", nullable=True)
    active: bool = Field(default=True, nullable=False)
    # The PostgreSQL role this worker connects as (a central office with one role per person);
    # empty where roles are shared, then the OS login is matched against `username`.
    db_role: str | None = Field(default=None, sa_column=Column(String(64), unique=True,
                                                               nullable=True))
